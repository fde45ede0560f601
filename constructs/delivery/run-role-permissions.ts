import { type PolicyStatement } from '../security/policy-document';

/**
 * What the HCP Terraform run roles of one workspace may do in AWS, derived from the resource and data source types of
 * the stack that workspace runs (docs/hcp-terraform.md, "Run roles").
 *
 * - Every `aws_*` type maps, by longest prefix, to one {@link ResourceFamily}: the IAM service it calls and what else
 *   creating it needs (roles passed to a service, a service-linked role, KMS use through a service). A type without a
 *   family fails synth: adding a new kind of resource is a reviewed change of what its apply role may do.
 * - The plan role gets the read actions of those services (no data reads: no `s3:GetObject`,
 *   `secretsmanager:GetSecretValue`, `logs:GetLogEvents`, `ec2:GetPasswordData`), the apply role read and write.
 * - Actions are verb prefixes within one service (`ec2:Create*`), never `*` or `<service>:*`. IAM, the privilege
 *   escalation surface, is listed action by action and scoped to the environment's own names
 *   (`role/<project>-<env>-*`), EKS OIDC providers and service-linked roles; the run roles' permissions boundary
 *   (PermissionBoundaries) is the backstop.
 * - Regional services are limited to the regions of the stack's AWS providers (`aws:RequestedRegion`).
 *
 * Action names: AWS Service Authorization Reference, per service. Which calls the AWS provider makes for a resource:
 * hashicorp/terraform-provider-aws `internal/service/<service>`. Both are transcribed here by service, not copied.
 */

/** One IAM service's actions, split into what a plan (refresh) needs and what an apply adds. */
export interface ServiceActions {
  /** Regional services are limited to the stack's regions; global ones (IAM, Route 53) are not. */
  readonly regional: boolean;
  readonly read: readonly string[];
  readonly write: readonly string[];
}

/**
 * Service action sets. `iam` is not here: {@link runRolePolicies} writes it resource by resource.
 */
