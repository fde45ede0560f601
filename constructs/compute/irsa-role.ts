import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { type PolicyStatement, policyDocument } from '../security/policy-document';
import { type ClusterOidcProvider, STS_AUDIENCE } from './cluster-oidc-provider';

/** What an IRSA trust policy needs of a cluster's OIDC provider; a `ClusterOidcProvider` satisfies it. */
export type IrsaOidcProvider = Pick<ClusterOidcProvider, 'arn' | 'issuerHost'>;

/** A Kubernetes namespace name (RFC 1123 label). */
export const NAMESPACE_PATTERN = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** A service account name (RFC 1123 subdomain). */
const SERVICE_ACCOUNT_PATTERN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
/** An AWS-managed policy, e.g. `arn:aws:iam::aws:policy/AmazonEBSCSIDriverPolicy`. */
const MANAGED_POLICY_ARN = /^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/[\w+=,.@/-]+$/;

export interface IrsaRoleProps {
  /** IAM role name, e.g. `vaultplat-dev-tooling-ebs-csi`. */
  readonly name: string;
  /**
   * The cluster's OIDC provider (its ARN and issuer host); only tokens it issues are trusted. A stack other than the
   * cluster's passes the two values it received from the cluster stack.
   */
  readonly oidcProvider: IrsaOidcProvider;
  /** Namespace of the one service account allowed to assume the role. No wildcards. */
  readonly namespace: string;
  /** Name of the one service account allowed to assume the role. No wildcards. */
  readonly serviceAccount: string;
  /** @default - `IRSA role for <namespace>/<serviceAccount>` */
  readonly description?: string;
  /** Managed policies to attach (AWS-managed or of this account). @default - none */
  readonly managedPolicyArns?: readonly string[];
  /** Inline policy statements; `*` actions and `iam:PassRole` on `*` are rejected. @default - none */
  readonly statements?: readonly PolicyStatement[];
  /** Longest session, 3600-43200 s. @default 3600 */
  readonly maxSessionDurationSeconds?: number;
}

/**
 * An IAM role for one Kubernetes service account (IRSA): trusted only by web identities from the cluster's OIDC
 * provider whose `sub` is exactly `system:serviceaccount:<namespace>:<name>` and whose `aud` is `sts.amazonaws.com`
 * (`StringEquals`, never `StringLike`).
 */
export class IrsaRole extends Construct {
  readonly role: IamRole;
  readonly arn: string;
  readonly name: string;
  /** `system:serviceaccount:<namespace>:<name>`. */
  readonly subject: string;

  constructor(scope: Construct, id: string, props: IrsaRoleProps) {
    super(scope, id);
    const maxSession = props.maxSessionDurationSeconds ?? 3600;
    const problems: string[] = [];
    if (!Token.isUnresolved(props.namespace) && !NAMESPACE_PATTERN.test(props.namespace)) {
      problems.push(`namespace: expected a Kubernetes namespace name (lower-case letters, digits, '-'; no wildcards), got "${props.namespace}"`);
    }
    if (!Token.isUnresolved(props.serviceAccount) && !SERVICE_ACCOUNT_PATTERN.test(props.serviceAccount)) {
      problems.push(`serviceAccount: expected a service account name (lower-case letters, digits, '-', '.'; no wildcards), got "${props.serviceAccount}"`);
    }
    if (!Token.isUnresolved(props.name) && !/^[\w+=,.@-]{1,64}$/.test(props.name)) {
      problems.push(`name: expected an IAM role name of 1-64 letters, digits or +=,.@_-, got "${props.name}"`);
    }
    if (!Number.isInteger(maxSession) || maxSession < 3600 || maxSession > 43200) {
      problems.push(`maxSessionDurationSeconds: expected 3600-43200, got ${maxSession}`);
    }
    for (const arn of props.managedPolicyArns ?? []) {
      if (!Token.isUnresolved(arn) && !MANAGED_POLICY_ARN.test(arn)) problems.push(`managedPolicyArns: expected an IAM policy ARN, got "${arn}"`);
    }
    (props.statements ?? []).forEach((statement, i) => problems.push(...statementProblems(statement, `statements[${i}]`)));
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);

    this.subject = `system:serviceaccount:${props.namespace}:${props.serviceAccount}`;
    const issuer = props.oidcProvider.issuerHost;
    this.role = new IamRole(this, 'role', {
      name: props.name,
      description: props.description ?? `IRSA role for ${props.namespace}/${props.serviceAccount}`,
      maxSessionDuration: maxSession,
      assumeRolePolicy: policyDocument([
        {
          Sid: 'OneServiceAccountOfThisCluster',
          Effect: 'Allow',
          Principal: { Federated: props.oidcProvider.arn },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { [`${issuer}:sub`]: this.subject, [`${issuer}:aud`]: STS_AUDIENCE } },
        },
      ]),
      tags: { Name: props.name, ServiceAccount: `${props.namespace}/${props.serviceAccount}` },
    });
    this.arn = this.role.arn;
    this.name = props.name;

    (props.managedPolicyArns ?? []).forEach((policyArn, i) => {
      new IamRolePolicyAttachment(this, `managed-policy-${i}`, { role: this.role.name, policyArn });
    });
    if (props.statements && props.statements.length > 0) {
      new IamRolePolicy(this, 'inline-policy', { name: 'inline', role: this.role.id, policy: policyDocument(props.statements) });
    }
  }
}

/** Least-privilege checks on one statement: no `*` action, no service-wide `svc:*`, no `iam:PassRole` on `*`. */
export function statementProblems(statement: PolicyStatement, where: string): string[] {
  const actions = typeof statement.Action === 'string' ? [statement.Action] : statement.Action;
  const resources = statement.Resource === undefined ? [] : typeof statement.Resource === 'string' ? [statement.Resource] : statement.Resource;
  const problems: string[] = [];
  for (const action of actions) {
    if (action === '*' || action.endsWith(':*')) problems.push(`${where}.Action: list the actions needed, got "${action}"`);
  }
  if (statement.Effect === 'Allow' && actions.some((a) => a.toLowerCase() === 'iam:passrole') && resources.includes('*')) {
    problems.push(`${where}: iam:PassRole must name the roles it passes, got Resource "*"`);
  }
  return problems;
}
