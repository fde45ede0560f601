import { EksCluster, type EksClusterProps } from '../../../constructs/compute/eks-cluster';
import { type TerraformJson, resourceAt, resourcesOf, synthStack, testStack } from '../../helpers';
import { ADDON_VERSIONS, testNetwork } from './fixtures';

function build(props: Partial<EksClusterProps> = {}): TerraformJson {
  const stack = testStack();
  new EksCluster(stack, 'eks', {
    name: 'test-eks',
    kubernetesVersion: '1.35',
    network: testNetwork(stack),
    nodeGroups: { system: { instanceTypes: ['m7i.large'], minSize: 1, desiredSize: 2, maxSize: 3 } },
    addonVersions: ADDON_VERSIONS,
    ...props,
  });
  return synthStack(stack);
}

const values = (json: TerraformJson, type: string) => Object.values(resourcesOf(json, type));
const ref = (type: string, path: string, attribute: string) => new RegExp(`^\\$\\{${type}\\.${path}_[0-9A-F]{8}\\.${attribute}\\}$`);

describe('EksCluster', () => {
  describe('creates a cluster with minimal props', () => {
    let json: TerraformJson;
    let cluster: TerraformJson;
    beforeAll(() => {
      json = build();
      cluster = resourceAt(json, 'aws_eks_cluster', 'eks/cluster');
    });

    it('on the pinned version, with STANDARD support and deletion protection on', () => {
      expect(cluster).toMatchObject({ name: 'test-eks', version: '1.35', upgrade_policy: { support_type: 'STANDARD' }, deletion_protection: true });
    });

    it('with secrets envelope-encrypted by its own rotating customer-managed key', () => {
      expect(cluster.encryption_config).toEqual({ resources: ['secrets'], provider: { key_arn: expect.stringMatching(ref('aws_kms_key', 'eks_key', 'arn')) } });
      expect(resourceAt(json, 'aws_kms_key', 'eks/key/key')).toMatchObject({ enable_key_rotation: true, description: expect.stringContaining('test-eks') });
      expect(resourceAt(json, 'aws_kms_alias', 'eks/key/alias').name).toBe('alias/test-eks-eks');
    });

    it('with all five control-plane log types into a KMS-encrypted group created first (365 days)', () => {
      expect(cluster.enabled_cluster_log_types).toEqual(['api', 'audit', 'authenticator', 'controllerManager', 'scheduler']);
      expect(resourceAt(json, 'aws_cloudwatch_log_group', 'eks/control-plane-logs')).toMatchObject({
        name: '/aws/eks/test-eks/cluster',
        retention_in_days: 365,
        kms_key_id: expect.stringMatching(ref('aws_kms_key', 'eks_key', 'arn')),
      });
      expect(cluster.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_cloudwatch_log_group\.eks_control-plane-logs_[0-9A-F]{8}$/)]));
    });

    it('with a private endpoint only, in the private subnets', () => {
      expect(cluster.vpc_config).toMatchObject({ endpoint_private_access: true, endpoint_public_access: false });
      expect(cluster.vpc_config.public_access_cidrs).toBeUndefined();
      expect(cluster.vpc_config.subnet_ids).toEqual([
        expect.stringMatching(ref('aws_subnet', 'net_subnet-private-eu-west-1a', 'id')),
        expect.stringMatching(ref('aws_subnet', 'net_subnet-private-eu-west-1b', 'id')),
      ]);
    });

    it('with API authentication and no cluster-creator admin, no self-managed bootstrap add-ons', () => {
      expect(cluster.access_config).toEqual({ authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: false });
      expect(cluster.bootstrap_self_managed_addons).toBe(false);
      expect(resourcesOf(json, 'aws_eks_access_entry')).toEqual({});
    });

    it('with an OIDC provider for the cluster issuer', () => {
      expect(resourceAt(json, 'aws_iam_openid_connect_provider', 'eks/oidc/provider')).toMatchObject({
        url: expect.stringMatching(/^\$\{aws_eks_cluster\.eks_cluster_[0-9A-F]{8}\.identity\[0\]\.oidc\[0\]\.issuer\}$/),
        client_id_list: ['sts.amazonaws.com'],
      });
    });

    it('with the six add-ons at the pinned versions, conflicts overwritten', () => {
      const addons = values(json, 'aws_eks_addon');
      expect(Object.fromEntries(addons.map((a) => [a.addon_name, a.addon_version]))).toEqual(Object.fromEntries([
        ['vpc-cni', 'v1.21.1-eksbuild.1'],
        ['kube-proxy', 'v1.35.0-eksbuild.2'],
        ['eks-pod-identity-agent', 'v1.3.10-eksbuild.1'],
        ['coredns', 'v1.13.2-eksbuild.1'],
        ['aws-ebs-csi-driver', 'v1.54.0-eksbuild.1'],
        ['amazon-cloudwatch-observability', 'v4.8.0-eksbuild.1'],
      ]));
      expect(addons.every((a) => a.resolve_conflicts_on_create === 'OVERWRITE' && a.resolve_conflicts_on_update === 'OVERWRITE')).toBe(true);
    });

    it('with network policy enforcement and its own IRSA role on vpc-cni, created before the nodes', () => {
      const cni = resourceAt(json, 'aws_eks_addon', 'eks/addon-vpc-cni');
      expect(JSON.parse(cni.configuration_values)).toEqual({ enableNetworkPolicy: 'true' });
      expect(cni.service_account_role_arn).toMatch(ref('aws_iam_role', 'eks_vpc-cni-role', 'arn'));
      expect(cni.depends_on).toBeUndefined();
      const group = resourceAt(json, 'aws_eks_node_group', 'eks/node-group-system/node-group');
      expect(group.depends_on).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^aws_eks_addon\.eks_addon-vpc-cni_[0-9A-F]{8}$/),
          expect.stringMatching(/^aws_eks_addon\.eks_addon-kube-proxy_[0-9A-F]{8}$/),
          expect.stringMatching(/^aws_kms_grant\.eks_node-volume-grant_[0-9A-F]{8}$/),
        ]),
      );
    });

    it('with coredns, the EBS CSI driver and CloudWatch observability after the nodes, IRSA roles on the last two', () => {
      const nodeGroup = /^aws_eks_node_group\.eks_node-group-system_node-group_[0-9A-F]{8}$/;
      for (const name of ['coredns', 'aws-ebs-csi-driver', 'amazon-cloudwatch-observability']) {
        expect(resourceAt(json, 'aws_eks_addon', `eks/addon-${name}`).depends_on).toEqual(expect.arrayContaining([expect.stringMatching(nodeGroup)]));
      }
      expect(resourceAt(json, 'aws_eks_addon', 'eks/addon-coredns').service_account_role_arn).toBeUndefined();
      expect(resourceAt(json, 'aws_eks_addon', 'eks/addon-aws-ebs-csi-driver').service_account_role_arn).toMatch(ref('aws_iam_role', 'eks_ebs-csi-role', 'arn'));
      expect(resourceAt(json, 'aws_eks_addon', 'eks/addon-amazon-cloudwatch-observability').service_account_role_arn).toMatch(
        ref('aws_iam_role', 'eks_cloudwatch-role', 'arn'),
      );
    });

    it('with IRSA roles bound to the add-ons service accounts and their managed policies', () => {
      const subjects = ['vpc-cni', 'ebs-csi', 'cloudwatch'].map((role) => {
        const policy: string = resourceAt(json, 'aws_iam_role', `eks/${role}-role`).assume_role_policy;
        return /"system:serviceaccount:[^"]+"/.exec(policy)?.[0];
      });
      expect(subjects).toEqual([
        '"system:serviceaccount:kube-system:aws-node"',
        '"system:serviceaccount:kube-system:ebs-csi-controller-sa"',
        '"system:serviceaccount:amazon-cloudwatch:cloudwatch-agent"',
      ]);
      expect(resourceAt(json, 'aws_iam_role_policy_attachment', 'eks/vpc-cni-role/managed-policy-0').policy_arn).toMatch(/:iam::aws:policy\/AmazonEKS_CNI_Policy$/);
      expect(resourceAt(json, 'aws_iam_role_policy_attachment', 'eks/ebs-csi-role/managed-policy-0').policy_arn).toMatch(
        /:iam::aws:policy\/service-role\/AmazonEBSCSIDriverPolicy$/,
      );
      expect(resourceAt(json, 'aws_iam_role_policy_attachment', 'eks/cloudwatch-role/managed-policy-0').policy_arn).toMatch(/:iam::aws:policy\/CloudWatchAgentServerPolicy$/);
    });

    it('with only the worker and ECR pull policies on the node role (no CNI policy)', () => {
      const nodePolicies = Object.entries(resourcesOf(json, 'aws_iam_role_policy_attachment'))
        .filter(([name]) => name.startsWith('eks_node-policy-'))
        .map(([, attachment]) => String(attachment.policy_arn).replace(/^.*:policy\//, ''));
      expect(nodePolicies.sort()).toEqual(['AmazonEC2ContainerRegistryPullOnly', 'AmazonEKSWorkerNodePolicy']);
    });

    it('with the cluster role limited to envelope encryption on its key', () => {
      const policy = JSON.parse(resourceAt(json, 'aws_iam_role_policy', 'eks/cluster-key-policy').policy);
      expect(policy.Statement).toEqual([
        expect.objectContaining({ Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey'], Resource: expect.stringMatching(ref('aws_kms_key', 'eks_key', 'arn')) }),
      ]);
    });

    it('with a key grant letting Auto Scaling launch nodes with encrypted volumes', () => {
      expect(resourceAt(json, 'aws_kms_grant', 'eks/node-volume-grant')).toMatchObject({
        grantee_principal: expect.stringMatching(/:role\/aws-service-role\/autoscaling\.amazonaws\.com\/AWSServiceRoleForAutoScaling$/),
        operations: expect.arrayContaining(['Decrypt', 'GenerateDataKeyWithoutPlaintext', 'CreateGrant']),
      });
    });

    it('with encrypted Container Insights log groups created before the observability add-on', () => {
      const groups = values(json, 'aws_cloudwatch_log_group').filter((g) => String(g.name).startsWith('/aws/containerinsights/'));
      expect(groups.map((g) => g.name)).toEqual(['application', 'dataplane', 'host', 'performance'].map((g) => `/aws/containerinsights/test-eks/${g}`));
      expect(groups.every((g) => g.retention_in_days === 365 && typeof g.kms_key_id === 'string')).toBe(true);
      expect(resourceAt(json, 'aws_eks_addon', 'eks/addon-amazon-cloudwatch-observability').depends_on).toEqual(
        expect.arrayContaining([expect.stringMatching(/^aws_cloudwatch_log_group\.eks_container-insights-performance_[0-9A-F]{8}$/)]),
      );
    });

    it('with described security groups, no ingress from anywhere and HTTPS as the only wide egress', () => {
      for (const group of values(json, 'aws_security_group')) {
        if (group.name === 'test-net-vpc-endpoints') continue;
        expect(group.description).toEqual(expect.any(String));
        expect(group.ingress).toBeUndefined();
        expect(group.egress).toBeUndefined();
      }
      const ingress = values(json, 'aws_vpc_security_group_ingress_rule').filter((r) => String(r.description) !== 'HTTPS from inside the VPC');
      expect(ingress.every((r) => r.cidr_ipv4 !== '0.0.0.0/0' && r.description)).toBe(true);
      const wide = values(json, 'aws_vpc_security_group_egress_rule').filter((r) => r.cidr_ipv4 === '0.0.0.0/0');
      expect(wide).toEqual([expect.objectContaining({ ip_protocol: 'tcp', from_port: 443, to_port: 443, description: expect.stringContaining('AWS APIs') })]);
      expect(resourceAt(json, 'aws_security_group', 'eks/node-sg').tags).toEqual({ Name: 'test-eks-nodes', 'kubernetes.io/cluster/test-eks': 'owned' });
    });

    it('with the control plane reachable on 443 from the nodes only', () => {
      expect(resourceAt(json, 'aws_vpc_security_group_ingress_rule', 'eks/control-plane-ingress-nodes')).toMatchObject({
        ip_protocol: 'tcp',
        from_port: 443,
        to_port: 443,
        referenced_security_group_id: expect.stringMatching(ref('aws_security_group', 'eks_node-sg', 'id')),
      });
      expect(Object.keys(resourcesOf(json, 'aws_vpc_security_group_ingress_rule')).filter((n) => n.startsWith('eks_control-plane-ingress-'))).toHaveLength(1);
    });
  });

  describe('from all props', () => {
    let json: TerraformJson;
    beforeAll(() => {
      json = build({
        logRetentionDays: 30,
        endpointPublicAccess: true,
        publicAccessCidrs: ['203.0.113.0/24'],
        apiAccessCidrs: ['10.20.0.0/20'],
        deletionProtection: false,
        nodeMetadataHopLimit: 2,
        supportType: 'EXTENDED',
        nodeIngress: [{ key: 'vault-lb', description: 'Vault from its load balancer', port: 8200, securityGroupId: 'sg-vault-lb' }],
        nodeEgress: [{ key: 'postgres', description: 'PostgreSQL', port: 5432, cidrIpv4: '10.10.96.0/24' }],
        accessEntries: [
          { principalArn: 'arn:aws:iam::111111111111:role/platform-admin', policy: 'AmazonEKSClusterAdminPolicy', scope: { type: 'cluster' } },
          { principalArn: 'arn:aws:iam::111111111111:role/team/app-deployer', policy: 'AmazonEKSEditPolicy', scope: { type: 'namespace', namespaces: ['apps'] } },
        ],
      });
    });

    it('opens the public endpoint to the allow-list only', () => {
      expect(resourceAt(json, 'aws_eks_cluster', 'eks/cluster')).toMatchObject({
        deletion_protection: false,
        upgrade_policy: { support_type: 'EXTENDED' },
        vpc_config: { endpoint_private_access: true, endpoint_public_access: true, public_access_cidrs: ['203.0.113.0/24'] },
      });
    });

    it('admits the extra private range on the API and the extra node paths', () => {
      expect(resourceAt(json, 'aws_vpc_security_group_ingress_rule', 'eks/control-plane-ingress-cidr-0')).toMatchObject({ cidr_ipv4: '10.20.0.0/20', from_port: 443 });
      expect(resourceAt(json, 'aws_vpc_security_group_ingress_rule', 'eks/node-ingress-vault-lb')).toMatchObject({
        referenced_security_group_id: 'sg-vault-lb',
        from_port: 8200,
        to_port: 8200,
        description: 'Vault from its load balancer',
      });
      expect(resourceAt(json, 'aws_vpc_security_group_egress_rule', 'eks/node-egress-postgres')).toMatchObject({ cidr_ipv4: '10.10.96.0/24', from_port: 5432, ip_protocol: 'tcp' });
    });

    it('maps a group-only access entry to its Kubernetes groups without any access policy', () => {
      const groups = build({ accessEntries: [{ principalArn: 'arn:aws:iam::111111111111:role/tfc-plan', kubernetesGroups: ['tfc-plan:addons'] }] });
      expect(values(groups, 'aws_eks_access_entry')).toEqual([
        expect.objectContaining({ principal_arn: 'arn:aws:iam::111111111111:role/tfc-plan', kubernetes_groups: ['tfc-plan:addons'], type: 'STANDARD' }),
      ]);
      expect(values(groups, 'aws_eks_access_policy_association')).toEqual([]);
    });

    it('creates typed access entries with cluster and namespace scopes', () => {
      expect(values(json, 'aws_eks_access_entry').map((e) => [e.principal_arn, e.type]).sort()).toEqual([
        ['arn:aws:iam::111111111111:role/platform-admin', 'STANDARD'],
        ['arn:aws:iam::111111111111:role/team/app-deployer', 'STANDARD'],
      ]);
      const associations = values(json, 'aws_eks_access_policy_association').sort((a, b) => String(a.policy_arn).localeCompare(String(b.policy_arn)));
      expect(associations.map((a) => [String(a.policy_arn).replace(/^.*cluster-access-policy\//, ''), a.access_scope])).toEqual([
        ['AmazonEKSClusterAdminPolicy', { type: 'cluster' }],
        ['AmazonEKSEditPolicy', { type: 'namespace', namespaces: ['apps'] }],
      ]);
      expect(associations[0].depends_on).toEqual([expect.stringMatching(/^aws_eks_access_entry\.eks_access-platform-admin_[0-9A-F]{8}$/)]);
    });

    it('uses the given retention and hop limit', () => {
      expect(resourceAt(json, 'aws_cloudwatch_log_group', 'eks/control-plane-logs').retention_in_days).toBe(30);
      expect(resourceAt(json, 'aws_launch_template', 'eks/node-group-system/launch-template').metadata_options.http_put_response_hop_limit).toBe(2);
    });
  });

  describe('fails', () => {
    it('when the Kubernetes version is out of standard support', () => {
      expect(() => build({ kubernetesVersion: '1.33', addonVersions: { ...ADDON_VERSIONS, kubeProxy: 'v1.33.0-eksbuild.1' } })).toThrow(
        'test/eks: kubernetesVersion: expected a version in EKS standard support (1.35, 1.36), got "1.33"',
      );
    });

    it('when the public endpoint has no allow-list', () => {
      expect(() => build({ endpointPublicAccess: true })).toThrow('test/eks: publicAccessCidrs: a public endpoint needs an explicit allow-list of CIDRs, got none');
    });

    it('when the allow-list contains 0.0.0.0/0', () => {
      expect(() => build({ endpointPublicAccess: true, publicAccessCidrs: ['0.0.0.0/0'] })).toThrow(
        'test/eks: publicAccessCidrs[0]: a /0 range admits the whole internet; list the ranges that need access, got "0.0.0.0/0"',
      );
    });

    it('when CIDRs are given without a public endpoint, or are of the wrong kind, reporting all', () => {
      expect(() => build({ publicAccessCidrs: ['10.0.0.0/8'], apiAccessCidrs: ['8.8.8.0/24'] })).toThrow(
        'test/eks: publicAccessCidrs: only used with endpointPublicAccess: true, got ["10.0.0.0/8"]; ' +
          'publicAccessCidrs[0]: private ranges never reach the public endpoint; expected a public range, got "10.0.0.0/8"; ' +
          'apiAccessCidrs[0]: expected a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10), got "8.8.8.0/24"',
      );
    });

    it('when kube-proxy does not match the cluster minor version', () => {
      expect(() => build({ addonVersions: { ...ADDON_VERSIONS, kubeProxy: 'v1.34.1-eksbuild.1' } })).toThrow(
        `test/eks: addonVersions.kubeProxy: must match the cluster's minor version 1.35, got "v1.34.1-eksbuild.1"`,
      );
    });

    it('when an add-on version is not an EKS build', () => {
      expect(() => build({ addonVersions: { ...ADDON_VERSIONS, coredns: 'latest' } })).toThrow(
        'test/eks: addonVersions.coredns: expected an EKS add-on version like v1.20.1-eksbuild.3, got "latest"',
      );
    });

    it('when there is no node group, or a group is sized wrong', () => {
      expect(() => build({ nodeGroups: {} })).toThrow('test/eks: nodeGroups: expected at least one node group');
      expect(() => build({ nodeGroups: { system: { instanceTypes: ['m7i.large'], minSize: 2, desiredSize: 1, maxSize: 3 } } })).toThrow(
        'test/eks: nodeGroups.system: expected minSize <= desiredSize <= maxSize, got 2 / 1 / 3',
      );
    });

    it('when an access entry is an IAM user, repeats a role or has an empty namespace scope', () => {
      const admin = 'arn:aws:iam::111111111111:role/platform-admin';
      expect(() =>
        build({
          accessEntries: [
            { principalArn: 'arn:aws:iam::111111111111:user/alice', policy: 'AmazonEKSViewPolicy', scope: { type: 'cluster' } },
            { principalArn: admin, policy: 'AmazonEKSAdminPolicy', scope: { type: 'namespace', namespaces: [] } },
            { principalArn: admin, policy: 'AmazonEKSViewPolicy', scope: { type: 'cluster' } },
          ],
        }),
      ).toThrow(
        'test/eks: accessEntries[0].principalArn: expected an IAM role ARN (arn:aws:iam::<account>:role/<name>), got "arn:aws:iam::111111111111:user/alice"; ' +
          'accessEntries[1].scope.namespaces: a namespace scope needs at least one namespace; ' +
          `accessEntries[2].principalArn: each role may have one access entry, got "${admin}" twice`,
      );
    });

    it('when an access entry grants nothing, pairs a scope without a policy, or maps to a reserved group', () => {
      expect(() =>
        build({
          accessEntries: [
            { principalArn: 'arn:aws:iam::111111111111:role/nothing' },
            { principalArn: 'arn:aws:iam::111111111111:role/scoped', scope: { type: 'cluster' }, kubernetesGroups: ['readers'] },
            { principalArn: 'arn:aws:iam::111111111111:role/reserved', kubernetesGroups: ['system:masters', 'eks:x'] },
          ],
        }),
      ).toThrow(
        'test/eks: accessEntries[0]: expected an access policy or Kubernetes groups (an entry with neither grants nothing); ' +
          'accessEntries[1].scope: a scope goes with an access policy and only with one; ' +
          'accessEntries[2].kubernetesGroups: expected a group name not starting with system:, eks:, amazon:, aws: or iam:, got "system:masters"; ' +
          'accessEntries[2].kubernetesGroups: expected a group name not starting with system:, eks:, amazon:, aws: or iam:, got "eks:x"',
      );
    });

    it("when an access entry's role belongs to an account outside accessEntryAccountIds", () => {
      expect(() =>
        build({
          accessEntryAccountIds: ['111111111111'],
          accessEntries: [
            { principalArn: 'arn:aws:iam::111111111111:role/platform-admin', policy: 'AmazonEKSClusterAdminPolicy', scope: { type: 'cluster' } },
            { principalArn: 'arn:aws:iam::999999999999:role/partner', policy: 'AmazonEKSViewPolicy', scope: { type: 'cluster' } },
          ],
        }),
      ).toThrow('test/eks: accessEntries[1].principalArn: account 999999999999 is not one of 111111111111, got "arn:aws:iam::999999999999:role/partner"');
    });

    it('when an extra node rule is open to the internet or names no peer', () => {
      expect(() =>
        build({
          nodeIngress: [{ key: 'open', description: 'anything', port: 22, cidrIpv4: '0.0.0.0/0' }],
          nodeEgress: [{ key: 'nowhere', description: 'nothing', port: 5432 }],
        }),
      ).toThrow(
        'test/eks: nodeIngress[0].cidrIpv4: a /0 range admits the whole internet; list the ranges that need access, got "0.0.0.0/0"; ' +
          'nodeEgress[0]: expected exactly one of cidrIpv4 and securityGroupId',
      );
    });

    it('when the log retention is not a CloudWatch value', () => {
      expect(() => build({ logRetentionDays: 10 })).toThrow('test/eks: logRetentionDays: expected one of the CloudWatch Logs retention values 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got 10');
    });
  });
});