export const SERVICE_ACTIONS: Readonly<Record<string, ServiceActions>> = {
  ec2: {
    regional: true,
    read: ['ec2:Describe*'],
    write: [
      'ec2:Create*',
      'ec2:Delete*',
      'ec2:Modify*',
      'ec2:Associate*',
      'ec2:Disassociate*',
      'ec2:Attach*',
      'ec2:Detach*',
      'ec2:Authorize*',
      'ec2:Revoke*',
      'ec2:Replace*',
      'ec2:Accept*',
      'ec2:Reject*',
      'ec2:Apply*',
      'ec2:Import*',
      'ec2:Enable*',
      'ec2:Disable*',
      'ec2:AllocateAddress',
      'ec2:ReleaseAddress',
    ],
  },
  eks: {
    regional: true,
    read: ['eks:Describe*', 'eks:List*'],
    write: ['eks:Create*', 'eks:Delete*', 'eks:Update*', 'eks:Associate*', 'eks:Disassociate*', 'eks:TagResource', 'eks:UntagResource'],
  },
  kms: {
    regional: true,
    read: ['kms:Describe*', 'kms:Get*', 'kms:List*'],
    write: [
      'kms:CreateKey',
      'kms:CreateAlias',
      'kms:UpdateAlias',
      'kms:DeleteAlias',
      'kms:PutKeyPolicy',
      'kms:EnableKeyRotation',
      'kms:DisableKeyRotation',
      'kms:EnableKey',
      'kms:DisableKey',
      'kms:UpdateKeyDescription',
      'kms:ScheduleKeyDeletion',
      'kms:CancelKeyDeletion',
      'kms:CreateGrant',
      'kms:RetireGrant',
      'kms:RevokeGrant',
      'kms:TagResource',
      'kms:UntagResource',
    ],
  },
  logs: {
    regional: true,
    read: ['logs:Describe*', 'logs:List*'],
    write: [
      'logs:CreateLogGroup',
      'logs:DeleteLogGroup',
      'logs:CreateLogStream',
      'logs:DeleteLogStream',
      'logs:PutRetentionPolicy',
      'logs:DeleteRetentionPolicy',
      'logs:AssociateKmsKey',
      'logs:DisassociateKmsKey',
      'logs:PutMetricFilter',
      'logs:DeleteMetricFilter',
      'logs:PutSubscriptionFilter',
      'logs:DeleteSubscriptionFilter',
      'logs:PutResourcePolicy',
      'logs:DeleteResourcePolicy',
      'logs:TagResource',
      'logs:UntagResource',
      'logs:TagLogGroup',
      'logs:UntagLogGroup',
    ],
  },
  cloudwatch: {
    regional: true,
    read: ['cloudwatch:Describe*', 'cloudwatch:List*', 'cloudwatch:GetDashboard'],
    write: [
      'cloudwatch:PutMetricAlarm',
      'cloudwatch:PutCompositeAlarm',
      'cloudwatch:DeleteAlarms',
      'cloudwatch:EnableAlarmActions',
      'cloudwatch:DisableAlarmActions',
      'cloudwatch:PutDashboard',
      'cloudwatch:DeleteDashboards',
      'cloudwatch:TagResource',
      'cloudwatch:UntagResource',
    ],
  },
  sns: {
    regional: true,
    read: ['sns:GetTopicAttributes', 'sns:GetSubscriptionAttributes', 'sns:List*'],
    write: [
      'sns:CreateTopic',
      'sns:DeleteTopic',
      'sns:SetTopicAttributes',
      'sns:Subscribe',
      'sns:Unsubscribe',
      'sns:SetSubscriptionAttributes',
      'sns:AddPermission',
      'sns:RemovePermission',
      'sns:TagResource',
      'sns:UntagResource',
    ],
  },
  s3: {
    regional: true,
    read: ['s3:GetBucket*', 's3:Get*Configuration', 's3:ListBucket'],
    write: ['s3:CreateBucket', 's3:DeleteBucket', 's3:PutBucket*', 's3:DeleteBucket*', 's3:Put*Configuration'],
  },
  rds: {
    regional: true,
    read: ['rds:Describe*', 'rds:List*'],
    write: [
      'rds:Create*',
      'rds:Delete*',
      'rds:Modify*',
      'rds:AddTagsToResource',
      'rds:RemoveTagsFromResource',
      'rds:RebootDBInstance',
      'rds:StartDBInstanceAutomatedBackupsReplication',
      'rds:StopDBInstanceAutomatedBackupsReplication',
    ],
  },
  elasticloadbalancing: {
    regional: true,
    read: ['elasticloadbalancing:Describe*'],
    write: [
      'elasticloadbalancing:Create*',
      'elasticloadbalancing:Delete*',
      'elasticloadbalancing:Modify*',
      'elasticloadbalancing:Set*',
      'elasticloadbalancing:AddTags',
      'elasticloadbalancing:RemoveTags',
      'elasticloadbalancing:RegisterTargets',
      'elasticloadbalancing:DeregisterTargets',
    ],
  },
  route53: {
    regional: false,
    read: ['route53:Get*', 'route53:List*'],
    write: [
      'route53:CreateHostedZone',
      'route53:DeleteHostedZone',
      'route53:UpdateHostedZoneComment',
      'route53:ChangeResourceRecordSets',
      'route53:ChangeTagsForResource',
      'route53:AssociateVPCWithHostedZone',
      'route53:DisassociateVPCFromHostedZone',
      'route53:CreateVPCAssociationAuthorization',
      'route53:DeleteVPCAssociationAuthorization',
    ],
  },
  acm: {
    regional: true,
    read: ['acm:Describe*', 'acm:List*', 'acm:GetCertificate'],
    write: ['acm:ImportCertificate', 'acm:RequestCertificate', 'acm:DeleteCertificate', 'acm:AddTagsToCertificate', 'acm:RemoveTagsFromCertificate'],
  },
  secretsmanager: {
    regional: true,
    read: ['secretsmanager:DescribeSecret', 'secretsmanager:ListSecrets', 'secretsmanager:ListSecretVersionIds', 'secretsmanager:GetResourcePolicy'],
    write: [
      'secretsmanager:CreateSecret',
      'secretsmanager:DeleteSecret',
      'secretsmanager:RestoreSecret',
      'secretsmanager:UpdateSecret',
      'secretsmanager:PutSecretValue',
      'secretsmanager:PutResourcePolicy',
      'secretsmanager:DeleteResourcePolicy',
      'secretsmanager:TagResource',
      'secretsmanager:UntagResource',
    ],
  },
  ecs: {
    regional: true,
    read: ['ecs:Describe*', 'ecs:List*'],
    write: [
      'ecs:CreateCluster',
      'ecs:UpdateCluster',
      'ecs:UpdateClusterSettings',
      'ecs:PutClusterCapacityProviders',
      'ecs:DeleteCluster',
      'ecs:RegisterTaskDefinition',
      'ecs:DeregisterTaskDefinition',
      'ecs:DeleteTaskDefinitions',
      'ecs:CreateService',
      'ecs:UpdateService',
      'ecs:DeleteService',
      'ecs:TagResource',
      'ecs:UntagResource',
    ],
  },
  ssm: {
    regional: true,
    read: ['ssm:DescribeParameters', 'ssm:GetParameter', 'ssm:GetParameters', 'ssm:ListTagsForResource'],
    write: ['ssm:PutParameter', 'ssm:DeleteParameter', 'ssm:AddTagsToResource', 'ssm:RemoveTagsFromResource'],
  },
};

