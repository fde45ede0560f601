/**
 * Which Terraform resource and data source types put a secret into state, and when: the contract behind the
 * state-sharing check (stacks/state-sharing.ts, docs/state-sharing.md).
 *
 * A value counts as a secret when disclosing it grants access or lets someone impersonate a party: private keys,
 * passwords, tokens, secret IDs, secret data. Evidence, per provider, at the version the project pins:
 * - the attributes the provider's schema marks `Sensitive`, read in its source at the pinned tag (`source` below:
 *   hashicorp/terraform-provider-<name>, file path at the tag in `PINNED_PROVIDERS`); each one is listed either as a
 *   secret or, with the reason, as not one (`notSecret`);
 * - write-only attributes (`*_wo`, Terraform >= 1.11) are never stored in state and are not secrets of the state;
 * - types whose whole purpose is to hold or read secret data are secrets even where the schema forgets the flag
 *   (`kubernetes_secret_v1_data.data` is not marked Sensitive at v2.38.0).
 * For the AWS provider (too large to read whole here) every type in use was classified by what it stores; the
 * Sensitive attributes of the types that have them were read in the provider source where noted.
 *
 * When a secret is in state (`stored`):
 * - `always`: the provider writes it whatever the configuration (a generated key, a token read back);
 * - `when-set`: the configuration sets it, as a reference or expression (a literal value is already public in the
 *   synthesized configuration, and policy rule VP-SEC-1 rejects literal secrets at synth);
 * - `{ when, equals }`: only when another argument has that value (`type = "exported"` for a Vault PKI key);
 * - `{ whenSet }`: computed, but only when another argument is set (`write_fields` of a Vault generic endpoint).
 *
 * Every type the app uses must be listed; __tests__/stacks/state-sharing.test.ts fails on one that is not, so a new
 * resource type, or a provider upgrade (the pinned versions are compared with the synthesized ones), is a reviewed
 * diff of this file.
 */

export type ContractProvider = 'aws' | 'tls' | 'vault' | 'kubernetes' | 'helm' | 'tfe' | 'http';

/** Provider versions this contract was read at; a test compares them with `required_providers` of the app. */
export const PINNED_PROVIDERS: Readonly<Record<ContractProvider, { readonly repository: string; readonly version: string }>> = {
  aws: { repository: 'hashicorp/terraform-provider-aws', version: '6.25.0' },
  tls: { repository: 'hashicorp/terraform-provider-tls', version: '4.1.0' },
  vault: { repository: 'hashicorp/terraform-provider-vault', version: '5.6.0' },
  kubernetes: { repository: 'hashicorp/terraform-provider-kubernetes', version: '2.38.0' },
  helm: { repository: 'hashicorp/terraform-provider-helm', version: '3.1.1' },
  tfe: { repository: 'hashicorp/terraform-provider-tfe', version: '0.71.0' },
  http: { repository: 'hashicorp/terraform-provider-http', version: '3.5.0' },
};

export type SecretStored =
  | 'always'
  | 'when-set'
  | { readonly when: string; readonly equals: string | boolean }
  /** Stored (computed) only when another argument is set. */
  | { readonly whenSet: string };

export interface SecretAttribute {
  /** Attribute path: nested blocks joined with `.`, `*` for any one block name (`*.password`). */
  readonly path: string;
  readonly stored: SecretStored;
  /** What the value is, for reports. */
  readonly what: string;
}

export interface NonSecretAttribute {
  readonly path: string;
  /** Why a Sensitive (or write-only) attribute is no secret of the state. */
  readonly why: string;
}

export interface TypeContract {
  readonly provider: ContractProvider;
  /** Schema source file at the pinned tag, where it was read. */
  readonly source?: string;
  readonly secrets: readonly SecretAttribute[];
  readonly notSecret?: readonly NonSecretAttribute[];
}

