import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { KmsKey as AwsKmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { ApproleAuthBackendRole } from '@cdktf/provider-vault/lib/approle-auth-backend-role';
import { DataVaultPolicyDocument } from '@cdktf/provider-vault/lib/data-vault-policy-document';
import { KubernetesAuthBackendRole, type KubernetesAuthBackendRoleConfig } from '@cdktf/provider-vault/lib/kubernetes-auth-backend-role';
import { Policy } from '@cdktf/provider-vault/lib/policy';
import { VaultProvider } from '@cdktf/provider-vault/lib/provider';
import { type TerraformStack } from 'cdktf';
import { AwsContext } from '../../../constructs/aws-context';
import { KmsKey, cloudWatchLogsGrant } from '../../../constructs/security/kms-key';
import { policyDocument } from '../../../constructs/security/policy-document';
import { checkRule, details } from '../kit';

const TRUST = policyDocument([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]);

describe('VP-IAM-1 iam-no-wildcard-actions', () => {
  it('passes listed actions in every policy form, and a wildcard Deny', () => {
    const check = checkRule('VP-IAM-1', (s) => {
      new IamPolicy(s, 'policy', {
        policy: policyDocument([
          { Sid: 'Read', Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::b/*' },
          { Sid: 'NoDelete', Effect: 'Deny', Action: '*', Resource: '*' },
        ]),
      });
      const document = new DataAwsIamPolicyDocument(s, 'document', { statement: [{ actions: ['logs:PutLogEvents'], resources: ['*'] }] });
      const role = new IamRole(s, 'role', { assumeRolePolicy: TRUST, inlinePolicy: [{ name: 'x', policy: policyDocument([{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }]) }] });
      new IamRolePolicy(s, 'role-policy', { role: role.id, policy: document.json });
    });
    expect(check.results).toEqual({
      policy: { status: 'compliant' },
      document: { status: 'compliant' },
      role: { status: 'compliant' },
      'role-policy': { status: 'not-applicable', reason: 'the policy document is computed; its source is checked instead' },
    });
  });

  it('fails "*", "<service>:*" and NotAction in Allow statements', () => {
    const check = checkRule('VP-IAM-1', (s) => {
      new IamPolicy(s, 'policy', { policy: policyDocument([{ Sid: 'Admin', Effect: 'Allow', Action: '*', Resource: '*' }]) });
      new DataAwsIamPolicyDocument(s, 'document', { statement: [{ actions: ['s3:*', 's3:GetObject'], resources: ['*'] }] });
      new IamRole(s, 'role', {
        assumeRolePolicy: TRUST,
        inlinePolicy: [{ name: 'x', policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] }) }],
      });
    });
    expect(details(check)).toEqual({
      policy: 'statement "Admin" allows *',
      document: 'statement 1 allows s3:*',
      role: 'inline_policy[0] statement 1 allows everything except iam:* (NotAction)',
    });
  });

  it('passes the KmsKey construct\'s key policy (kms:* for the account root only), trust policies and narrow managed policies', () => {
    const check = checkRule('VP-IAM-1', (s) => {
      new KmsKey(s, 'key', { alias: 'test', description: 'test key', serviceGrants: [cloudWatchLogsGrant(AwsContext.of(s))] });
      const role = new IamRole(s, 'role', { assumeRolePolicy: TRUST });
      new IamRolePolicyAttachment(s, 'attachment', { role: role.name, policyArn: 'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy' });
    });
    expect(check.results).toEqual({
      'key/key': { status: 'compliant' },
      role: { status: 'compliant' },
      attachment: { status: 'compliant' },
    });
  });

  it('fails wildcards in trust, key and topic policies, kms:* outside the root statement of a key policy, and broad managed policies', () => {
    const root = 'arn:aws:iam::111111111111:root';
    const check = checkRule('VP-IAM-1', (s) => {
      new IamRole(s, 'trust', {
        assumeRolePolicy: policyDocument([{ Sid: 'AnyStsAction', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:*' }]),
        managedPolicyArns: ['arn:aws:iam::aws:policy/PowerUserAccess'],
      });
      new AwsKmsKey(s, 'key', {
        enableKeyRotation: true,
        policy: policyDocument([
          { Sid: 'Root', Effect: 'Allow', Principal: { AWS: root }, Action: 'kms:*', Resource: '*' },
          { Sid: 'Service', Effect: 'Allow', Principal: { Service: 'logs.amazonaws.com' }, Action: 'kms:*', Resource: '*' },
          { Sid: 'RootEverything', Effect: 'Allow', Principal: { AWS: root }, Action: '*', Resource: '*' },
        ]),
      });
      new IamPolicy(s, 'identity', { policy: policyDocument([{ Sid: 'Kms', Effect: 'Allow', Action: 'kms:*', Resource: '*' }]) });
      new SnsTopicPolicy(s, 'topic-policy', {
        arn: 'arn:aws:sns:eu-west-1:111111111111:alarms',
        policy: policyDocument([{ Sid: 'Anyone', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sns:*', Resource: '*' }]),
      });
      new IamRolePolicyAttachment(s, 'admin', { role: 'x', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' });
      new IamRolePolicyAttachment(s, 's3-full', { role: 'x', policyArn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' });
    });
    expect(details(check)).toEqual({
      trust: 'attaches the AWS managed policy PowerUserAccess; assume_role_policy statement "AnyStsAction" allows sts:*',
      key: 'statement "Service" allows kms:*; statement "RootEverything" allows *',
      identity: 'statement "Kms" allows kms:*',
      'topic-policy': 'statement "Anyone" allows sns:*',
      admin: 'attaches the AWS managed policy AdministratorAccess',
      's3-full': 'attaches the AWS managed policy AmazonS3FullAccess',
    });
  });
});

describe('VP-IAM-2 iam-no-passrole-wildcard', () => {
  it('passes iam:PassRole limited to named roles', () => {
    const check = checkRule('VP-IAM-2', (s) => {
      new IamPolicy(s, 'policy', { policy: policyDocument([{ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111111111111:role/nodes' }]) });
    });
    expect(check.results).toEqual({ policy: { status: 'compliant' } });
  });

  it('fails iam:PassRole (or a pattern granting it) on "*"', () => {
    const check = checkRule('VP-IAM-2', (s) => {
      new IamPolicy(s, 'policy', { policy: policyDocument([{ Sid: 'Pass', Effect: 'Allow', Action: ['ec2:RunInstances', 'iam:PassRole'], Resource: '*' }]) });
      new DataAwsIamPolicyDocument(s, 'document', { statement: [{ actions: ['iam:Pass*'], resources: ['*'] }] });
    });
    expect(details(check)).toEqual({ policy: 'statement "Pass" allows iam:PassRole on "*"', document: 'statement 1 allows iam:PassRole on "*"' });
  });

  it('fails iam:PassRole on every role of an account and with NotResource', () => {
    const check = checkRule('VP-IAM-2', (s) => {
      new IamPolicy(s, 'any-role', { policy: policyDocument([{ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111111111111:role/*' }]) });
      new IamPolicy(s, 'not-resource', {
        policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', NotResource: 'arn:aws:iam::111111111111:role/admin' }] }),
      });
    });
    expect(details(check)).toEqual({
      'any-role': 'statement 1 allows iam:PassRole on "arn:aws:iam::111111111111:role/*"',
      'not-resource': 'statement 1 allows iam:PassRole on every role except arn:aws:iam::111111111111:role/admin (NotResource)',
    });
  });
});

const vault = (s: TerraformStack) => new VaultProvider(s, 'vault', { address: 'https://vault.example.internal:8200' });

describe('VP-VAULT-1 vault-policy-least-privilege', () => {
  it('passes named paths, and sudo and "*" in the admin policy only', () => {
    const check = checkRule('VP-VAULT-1', (s) => {
      vault(s);
      new Policy(s, 'reader', { name: 'app-reader', policy: 'path "kv/data/app/*" {\n  capabilities = ["read"]\n  allowed_parameters = { "x" = [] }\n}\n' });
      new Policy(s, 'admin', { name: 'platform-admin', policy: 'path "*" { capabilities = ["sudo"] }' });
      const document = new DataVaultPolicyDocument(s, 'document', { rule: [{ path: 'kv/data/team/*', capabilities: ['read', 'list'] }] });
      new Policy(s, 'from-document', { name: 'team', policy: document.hcl });
    });
    expect(check.results).toEqual({
      reader: { status: 'compliant' },
      admin: { status: 'not-applicable', reason: 'designated admin policy' },
      document: { status: 'compliant' },
      'from-document': { status: 'not-applicable', reason: 'the policy text is computed; its vault_policy_document is checked instead' },
    });
  });

  it('fails "*" and "+/" paths and sudo outside the admin policy', () => {
    const check = checkRule('VP-VAULT-1', (s) => {
      vault(s);
      new Policy(s, 'broad', { name: 'broad', policy: 'path "*" {\n  capabilities = ["read"]\n}\npath "sys/auth/*" {\n  capabilities = ["create", "sudo"]\n}' });
      new DataVaultPolicyDocument(s, 'document', { rule: [{ path: '+/data/*', capabilities: ['read'] }] });
    });
    expect(details(check)).toEqual({
      broad: 'path "*" matches every mount; path "sys/auth/*" grants sudo',
      document: 'path "+/data/*" matches every mount',
    });
  });
});

function k8sRole(s: TerraformStack, id: string, overrides: Partial<KubernetesAuthBackendRoleConfig> = {}) {
  return new KubernetesAuthBackendRole(s, id, {
    roleName: id,
    backend: 'kubernetes',
    boundServiceAccountNames: ['payments'],
    boundServiceAccountNamespaces: ['payments'],
    tokenPolicies: ['payments'],
    tokenTtl: 900,
    tokenMaxTtl: 3600,
    ...overrides,
  });
}

describe('VP-VAULT-2 vault-kubernetes-role-bound', () => {
  it('passes a role bound to named service accounts and namespaces', () => {
    expect(checkRule('VP-VAULT-2', (s) => (vault(s), k8sRole(s, 'role'))).results).toEqual({ role: { status: 'compliant' } });
  });

  it('fails wildcard and empty bindings', () => {
    const check = checkRule('VP-VAULT-2', (s) => {
      vault(s);
      k8sRole(s, 'any-account', { boundServiceAccountNames: ['*'] });
      k8sRole(s, 'glob-namespace', { boundServiceAccountNamespaces: ['team-*', 'payments'] });
      k8sRole(s, 'empty', { boundServiceAccountNames: [] });
    });
    expect(details(check)).toEqual({
      'any-account': 'bound_service_account_names contains "*"',
      'glob-namespace': 'bound_service_account_namespaces contains "team-*"',
      empty: 'bound_service_account_names is empty',
    });
  });
});

describe('VP-VAULT-3 vault-token-ttl-bounded', () => {
  it('passes roles with bounded token TTLs', () => {
    const check = checkRule('VP-VAULT-3', (s) => {
      vault(s);
      k8sRole(s, 'k8s');
      new ApproleAuthBackendRole(s, 'approle', { roleName: 'ci', tokenTtl: 600, tokenMaxTtl: 1800 });
    });
    expect(check.results).toEqual({ k8s: { status: 'compliant' }, approle: { status: 'compliant' } });
  });

  it('fails unset TTLs (the 32-day default) and TTLs above the limits', () => {
    const check = checkRule('VP-VAULT-3', (s) => {
      vault(s);
      k8sRole(s, 'long', { tokenTtl: 7200, tokenMaxTtl: 604800 });
      new ApproleAuthBackendRole(s, 'unset', { roleName: 'ci' });
    });
    expect(details(check)).toEqual({
      long: 'token_ttl is 7200 s, above the 3600 s limit; token_max_ttl is 604800 s, above the 86400 s limit',
      unset: 'token_ttl is not set, so the mount default (32 days unless tuned) applies; token_max_ttl is not set, so the mount default (32 days unless tuned) applies',
    });
  });
});