/** What a family of resource types calls, and what creating them needs beyond their service. */
export interface ResourceFamily {
  /** IAM service of {@link SERVICE_ACTIONS}, `iam`, or `none` for types that call no AWS API. */
  readonly service: string;
  /** Services that receive a role of this stack (`iam:PassRole` with `iam:PassedToService`). */
  readonly passRoleTo?: readonly string[];
  /** Service-linked roles AWS creates on the first use of the service (`iam:AWSServiceName`). */
  readonly serviceLinkedRoles?: readonly string[];
  /** Services that use the stack's KMS keys on the caller's behalf (`kms:ViaService`). */
  readonly kmsViaServices?: readonly string[];
  /** Further read actions a refresh of this type needs (in any region of the stack). */
  readonly extraRead?: readonly string[];
  /** Further write actions an apply of this type needs. */
  readonly extraWrite?: readonly string[];
}

/**
 * Resource and data source type prefixes, longest match wins. `aws_` types without an entry fail synth; types of
 * other providers (vault, kubernetes, helm, tls, tfe) call no AWS API.
 */
export const RESOURCE_FAMILIES: Readonly<Record<string, ResourceFamily>> = {
  // Data sources that call no API, or whose call needs no permission (sts:GetCallerIdentity).
  aws_caller_identity: { service: 'none' },
  aws_partition: { service: 'none' },
  aws_region: { service: 'none' },
  aws_iam_policy_document: { service: 'none' },
  aws_eks_cluster_auth: { service: 'none' },
  // EC2 and VPC.
  aws_vpc: { service: 'ec2' },
  aws_vpc_endpoint: { service: 'ec2' },
  aws_vpc_peering_connection: { service: 'ec2' },
  aws_vpc_security_group_: { service: 'ec2' },
  aws_subnet: { service: 'ec2' },
  aws_route: { service: 'ec2' },
  aws_route_table: { service: 'ec2' },
  aws_internet_gateway: { service: 'ec2' },
  aws_nat_gateway: { service: 'ec2' },
  aws_eip: { service: 'ec2' },
  aws_security_group: { service: 'ec2' },
  aws_default_security_group: { service: 'ec2' },
  aws_network_acl: { service: 'ec2' },
  aws_default_network_acl: { service: 'ec2' },
  aws_launch_template: { service: 'ec2' },
  aws_availability_zones: { service: 'ec2' },
  aws_flow_log: { service: 'ec2', passRoleTo: ['vpc-flow-logs.amazonaws.com'] },
  aws_ec2_client_vpn_: { service: 'ec2', serviceLinkedRoles: ['clientvpn.amazonaws.com'] },
  aws_ec2_: { service: 'ec2' },
  // EKS: the cluster and node roles are passed to EKS; EKS encrypts secrets with the stack's key.
  aws_eks_: { service: 'eks', passRoleTo: ['eks.amazonaws.com'], serviceLinkedRoles: ['eks.amazonaws.com', 'eks-nodegroup.amazonaws.com'], kmsViaServices: ['eks'] },
  aws_iam_: { service: 'iam' },
  aws_kms_: { service: 'kms' },
  aws_cloudwatch_log_: { service: 'logs' },
  aws_cloudwatch_metric_alarm: { service: 'cloudwatch' },
  aws_cloudwatch_composite_alarm: { service: 'cloudwatch' },
  aws_cloudwatch_dashboard: { service: 'cloudwatch' },
  aws_sns_: { service: 'sns' },
  aws_s3_bucket: { service: 's3' },
  // RDS: the monitoring role is passed to RDS; with a managed master password RDS creates the secret as the caller.
  aws_db_: {
    service: 'rds',
    passRoleTo: ['rds.amazonaws.com', 'monitoring.rds.amazonaws.com'],
    serviceLinkedRoles: ['rds.amazonaws.com'],
    kmsViaServices: ['rds', 'secretsmanager'],
    extraRead: ['secretsmanager:DescribeSecret'],
    extraWrite: ['secretsmanager:CreateSecret', 'secretsmanager:RotateSecret', 'secretsmanager:TagResource', 'secretsmanager:DeleteSecret'],
  },
  aws_rds_: { service: 'rds', kmsViaServices: ['rds'] },
  aws_lb: { service: 'elasticloadbalancing', serviceLinkedRoles: ['elasticloadbalancing.amazonaws.com'] },
  aws_alb: { service: 'elasticloadbalancing', serviceLinkedRoles: ['elasticloadbalancing.amazonaws.com'] },
  aws_route53_: { service: 'route53', extraRead: ['ec2:DescribeVpcs'] },
  aws_acm_: { service: 'acm' },
  aws_secretsmanager_secret: { service: 'secretsmanager', kmsViaServices: ['secretsmanager'] },
  aws_secretsmanager_secret_version: { service: 'secretsmanager', kmsViaServices: ['secretsmanager'], extraRead: ['secretsmanager:GetSecretValue'] },
  aws_ecs_: { service: 'ecs', passRoleTo: ['ecs-tasks.amazonaws.com'], serviceLinkedRoles: ['ecs.amazonaws.com'] },
  aws_ssm_parameter: { service: 'ssm', kmsViaServices: ['ssm'] },
};