/** Key of a type in the contract: `resource.<type>` or `data.<type>`. */
export type TypeKey = `${'resource' | 'data'}.${string}`;

const WRITE_ONLY = 'write-only: never stored in state (Terraform >= 1.11)';

function noSecrets(provider: ContractProvider, keys: readonly TypeKey[]): Record<string, TypeContract> {
  return Object.fromEntries(keys.map((key) => [key, { provider, secrets: [] }]));
}

/** Types of the app (and likely next ones) that hold no secret in state, by provider. */
const WITHOUT_SECRETS: Record<string, TypeContract> = {
  ...noSecrets('aws', [
    'data.aws_caller_identity',
    // A cluster's name, endpoint, CA certificate (public), OIDC issuer and settings: no credential (the service stacks
    // configure their kubernetes providers from it; the token comes from the ephemeral aws_eks_cluster_auth).
    'data.aws_eks_cluster',
    // Metadata of a key alias and of a secret (ARN, name, KMS key); a secret's value is only in a secret version.
    'data.aws_kms_alias',
    'data.aws_secretsmanager_secret',
    'data.aws_partition',
    'data.aws_region',
    // A dashboard body is layout, metric names and alarm ARNs: nothing that grants access.
    'resource.aws_cloudwatch_dashboard',
    'resource.aws_cloudwatch_log_group',
    'resource.aws_cloudwatch_log_metric_filter',
    'resource.aws_cloudwatch_log_stream',
    'resource.aws_cloudwatch_metric_alarm',
    'resource.aws_db_parameter_group',
    'resource.aws_db_subnet_group',
    'resource.aws_default_security_group',
    'resource.aws_ec2_client_vpn_authorization_rule',
    'resource.aws_ec2_client_vpn_endpoint',
    'resource.aws_ec2_client_vpn_network_association',
    // ECS: the agent task definition passes the agent token by Secrets Manager ARN (`secrets`), never by value; a
    // literal credential in `container_definitions` would be caught by VP-SEC-1 at synth.
    'resource.aws_ecs_cluster',
    'resource.aws_ecs_service',
    'resource.aws_ecs_task_definition',
    'resource.aws_eip',
    'resource.aws_eks_access_entry',
    'resource.aws_eks_access_policy_association',
    'resource.aws_eks_addon',
    'resource.aws_eks_cluster',
    'resource.aws_eks_node_group',
    'resource.aws_flow_log',
    'resource.aws_iam_openid_connect_provider',
    'resource.aws_iam_policy',
    'resource.aws_iam_role',
    'resource.aws_iam_role_policy',
    'resource.aws_iam_role_policy_attachment',
    'resource.aws_internet_gateway',
    'resource.aws_kms_alias',
    'resource.aws_kms_key',
    'resource.aws_launch_template',
    'resource.aws_lb',
    'resource.aws_lb_target_group',
    'resource.aws_nat_gateway',
    'resource.aws_route',
    'resource.aws_route53_record',
    'resource.aws_route53_zone',
    'resource.aws_route_table',
    'resource.aws_route_table_association',
    'resource.aws_s3_bucket',
    'resource.aws_s3_bucket_lifecycle_configuration',
    'resource.aws_s3_bucket_metric',
    'resource.aws_s3_bucket_ownership_controls',
    'resource.aws_s3_bucket_policy',
    'resource.aws_s3_bucket_public_access_block',
    'resource.aws_s3_bucket_server_side_encryption_configuration',
    'resource.aws_s3_bucket_versioning',
    // The secret's metadata and resource policy only; its value would be an aws_secretsmanager_secret_version.
    'resource.aws_secretsmanager_secret',
    'resource.aws_secretsmanager_secret_policy',
    'resource.aws_security_group',
    'resource.aws_sns_topic',
    'resource.aws_sns_topic_policy',
    'resource.aws_subnet',
    'resource.aws_vpc',
    'resource.aws_vpc_endpoint',
    'resource.aws_vpc_peering_connection',
    'resource.aws_vpc_security_group_egress_rule',
    'resource.aws_vpc_security_group_ingress_rule',
  ]),
  ...noSecrets('vault', [
    'resource.vault_approle_auth_backend_role',
    'resource.vault_audit',
    'resource.vault_auth_backend',
    'resource.vault_database_secret_backend_role',
    'resource.vault_jwt_auth_backend_role',
    'resource.vault_kubernetes_auth_backend_role',
    'resource.vault_kv_secret_backend_v2',
    'resource.vault_mount',
    'resource.vault_pki_secret_backend_config_urls',
    'resource.vault_pki_secret_backend_crl_config',
    'resource.vault_pki_secret_backend_intermediate_set_signed',
    'resource.vault_pki_secret_backend_role',
    // Stores the issued certificate only; at v5.6.0 the schema has no private key attribute (the key stays in Vault).
    'resource.vault_pki_secret_backend_root_cert',
    'resource.vault_pki_secret_backend_root_sign_intermediate',
    'resource.vault_policy',
  ]),
  ...noSecrets('kubernetes', [
    'resource.kubernetes_cluster_role_binding_v1',
    'resource.kubernetes_cluster_role_v1',
    'resource.kubernetes_config_map_v1',
    'resource.kubernetes_cron_job_v1',
    // Sensitive appears in the v2.38.0 SDKv2 schemas only for secret_v1 (data and resource) and tokenrequest_v1;
    // a Deployment's pod template holds no secret attribute (the scraper's has no env from Secrets).
    'resource.kubernetes_deployment_v1',
    'resource.kubernetes_job_v1',
    'resource.kubernetes_limit_range_v1',
    'resource.kubernetes_namespace_v1',
    'resource.kubernetes_network_policy_v1',
    'resource.kubernetes_pod_disruption_budget_v1',
    'resource.kubernetes_resource_quota_v1',
    'resource.kubernetes_role_binding_v1',
    'resource.kubernetes_role_v1',
    'resource.kubernetes_service_account_v1',
    'resource.kubernetes_service_v1',
    'resource.kubernetes_storage_class_v1',
    // ConfigMaps and namespaces are not secret by Kubernetes' own contract (Secrets are); the app reads only the
    // public trust-manager CA bundle and the Vault namespace's labels.
    'data.kubernetes_config_map_v1',
    'data.kubernetes_namespace_v1',
  ]),
  // tfe 0.71.0: organization objects and their settings; the tokens and sensitive variables are listed below.
  ...noSecrets('tfe', [
    'data.tfe_project',
    'data.tfe_team',
    'resource.tfe_agent_pool',
    'resource.tfe_agent_pool_allowed_workspaces',
    'resource.tfe_project',
    'resource.tfe_run_trigger',
    'resource.tfe_team',
    'resource.tfe_team_access',
    'resource.tfe_workspace',
    'resource.tfe_workspace_settings',
  ]),
};

