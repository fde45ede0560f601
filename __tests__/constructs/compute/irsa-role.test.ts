import { ClusterOidcProvider } from '../../../constructs/compute/cluster-oidc-provider';
import { IrsaRole, type IrsaRoleProps } from '../../../constructs/compute/irsa-role';
import { type TerraformJson, resourceAt, resourcesOf, synthStack, testStack } from '../../helpers';

const ISSUER = 'https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';

function build(props: Partial<IrsaRoleProps> = {}): TerraformJson {
  const stack = testStack();
  const oidcProvider = new ClusterOidcProvider(stack, 'oidc', { issuerUrl: ISSUER, name: 'test-eks' });
  new IrsaRole(stack, 'irsa', { name: 'test-eks-ebs-csi', oidcProvider, namespace: 'kube-system', serviceAccount: 'ebs-csi-controller-sa', ...props });
  return synthStack(stack);
}

function attempt(props: Partial<IrsaRoleProps>): () => void {
  return () => build(props);
}

describe('ClusterOidcProvider', () => {
  it('trusts only the sts.amazonaws.com audience and pins no thumbprint', () => {
    const provider = resourceAt(build(), 'aws_iam_openid_connect_provider', 'oidc/provider');
    expect(provider).toMatchObject({ url: ISSUER, client_id_list: ['sts.amazonaws.com'], tags: { Name: 'test-eks-oidc' } });
    expect(provider.thumbprint_list).toBeUndefined();
  });
});

describe('IrsaRole', () => {
  describe('creates a role with minimal props', () => {
    let json: TerraformJson;
    let trust: TerraformJson;
    beforeAll(() => {
      json = build();
      // The issuer host is a Terraform expression inside the JSON keys; stand it in to parse the document.
      const text: string = resourceAt(json, 'aws_iam_role', 'irsa/role').assume_role_policy;
      trust = JSON.parse(text.replaceAll(`\${replace("${ISSUER}", "https://", "")}`, 'ISSUER_HOST'));
    });

    it('trusted only by one service account of the cluster with the STS audience (StringEquals)', () => {
      expect(trust.Statement).toHaveLength(1);
      const [statement] = trust.Statement;
      expect(statement.Action).toBe('sts:AssumeRoleWithWebIdentity');
      expect(statement.Principal.Federated).toMatch(/^\$\{aws_iam_openid_connect_provider\.oidc_provider_[0-9A-F]{8}\.arn\}$/);
      expect(Object.keys(statement.Condition)).toEqual(['StringEquals']);
      expect(statement.Condition.StringEquals).toEqual({
        'ISSUER_HOST:sub': 'system:serviceaccount:kube-system:ebs-csi-controller-sa',
        'ISSUER_HOST:aud': 'sts.amazonaws.com',
      });
    });

    it('with a default description, a one-hour session and no policies', () => {
      expect(resourceAt(json, 'aws_iam_role', 'irsa/role')).toMatchObject({
        name: 'test-eks-ebs-csi',
        description: 'IRSA role for kube-system/ebs-csi-controller-sa',
        max_session_duration: 3600,
        tags: { Name: 'test-eks-ebs-csi', ServiceAccount: 'kube-system/ebs-csi-controller-sa' },
      });
      expect(resourcesOf(json, 'aws_iam_role_policy_attachment')).toEqual({});
      expect(resourcesOf(json, 'aws_iam_role_policy')).toEqual({});
    });
  });

  it('attaches managed policies and an inline policy from all props', () => {
    const json = build({
      description: 'EBS CSI driver',
      maxSessionDurationSeconds: 7200,
      managedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy'],
      statements: [{ Sid: 'ReadOneBucket', Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::bucket/*' }],
    });
    expect(resourceAt(json, 'aws_iam_role', 'irsa/role')).toMatchObject({ description: 'EBS CSI driver', max_session_duration: 7200 });
    expect(resourceAt(json, 'aws_iam_role_policy_attachment', 'irsa/managed-policy-0').policy_arn).toBe(
      'arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy',
    );
    expect(JSON.parse(resourceAt(json, 'aws_iam_role_policy', 'irsa/inline-policy').policy).Statement).toEqual([
      { Sid: 'ReadOneBucket', Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::bucket/*' },
    ]);
  });

  describe('fails', () => {
    it('when the namespace is a wildcard', () => {
      expect(attempt({ namespace: '*' })).toThrow(
        `test/irsa: namespace: expected a Kubernetes namespace name (lower-case letters, digits, '-'; no wildcards), got "*"`,
      );
    });

    it('when the service account is a wildcard', () => {
      expect(attempt({ serviceAccount: 'ebs-*' })).toThrow(
        `test/irsa: serviceAccount: expected a service account name (lower-case letters, digits, '-', '.'; no wildcards), got "ebs-*"`,
      );
    });

    it('when the role name is too long', () => {
      expect(attempt({ name: 'x'.repeat(65) })).toThrow(`test/irsa: name: expected an IAM role name of 1-64 letters, digits or +=,.@_-, got "${'x'.repeat(65)}"`);
    });

    it('when the session is longer than 12 hours', () => {
      expect(attempt({ maxSessionDurationSeconds: 50000 })).toThrow('test/irsa: maxSessionDurationSeconds: expected 3600-43200, got 50000');
    });

    it('when a managed policy is not an ARN', () => {
      expect(attempt({ managedPolicyArns: ['AmazonEBSCSIDriverPolicy'] })).toThrow('test/irsa: managedPolicyArns: expected an IAM policy ARN, got "AmazonEBSCSIDriverPolicy"');
    });

    it('when a statement allows a service wildcard or passes any role, reporting both', () => {
      expect(
        attempt({
          statements: [
            { Effect: 'Allow', Action: 's3:*', Resource: '*' },
            { Effect: 'Allow', Action: ['iam:PassRole'], Resource: '*' },
          ],
        }),
      ).toThrow('test/irsa: statements[0].Action: list the actions needed, got "s3:*"; statements[1]: iam:PassRole must name the roles it passes, got Resource "*"');
    });
  });
});