/** The family of a resource or data source type (longest prefix), or `undefined` for an unmapped `aws_` type. */
export function familyOf(type: string): ResourceFamily | undefined {
  if (!type.startsWith('aws_')) return { service: 'none' };
  let best: string | undefined;
  for (const prefix of Object.keys(RESOURCE_FAMILIES)) {
    if ((type === prefix || (type.startsWith(prefix) && (prefix.endsWith('_') || type[prefix.length] === '_'))) && (best === undefined || prefix.length > best.length)) {
      best = prefix;
    }
  }
  return best === undefined ? undefined : RESOURCE_FAMILIES[best];
}

/** What the run roles of one stack are derived from. */
export interface RunRoleInputs {
  /** Stack name, for messages. */
  readonly stack: string;
  readonly resourceTypes: readonly string[];
  readonly dataSourceTypes: readonly string[];
  /** Regions of the stack's AWS providers. */
  readonly regions: readonly string[];
  /** The environment's account: IAM resources are scoped to it. */
  readonly accountId: string;
  /** `<project>-<env>`: roles and policies the stack manages must be named `<namePrefix>-*`. */
  readonly namePrefix: string;
  /** IAM role names the stack creates, checked against `namePrefix`. */
  readonly iamRoleNames: readonly string[];
}

export interface RunRolePolicies {
  /** Statements of the plan role (read only). */
  readonly plan: readonly PolicyStatement[];
  /** Statements of the apply role (read and write). */
  readonly apply: readonly PolicyStatement[];
  /** IAM services (and `iam`) the stack manages, for docs and tests. */
  readonly services: readonly string[];
}