/** Types with attributes that hold secrets, or that the schema marks Sensitive without being secrets. */
const WITH_SENSITIVE_ATTRIBUTES: Record<string, TypeContract> = {
  // --- tls (hashicorp/terraform-provider-tls v4.1.0; no resource of this provider can be imported) ---
  'resource.tls_private_key': {
    provider: 'tls',
    source: 'internal/provider/resource_private_key.go',
    secrets: [
      { path: 'private_key_pem', stored: 'always', what: 'the generated private key (PEM)' },
      { path: 'private_key_pem_pkcs8', stored: 'always', what: 'the generated private key (PKCS#8 PEM)' },
      { path: 'private_key_openssh', stored: 'always', what: 'the generated private key (OpenSSH)' },
    ],
  },
  'resource.tls_self_signed_cert': {
    provider: 'tls',
    source: 'internal/provider/resource_self_signed_cert.go',
    secrets: [{ path: 'private_key_pem', stored: 'when-set', what: 'the private key the certificate is made from' }],
  },
  'resource.tls_locally_signed_cert': {
    provider: 'tls',
    source: 'internal/provider/resource_locally_signed_cert.go',
    secrets: [{ path: 'ca_private_key_pem', stored: 'when-set', what: 'the signing CA private key' }],
  },
  'resource.tls_cert_request': {
    provider: 'tls',
    source: 'internal/provider/resource_cert_request.go',
    secrets: [{ path: 'private_key_pem', stored: 'when-set', what: 'the private key of the request' }],
  },
  'data.tls_public_key': {
    provider: 'tls',
    source: 'internal/provider/data_source_public_key.go',
    secrets: [
      { path: 'private_key_pem', stored: 'when-set', what: 'the private key the public key is derived from' },
      { path: 'private_key_openssh', stored: 'when-set', what: 'the private key the public key is derived from' },
    ],
  },

  // --- aws (hashicorp/terraform-provider-aws v6.25.0) ---
  'resource.aws_acm_certificate': {
    provider: 'aws',
    source: 'internal/service/acm/certificate.go',
    secrets: [{ path: 'private_key', stored: 'when-set', what: 'the private key of an imported certificate' }],
  },
  'resource.aws_db_instance': {
    provider: 'aws',
    source: 'internal/service/rds/instance.go',
    secrets: [{ path: 'password', stored: 'when-set', what: 'the master password' }],
    notSecret: [
      { path: 'password_wo', why: WRITE_ONLY },
      { path: 'master_user_secret', why: 'ARN, KMS key and status of the Secrets Manager secret RDS manages; not the password' },
    ],
  },
  'resource.aws_db_instance_automated_backups_replication': {
    provider: 'aws',
    source: 'internal/service/rds/instance_automated_backups_replication.go',
    secrets: [],
    notSecret: [{ path: 'pre_signed_url', why: 'not Sensitive in the schema: a signature for that one replication request, not a reusable credential' }],
  },
  'resource.aws_kms_grant': {
    provider: 'aws',
    source: 'internal/service/kms/grant.go',
    secrets: [],
    notSecret: [
      {
        path: 'grant_token',
        why: 'marked Sensitive, but AWS KMS defines a grant token as "a unique, non-secret ... string that represents a grant" (KMS developer guide, grant concepts): it only lets the grantee principal use its own grant before the grant propagates',
      },
    ],
  },
  'resource.aws_lb_listener': {
    provider: 'aws',
    source: 'internal/service/elbv2/listener.go',
    secrets: [{ path: 'default_action.authenticate_oidc.client_secret', stored: 'when-set', what: 'the OIDC client secret of the listener' }],
  },
  'resource.aws_iam_access_key': {
    provider: 'aws',
    source: 'internal/service/iam/access_key.go',
    secrets: [
      { path: 'secret', stored: 'always', what: 'the secret access key' },
      { path: 'ses_smtp_password_v4', stored: 'always', what: 'the SES SMTP password derived from the secret key' },
    ],
  },
  'resource.aws_iam_user_login_profile': {
    provider: 'aws',
    source: 'internal/service/iam/user_login_profile.go',
    secrets: [{ path: 'password', stored: 'always', what: 'the generated console password (when no PGP key is given)' }],
  },
  'resource.aws_secretsmanager_secret_version': {
    provider: 'aws',
    source: 'internal/service/secretsmanager/secret_version.go',
    secrets: [
      { path: 'secret_string', stored: 'when-set', what: 'the secret value' },
      { path: 'secret_binary', stored: 'when-set', what: 'the secret value' },
    ],
    notSecret: [{ path: 'secret_string_wo', why: WRITE_ONLY }],
  },
  'data.aws_secretsmanager_secret_version': {
    provider: 'aws',
    source: 'internal/service/secretsmanager/secret_version_data_source.go',
    secrets: [
      { path: 'secret_string', stored: 'always', what: 'the secret value read from Secrets Manager' },
      { path: 'secret_binary', stored: 'always', what: 'the secret value read from Secrets Manager' },
    ],
  },
  'resource.aws_ssm_parameter': {
    provider: 'aws',
    source: 'internal/service/ssm/parameter.go',
    secrets: [{ path: 'value', stored: 'when-set', what: 'the parameter value (a SecureString is a secret)' }],
    notSecret: [{ path: 'value_wo', why: WRITE_ONLY }],
  },
  'data.aws_ssm_parameter': {
    provider: 'aws',
    source: 'internal/service/ssm/parameter_data_source.go',
    secrets: [{ path: 'value', stored: 'always', what: 'the parameter value read from SSM (decrypted SecureString)' }],
  },
  'resource.aws_s3_bucket_object_lock_configuration': {
    provider: 'aws',
    source: 'internal/service/s3/bucket_object_lock_configuration.go',
    secrets: [{ path: 'token', stored: 'when-set', what: 'the token that enables Object Lock on an existing bucket (deprecated)' }],
  },
  'resource.aws_s3_bucket_replication_configuration': {
    provider: 'aws',
    source: 'internal/service/s3/bucket_replication_configuration.go',
    secrets: [{ path: 'token', stored: 'when-set', what: 'the token that allows replication on an Object Lock bucket' }],
  },
  'data.aws_eks_cluster_auth': {
    provider: 'aws',
    source: 'internal/service/eks/cluster_auth_data_source.go',
    secrets: [{ path: 'token', stored: 'always', what: 'a bearer token for the cluster (use the ephemeral resource, as ClusterProviders does)' }],
  },

  // --- http (hashicorp/terraform-provider-http, internal/provider/data_source_http.go; read at the repository head,
  // not at the pinned 3.5.0 tag) --- The response is stored in state whatever it is; the app reads only the public
  // RDS CA bundle (vault-server). What would make it a secret: a credential sent in a header or a client key, or a
  // response the configuration itself declares sensitive.
  'data.http': {
    provider: 'http',
    source: 'internal/provider/data_source_http.go',
    secrets: [
      { path: 'request_headers', stored: 'when-set', what: 'request headers (not marked Sensitive: a credential sent to the URL)' },
      { path: 'client_key_pem', stored: 'when-set', what: 'the TLS client key sent to the URL' },
      { path: 'sensitive_response_body', stored: { when: 'response_is_sensitive', equals: true }, what: 'a response declared sensitive' },
    ],
  },

  // --- vault (hashicorp/terraform-provider-vault v5.6.0) ---
  'resource.vault_database_secret_backend_connection': {
    provider: 'vault',
    source: 'vault/resource_database_secret_backend_connection.go',
    secrets: ['password', 'pem_bundle', 'pem_json', 'base64_pem', 'private_key', 'service_account_json', 'tls_certificate_key'].map((name) => ({
      path: `*.${name}`,
      stored: 'when-set' as const,
      what: `the ${name.replace(/_/g, ' ')} Vault uses to connect to the database`,
    })),
    notSecret: [
      { path: '*.password_wo', why: WRITE_ONLY },
      { path: '*.private_key_wo', why: WRITE_ONLY },
      { path: '*.username', why: 'marked Sensitive for the ElastiCache plugin, where it is an AWS access key ID: an identifier (its secret key is `password`)' },
    ],
  },
  'resource.vault_generic_endpoint': {
    provider: 'vault',
    source: 'vault/resource_generic_endpoint.go',
    secrets: [
      { path: 'data_json', stored: 'when-set', what: 'the data written to the endpoint' },
      { path: 'write_data_json', stored: { whenSet: 'write_fields' }, what: 'fields of the write response kept in state (a generated credential, say)' },
    ],
  },
  'resource.vault_jwt_auth_backend': {
    provider: 'vault',
    source: 'vault/resource_jwt_auth_backend.go',
    secrets: [{ path: 'oidc_client_secret', stored: 'when-set', what: 'the OIDC client secret' }],
  },
  'resource.vault_kubernetes_auth_backend_config': {
    provider: 'vault',
    source: 'vault/resource_kubernetes_auth_backend_config.go',
    secrets: [{ path: 'token_reviewer_jwt', stored: 'when-set', what: 'a service account token Vault uses to call TokenReview' }],
  },
  'resource.vault_pki_secret_backend_intermediate_cert_request': {
    provider: 'vault',
    source: 'vault/resource_pki_secret_backend_intermediate_cert_request.go',
    secrets: [{ path: 'private_key', stored: { when: 'type', equals: 'exported' }, what: 'the intermediate CA private key (returned only for type "exported")' }],
  },
  'resource.vault_pki_secret_backend_cert': {
    provider: 'vault',
    source: 'vault/resource_pki_secret_backend_cert.go',
    secrets: [{ path: 'private_key', stored: 'always', what: 'the private key of the issued certificate' }],
  },
  'resource.vault_token': {
    provider: 'vault',
    source: 'vault/resource_token.go',
    secrets: [
      { path: 'client_token', stored: 'always', what: 'a Vault token' },
      { path: 'wrapped_token', stored: 'always', what: 'a response-wrapped Vault token' },
    ],
  },
  'resource.vault_approle_auth_backend_role_secret_id': {
    provider: 'vault',
    source: 'vault/resource_approle_auth_backend_role_secret_id.go',
    secrets: [
      { path: 'secret_id', stored: 'always', what: 'an AppRole secret ID' },
      { path: 'wrapping_token', stored: 'always', what: 'the wrapping token of a secret ID' },
    ],
  },
  'resource.vault_approle_auth_backend_login': {
    provider: 'vault',
    source: 'vault/resource_approle_auth_backend_login.go',
    secrets: [{ path: 'client_token', stored: 'always', what: 'a Vault token' }],
  },
  'resource.vault_generic_secret': {
    provider: 'vault',
    source: 'vault/resource_generic_secret.go',
    secrets: [
      { path: 'data_json', stored: 'when-set', what: 'the secret data written' },
      { path: 'data', stored: 'always', what: 'the secret data read back' },
    ],
  },
  'resource.vault_kv_secret_v2': {
    provider: 'vault',
    source: 'vault/resource_kv_secret_v2.go',
    secrets: [
      { path: 'data_json', stored: 'when-set', what: 'the secret data written' },
      { path: 'data', stored: 'always', what: 'the secret data read back' },
    ],
    notSecret: [{ path: 'data_json_wo', why: WRITE_ONLY }],
  },
  'data.vault_generic_secret': {
    provider: 'vault',
    source: 'vault/data_source_generic_secret.go',
    secrets: [{ path: 'data', stored: 'always', what: 'the secret data read from Vault' }],
  },
  'data.vault_kv_secret_v2': {
    provider: 'vault',
    source: 'vault/data_source_kv_secret_v2.go',
    secrets: [{ path: 'data', stored: 'always', what: 'the secret data read from Vault' }],
  },

  // --- kubernetes (hashicorp/terraform-provider-kubernetes v2.38.0) ---
  'resource.kubernetes_secret_v1': {
    provider: 'kubernetes',
    source: 'kubernetes/resource_kubernetes_secret_v1.go',
    // `data` is Optional+Computed: Kubernetes fills it for service-account-token secrets even when unset.
    secrets: [
      { path: 'data', stored: 'always', what: 'the Secret data (filled by Kubernetes for token secrets even when not configured)' },
      { path: 'binary_data', stored: 'when-set', what: 'the Secret binary data' },
    ],
  },
  'resource.kubernetes_secret': {
    provider: 'kubernetes',
    source: 'kubernetes/resource_kubernetes_secret_v1.go',
    secrets: [
      { path: 'data', stored: 'always', what: 'the Secret data (the deprecated name of kubernetes_secret_v1)' },
      { path: 'binary_data', stored: 'when-set', what: 'the Secret binary data' },
    ],
  },
  'data.kubernetes_secret': {
    provider: 'kubernetes',
    source: 'kubernetes/data_source_kubernetes_secret_v1.go',
    secrets: [
      { path: 'data', stored: 'always', what: 'the Secret data read from the cluster' },
      { path: 'binary_data', stored: 'always', what: 'the Secret binary data read from the cluster' },
    ],
  },
  'resource.kubernetes_secret_v1_data': {
    provider: 'kubernetes',
    source: 'kubernetes/resource_kubernetes_secret_v1_data.go',
    secrets: [{ path: 'data', stored: 'when-set', what: 'the Secret data (not marked Sensitive in the schema: a secret all the same)' }],
  },
  'data.kubernetes_secret_v1': {
    provider: 'kubernetes',
    source: 'kubernetes/data_source_kubernetes_secret_v1.go',
    secrets: [
      { path: 'data', stored: 'always', what: 'the Secret data read from the cluster' },
      { path: 'binary_data', stored: 'always', what: 'the Secret binary data read from the cluster' },
    ],
  },
  'resource.kubernetes_token_request_v1': {
    provider: 'kubernetes',
    source: 'kubernetes/resource_kubernetes_tokenrequest_v1.go',
    secrets: [{ path: 'token', stored: 'always', what: 'a service account token' }],
  },
  'resource.kubernetes_manifest': {
    provider: 'kubernetes',
    source: 'manifest/provider/resource.go',
    // Custom resources here (ExternalSecret, SecretStore, Certificate, Issuer) carry references, never secret data.
    secrets: [{ path: 'manifest', stored: { when: 'manifest.kind', equals: 'Secret' }, what: 'a Secret object with its data' }],
  },

  // --- helm (hashicorp/terraform-provider-helm v3.1.1) ---
  'resource.helm_release': {
    provider: 'helm',
    source: 'helm/resource_helm_release.go',
    secrets: [
      { path: 'set_sensitive', stored: 'when-set', what: 'values passed as sensitive' },
      { path: 'repository_password', stored: 'when-set', what: 'the chart repository password' },
    ],
    notSecret: [
      {
        path: 'values',
        why: 'not Sensitive in the schema; this project renders values from typed literals (helmValuesYaml) that the secrets lint checks, and its expressions there are identifiers (role ARNs); a secret belongs in set_sensitive, or better outside Terraform',
      },
    ],
  },

  'data.helm_template': {
    provider: 'helm',
    source: 'helm/data_helm_template.go',
    secrets: [
      { path: 'set_sensitive', stored: 'when-set', what: 'values passed as sensitive' },
      { path: 'repository_password', stored: 'when-set', what: 'the chart repository password' },
    ],
  },

  // --- tfe (hashicorp/terraform-provider-tfe v0.71.0) ---
  'resource.tfe_team_token': { provider: 'tfe', source: 'internal/provider/resource_tfe_team_token.go', secrets: [{ path: 'token', stored: 'always', what: 'an HCP Terraform team API token' }] },
  'resource.tfe_organization_token': {
    provider: 'tfe',
    source: 'internal/provider/resource_tfe_organization_token.go',
    secrets: [{ path: 'token', stored: 'always', what: 'an HCP Terraform organization API token' }],
  },
  'resource.tfe_agent_token': { provider: 'tfe', source: 'internal/provider/resource_tfe_agent_token.go', secrets: [{ path: 'token', stored: 'always', what: 'an HCP Terraform agent token' }] },
  'resource.tfe_audit_trail_token': {
    provider: 'tfe',
    source: 'internal/provider/resource_tfe_audit_trail_token.go',
    secrets: [{ path: 'token', stored: 'always', what: 'an HCP Terraform audit trail token' }],
  },
  'resource.tfe_variable': {
    provider: 'tfe',
    source: 'internal/provider/resource_tfe_variable.go',
    secrets: [{ path: 'value', stored: { when: 'sensitive', equals: true }, what: 'the value of a variable declared sensitive' }],
    notSecret: [
      { path: 'value', why: 'a variable not declared sensitive is shown in the HCP Terraform UI anyway' },
      { path: 'value_wo', why: WRITE_ONLY },
    ],
  },
  'resource.tfe_policy_set_parameter': {
    provider: 'tfe',
    source: 'internal/provider/resource_tfe_policy_set_parameter.go',
    secrets: [{ path: 'value', stored: { when: 'sensitive', equals: true }, what: 'the value of a parameter declared sensitive' }],
    notSecret: [{ path: 'value_wo', why: WRITE_ONLY }],
  },
  'resource.tfe_oauth_client': {
    provider: 'tfe',
    source: 'internal/provider/resource_tfe_oauth_client.go',
    secrets: ['key', 'oauth_token', 'private_key', 'secret'].map((path) => ({ path, stored: 'when-set' as const, what: `the VCS OAuth ${path.replace(/_/g, ' ')}` })),
  },
  'resource.tfe_ssh_key': {
    provider: 'tfe',
    source: 'internal/provider/resource_tfe_ssh_key.go',
    secrets: [{ path: 'key', stored: 'when-set', what: 'an SSH private key' }],
    notSecret: [{ path: 'key_wo', why: WRITE_ONLY }],
  },
  'resource.tfe_notification_configuration': {
    provider: 'tfe',
    source: 'internal/provider/resource_tfe_notification_configuration.go',
    secrets: [
      { path: 'token', stored: 'when-set', what: 'the HMAC token of a webhook' },
      { path: 'url', stored: 'when-set', what: 'a webhook URL (Slack and Teams URLs are credentials)' },
    ],
    notSecret: [{ path: 'token_wo', why: WRITE_ONLY }],
  },
  'resource.tfe_team_notification_configuration': {
    provider: 'tfe',
    source: 'internal/provider/resource_tfe_team_notification_configuration.go',
    secrets: [{ path: 'token', stored: 'when-set', what: 'the HMAC token of a webhook' }],
    notSecret: [{ path: 'token_wo', why: WRITE_ONLY }],
  },
  'resource.tfe_organization_run_task': {
    provider: 'tfe',
    source: 'internal/provider/resource_tfe_organization_run_task.go',
    secrets: [{ path: 'hmac_key', stored: 'when-set', what: 'the HMAC key that signs run task requests' }],
    notSecret: [{ path: 'hmac_key_wo', why: WRITE_ONLY }],
  },
  'resource.tfe_saml_settings': {
    provider: 'tfe',
    source: 'internal/provider/resource_tfe_saml_settings.go',
    secrets: [{ path: 'private_key', stored: 'when-set', what: 'the SAML signing private key' }],
    notSecret: [{ path: 'private_key_wo', why: WRITE_ONLY }],
  },
  'data.tfe_saml_settings': {
    provider: 'tfe',
    source: 'internal/provider/data_source_saml_settings.go',
    secrets: [{ path: 'private_key', stored: 'always', what: 'the SAML signing private key' }],
  },
  'data.tfe_outputs': {
    provider: 'tfe',
    source: 'internal/provider/data_source_outputs.go',
    secrets: [{ path: 'values', stored: 'always', what: "every output of the other workspace, sensitive ones included (a remote-state read: see the producer's outputs)" }],
  },
};

export const STATE_SECRET_CONTRACT: Readonly<Record<string, TypeContract>> = { ...WITHOUT_SECRETS, ...WITH_SENSITIVE_ATTRIBUTES };