const IAM_ROLE_READ = ['iam:GetRole', 'iam:GetRolePolicy', 'iam:ListRolePolicies', 'iam:ListAttachedRolePolicies', 'iam:ListInstanceProfilesForRole', 'iam:ListRoleTags'];
const IAM_ROLE_WRITE = [
  'iam:CreateRole',
  'iam:DeleteRole',
  'iam:UpdateRole',
  'iam:UpdateRoleDescription',
  'iam:UpdateAssumeRolePolicy',
  'iam:TagRole',
  'iam:UntagRole',
  'iam:PutRolePolicy',
  'iam:DeleteRolePolicy',
  'iam:AttachRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PutRolePermissionsBoundary',
];
const IAM_POLICY_READ = ['iam:GetPolicy', 'iam:GetPolicyVersion', 'iam:ListPolicyVersions', 'iam:ListPolicyTags'];
const IAM_POLICY_WRITE = ['iam:CreatePolicy', 'iam:DeletePolicy', 'iam:CreatePolicyVersion', 'iam:DeletePolicyVersion', 'iam:TagPolicy', 'iam:UntagPolicy'];
const IAM_OIDC_READ = ['iam:GetOpenIDConnectProvider', 'iam:ListOpenIDConnectProviderTags'];
const IAM_OIDC_WRITE = [
  'iam:CreateOpenIDConnectProvider',
  'iam:DeleteOpenIDConnectProvider',
  'iam:UpdateOpenIDConnectProviderThumbprint',
  'iam:AddClientIDToOpenIDConnectProvider',
  'iam:RemoveClientIDFromOpenIDConnectProvider',
  'iam:TagOpenIDConnectProvider',
  'iam:UntagOpenIDConnectProvider',
];

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

/**
 * The plan and apply policies of one stack's run roles. Throws one error naming every unmapped type and every IAM
 * role named outside `<namePrefix>-` (its apply role could not manage it).
 */
export function runRolePolicies(inputs: RunRoleInputs): RunRolePolicies {
  const problems: string[] = [];
  const families: ResourceFamily[] = [];
  const readOnlyFamilies: ResourceFamily[] = [];
  for (const [types, into] of [
    [inputs.resourceTypes, families],
    [inputs.dataSourceTypes, readOnlyFamilies],
  ] as const) {
    for (const type of types) {
      const family = familyOf(type);
      if (family === undefined) problems.push(`${type} has no entry in RESOURCE_FAMILIES; add the IAM service and needs of this type (constructs/delivery/run-role-permissions.ts)`);
      else into.push(family);
    }
  }
  for (const name of inputs.iamRoleNames) {
    if (!name.startsWith(`${inputs.namePrefix}-`)) problems.push(`IAM role "${name}" is not named ${inputs.namePrefix}-*; the apply role manages only roles of this environment's prefix`);
  }
  if (inputs.regions.length === 0 && families.some((f) => SERVICE_ACTIONS[f.service]?.regional)) problems.push('no AWS provider region found for its regional resources');
  if (problems.length > 0) throw new Error(`${inputs.stack}: cannot derive its HCP Terraform run roles: ${problems.join('; ')}`);

  const all = [...families, ...readOnlyFamilies];
  const services = sorted(all.map((f) => f.service).filter((s) => s !== 'none'));
  const written = sorted(families.map((f) => f.service).filter((s) => s !== 'none' && s !== 'iam'));
  const read = sorted(services.filter((s) => s !== 'iam'));
  const regionCondition = { StringEquals: { 'aws:RequestedRegion': sorted(inputs.regions) } };
  const actionsOf = (list: readonly string[], pick: (a: ServiceActions) => readonly string[], regional: boolean) =>
    sorted(list.filter((s) => SERVICE_ACTIONS[s].regional === regional).flatMap((s) => pick(SERVICE_ACTIONS[s])));

  const extraRead = sorted(all.flatMap((f) => f.extraRead ?? []));
  const extraWrite = sorted(families.flatMap((f) => f.extraWrite ?? []));
  const regionalRead = sorted([...actionsOf(read, (a) => a.read, true), ...extraRead]);
  const globalRead = actionsOf(read, (a) => a.read, false);
  const regionalWrite = sorted([...actionsOf(written, (a) => a.write, true), ...extraWrite]);
  const globalWrite = actionsOf(written, (a) => a.write, false);

  const account = inputs.accountId;
  const roles = `arn:aws:iam::${account}:role/${inputs.namePrefix}-*`;
  const policies = `arn:aws:iam::${account}:policy/${inputs.namePrefix}-*`;
  const eksOidcProviders = sorted(inputs.regions).map((region) => `arn:aws:iam::${account}:oidc-provider/oidc.eks.${region}.amazonaws.com/id/*`);
  const types = new Set([...inputs.resourceTypes, ...inputs.dataSourceTypes]);
  const managesIam = families.some((f) => f.service === 'iam');
  const usesIam = readOnlyFamilies.some((f) => f.service === 'iam') || managesIam;
  const usesOidc = types.has('aws_iam_openid_connect_provider');
  const usesPolicies = types.has('aws_iam_policy') || types.has('aws_iam_policy_attachment');

  const readStatements: PolicyStatement[] = [];
  if (regionalRead.length > 0) readStatements.push({ Sid: 'ReadInRegion', Effect: 'Allow', Action: regionalRead, Resource: '*', Condition: regionCondition });
  if (globalRead.length > 0) readStatements.push({ Sid: 'ReadGlobal', Effect: 'Allow', Action: globalRead, Resource: '*' });
  if (usesIam) {
    readStatements.push({ Sid: 'ReadOwnRoles', Effect: 'Allow', Action: IAM_ROLE_READ, Resource: roles });
    // Managed policies attached to roles (AWS-managed and this environment's own) are read on refresh.
    readStatements.push({ Sid: 'ReadPolicies', Effect: 'Allow', Action: IAM_POLICY_READ, Resource: [policies, 'arn:aws:iam::aws:policy/*'] });
    if (usesOidc) readStatements.push({ Sid: 'ReadEksOidcProviders', Effect: 'Allow', Action: IAM_OIDC_READ, Resource: eksOidcProviders });
  }

  const writeStatements: PolicyStatement[] = [];
  if (regionalWrite.length > 0) writeStatements.push({ Sid: 'ManageInRegion', Effect: 'Allow', Action: regionalWrite, Resource: '*', Condition: regionCondition });
  if (globalWrite.length > 0) writeStatements.push({ Sid: 'ManageGlobal', Effect: 'Allow', Action: globalWrite, Resource: '*' });
  if (managesIam) {
    writeStatements.push({ Sid: 'ManageOwnRoles', Effect: 'Allow', Action: IAM_ROLE_WRITE, Resource: roles });
    if (usesPolicies) writeStatements.push({ Sid: 'ManageOwnPolicies', Effect: 'Allow', Action: IAM_POLICY_WRITE, Resource: policies });
    if (usesOidc) writeStatements.push({ Sid: 'ManageEksOidcProviders', Effect: 'Allow', Action: IAM_OIDC_WRITE, Resource: eksOidcProviders });
  }
  const passTo = sorted(families.flatMap((f) => f.passRoleTo ?? []));
  if (passTo.length > 0) {
    writeStatements.push({ Sid: 'PassOwnRolesToServices', Effect: 'Allow', Action: 'iam:PassRole', Resource: roles, Condition: { StringEquals: { 'iam:PassedToService': passTo } } });
  }
  const linked = sorted(families.flatMap((f) => f.serviceLinkedRoles ?? []));
  if (linked.length > 0) {
    writeStatements.push({
      Sid: 'CreateServiceLinkedRoles',
      Effect: 'Allow',
      Action: 'iam:CreateServiceLinkedRole',
      Resource: `arn:aws:iam::${account}:role/aws-service-role/*`,
      Condition: { StringEquals: { 'iam:AWSServiceName': linked } },
    });
  }
  const via = sorted(families.flatMap((f) => f.kmsViaServices ?? []));
  if (via.length > 0) {
    writeStatements.push({
      Sid: 'UseKeysThroughServices',
      Effect: 'Allow',
      Action: ['kms:CreateGrant', 'kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*'],
      Resource: `arn:aws:kms:*:${account}:key/*`,
      Condition: { StringEquals: { 'kms:ViaService': sorted(inputs.regions).flatMap((r) => via.map((s) => `${s}.${r}.amazonaws.com`)) } },
    });
  }
  return { plan: readStatements, apply: [...readStatements, ...writeStatements], services };
}
