import { VaultProvider } from '@cdktf/provider-vault/lib/provider';
import { Fn, TerraformOutput, TerraformVariable } from 'cdktf';
import { type Construct } from 'constructs';
import { AppRoleAuth } from '../constructs/vault/app-role-auth';
import { AuditDevices } from '../constructs/vault/audit-devices';
import { ClusterJwtAuth } from '../constructs/vault/cluster-jwt-auth';
import { DEFAULT_CONNECTION_NAME, DatabaseSecretsEngine, type PostgresEndpoint } from '../constructs/vault/database-secrets-engine';
import { HcpTerraformJwtAuth } from '../constructs/vault/hcp-terraform-jwt-auth';
import { KubernetesAuth, type KubernetesClusterEndpoint } from '../constructs/vault/kubernetes-auth';
import { KvSecretsEngine } from '../constructs/vault/kv-secrets-engine';
import { PkiHierarchy } from '../constructs/vault/pki-hierarchy';
import { accessModel } from '../constructs/vault/access-model';
import { type PlatformAdminInputs } from '../constructs/vault/platform-admin-grants';
import { PlatformAdminPolicy } from '../constructs/vault/platform-admin-policy';
import { SecretIdIssuer } from '../constructs/vault/secret-id-issuer';
import { SECRET_ID_ISSUER } from '../constructs/vault/secret-id-issuer-grants';
import { CLUSTER_NAMES, type ClusterName, DEFAULT_MOUNT_PATHS, type IdentityGrants, type VaultMountPaths } from '../constructs/vault/service-grants';
import { RaftSnapshotIdentity } from '../constructs/vault/raft-snapshot-identity';
import { VaultService, type VaultServiceSpec } from '../constructs/vault/vault-service';
import { RAFT_SNAPSHOT_ROLE } from '../constructs/vault-server/vault-server-names';
import { type EnvironmentConfig } from '../environments/schema';
import { vaultHostname } from '../environments/vault-access-schema';
import { type ClusterStack } from './cluster-stack';
import { type DataStack } from './data-stack';
import { PlatformStack, type PlatformStackProps, workspaceName } from './platform-stack';

export interface VaultConfigStackProps extends PlatformStackProps {
  /** Private Vault address, `https://vault.<zone>:8200` (the vault-access stack's `vaultAddress`). */
  readonly vaultAddress: string;
  /**
   * API server, CA (PEM) and OIDC issuer of each cluster (the cluster stacks' outputs). A cluster on JWT auth
   * (`mounts.clusterAuth`: the application cluster) uses its issuer only; Vault never calls its API.
   */
  readonly clusters: Readonly<Record<ClusterName, KubernetesClusterEndpoint>>;
  /** The environment's PostgreSQL (the data stack's outputs); required when a service declares database access. */
  readonly database?: PostgresEndpoint;
}

/**
 * `vault-config-<env>`: everything configured inside Vault for one environment. Runs need network reach to the
 * private Vault address (HCP Terraform agents inside the VPC) and authenticate with HCP Terraform dynamic provider
 * credentials (JWT auth, role = this stack's workspace), so no Vault token appears in code, config or state.
 * See docs/secrets-architecture.md.
 */
export class VaultConfigStack extends PlatformStack {
  readonly vaultProvider: VaultProvider;
  readonly mounts: VaultMountPaths;
  readonly kv: KvSecretsEngine;
  /** How each cluster's service accounts log in: Kubernetes auth (tooling) or JWT auth on the cluster issuer (application). */
  readonly clusterAuth: Readonly<Record<ClusterName, KubernetesAuth | ClusterJwtAuth>>;
  readonly appRoleAuth: AppRoleAuth;
  readonly database?: DatabaseSecretsEngine;
  readonly pki: PkiHierarchy;
  readonly audit: AuditDevices;
  readonly adminPolicy: PlatformAdminPolicy;
  /** The AppRole secret-ID issuer; present when a service uses `direct` delivery. */
  readonly secretIdIssuer?: SecretIdIssuer;
  readonly terraformAuth: HcpTerraformJwtAuth;
  readonly services: readonly VaultService[];
  /** Identity of the raft snapshot CronJob of the vault-server stack (snapshot only). */
  readonly raftSnapshot: RaftSnapshotIdentity;
  /** Every identity and its grants, as deployed (the access matrix is generated from the same model). */
  readonly accessModel: readonly IdentityGrants[];

  constructor(scope: Construct, props: VaultConfigStackProps) {
    super(scope, 'vault-config', props);
    const env = props.environment;
    const vault = env.vault;
    const needsDatabase = vault.services.some((s) => s.database);
    if (needsDatabase && !props.database) {
      const names = vault.services.filter((s) => s.database).map((s) => s.name);
      throw new Error(`${this.node.path}: database: services ${names.join(', ')} declare database access but no database endpoint was given`);
    }

    // The CA comes from the vault-server stack (output vault-ca-certificate-pem). With dynamic credentials HCP Terraform
    // writes TFC_VAULT_ENCODED_CACERT to a file and points the provider at it, so this stays null; the root-token
    // bootstrap run sets it to a file on the agent (docs/vault-server.md, "How the CA reaches the Vault provider").
    const caCertFile = new TerraformVariable(this, 'vault_ca_cert_file', {
      type: 'string',
      nullable: true,
      description: 'Path, on the HCP Terraform agent, of the Vault listener CA (vault-server output vault-ca-certificate-pem). Leave null when TFC_VAULT_ENCODED_CACERT is set.',
    });
    // `default: null` in the constructor props crashes cdktf 0.21's synth (keysToSnakeCase on null); the override writes it.
    caCertFile.addOverride('default', null);
    this.vaultProvider = new VaultProvider(this, 'vault', {
      address: props.vaultAddress,
      caCertFile: caCertFile.stringValue,
      // The token comes from HCP Terraform dynamic provider credentials (TFC_VAULT_* workspace variables): use it
      // as issued (short-lived, bound to this workspace) instead of minting a child token.
      skipChildToken: true,
    });

    this.mounts = vaultMountPaths(env);
    this.audit = new AuditDevices(this, 'audit', { devices: vault.audit });
    this.kv = new KvSecretsEngine(this, 'kv', { path: vault.kv.path, maxVersions: vault.kv.maxVersions });
    this.clusterAuth = Object.fromEntries(
      CLUSTER_NAMES.map((cluster) => {
        const { method, path } = this.mounts.clusterAuth[cluster];
        const auth =
          method === 'kubernetes'
            ? new KubernetesAuth(this, `kubernetes-${cluster}`, { path, cluster: props.clusters[cluster] })
            : new ClusterJwtAuth(this, `jwt-${cluster}`, { path, issuer: props.clusters[cluster].issuer });
        return [cluster, auth];
      }),
    ) as Record<ClusterName, KubernetesAuth | ClusterJwtAuth>;
    this.appRoleAuth = new AppRoleAuth(this, 'approle', { path: this.mounts.appRole });
    if (props.database) {
      this.database = new DatabaseSecretsEngine(this, 'database', {
        database: props.database,
        path: this.mounts.database,
        username: vault.databaseCredentials.username,
      });
    }
    this.pki = new PkiHierarchy(this, 'pki', {
      vaultAddress: props.vaultAddress,
      commonNamePrefix: this.namePrefix,
      organization: vault.pki.organization,
      allowedBaseDomains: vault.pki.allowedBaseDomains,
      reservedNames: [vaultHostname(env.vaultAccess)],
      rootPath: this.mounts.pkiRoot,
      intermediatePath: this.mounts.pkiIntermediate,
    });

    const adminInputs: PlatformAdminInputs = { ...platformAdminInputs(env), databaseConnection: this.database?.connectionName };
    const [workspace] = adminInputs.workspaces;
    const specs = serviceSpecs(env);
    this.adminPolicy = new PlatformAdminPolicy(this, 'platform-admin', { inputs: adminInputs });
    this.terraformAuth = new HcpTerraformJwtAuth(this, 'hcp-terraform', {
      path: this.mounts.jwt,
      workspaces: [
        {
          organization: props.deployment.organization ?? env.hcpTerraform.organization,
          project: props.deployment.project ?? env.hcpTerraform.project,
          workspace,
        },
      ],
      policies: [this.adminPolicy.policy],
    });

    const clash = specs.find((s) => s.cluster === 'tooling' && s.name === RAFT_SNAPSHOT_ROLE);
    if (clash) throw new Error(`${this.node.path}: vault.services: "${clash.name}" is the Kubernetes auth role of the raft snapshot job on the tooling cluster; rename the service`);
    const toolingAuth = this.clusterAuth.tooling;
    if (!(toolingAuth instanceof KubernetesAuth)) throw new Error(`${this.node.path}: the raft snapshot job logs in with Kubernetes auth on the tooling cluster`);
    this.raftSnapshot = new RaftSnapshotIdentity(this, 'raft-snapshot', { auth: toolingAuth });
    this.services = specs.map(
      (service) =>
        new VaultService(this, `service-${service.name}`, {
          service,
          mounts: this.mounts,
          kv: this.kv,
          clusterAuth: this.clusterAuth[service.cluster],
          audience: vault.kubernetes.audience,
          appRoleAuth: this.appRoleAuth,
          appRoleBoundCidrs: [env.network.vpcs[service.cluster].cidr],
          database: this.database,
          pki: this.pki,
        }),
    );
    const issuerAuth = this.clusterAuth[SECRET_ID_ISSUER.cluster];
    if (specs.some((s) => s.delivery === 'direct')) {
      if (!(issuerAuth instanceof KubernetesAuth)) throw new Error(`${this.node.path}: the secret-ID issuer logs in with Kubernetes auth on the ${SECRET_ID_ISSUER.cluster} cluster`);
      this.secretIdIssuer = new SecretIdIssuer(this, 'secret-id-issuer', {
        services: specs,
        mounts: this.mounts,
        kubernetesAuth: issuerAuth,
        audience: vault.kubernetes.audience,
      });
    }
    this.accessModel = accessModel(adminInputs);

    new TerraformOutput(this, 'pki-root-certificate', {
      value: this.pki.rootCertificate.certificate,
      description: 'Root CA certificate (public): add it to trust stores of clients of service certificates',
    });
    for (const cluster of CLUSTER_NAMES) {
      const { method, path } = this.mounts.clusterAuth[cluster];
      new TerraformOutput(this, `${path}-auth-path`, {
        value: this.clusterAuth[cluster].backend.path,
        description:
          method === 'kubernetes'
            ? `Kubernetes auth path for the ${cluster} cluster (ESO SecretStore auth.kubernetes.mountPath)`
            : `JWT auth path for the ${cluster} cluster's service account tokens (ESO SecretStore auth.jwt.path)`,
      });
    }
  }
}

/** Mount and auth paths of an environment: the conventional ones, with the configured KV path and audit devices. */
export function vaultMountPaths(env: EnvironmentConfig): VaultMountPaths {
  return { ...DEFAULT_MOUNT_PATHS, kv: env.vault.kv.path, audit: env.vault.audit.map((d) => d.path) };
}

/** What the platform-admin policy of an environment is generated from (the stack uses the same, see above). */
export function platformAdminInputs(env: EnvironmentConfig): PlatformAdminInputs {
  return {
    mounts: vaultMountPaths(env),
    services: serviceSpecs(env),
    workspaces: [workspaceName(env, 'vault-config')],
    databaseConnection: env.database ? DEFAULT_CONNECTION_NAME : undefined,
  };
}

/** The environment's service declarations with the environment defaults applied. */
export function serviceSpecs(env: EnvironmentConfig): VaultServiceSpec[] {
  const vault = env.vault;
  return vault.services.map((s) => ({
    ...s,
    tokenTtlSeconds: s.tokenTtlSeconds ?? Math.min(vault.tokens.ttlSeconds, s.tokenMaxTtlSeconds ?? vault.tokens.maxTtlSeconds),
    tokenMaxTtlSeconds: s.tokenMaxTtlSeconds ?? vault.tokens.maxTtlSeconds,
    database: s.database && {
      ...s.database,
      defaultTtlSeconds: s.database.defaultTtlSeconds ?? Math.min(vault.databaseCredentials.defaultTtlSeconds, s.database.maxTtlSeconds ?? Infinity),
      maxTtlSeconds: s.database.maxTtlSeconds ?? vault.databaseCredentials.maxTtlSeconds,
    },
    certificates: s.certificates && { ...s.certificates, ttlDays: s.certificates.ttlDays ?? vault.pki.leafTtlDays },
  }));
}

/** What the Kubernetes auth method needs from a cluster stack (its CA output is base64, Vault wants PEM). */
export function kubernetesEndpointOf(cluster: ClusterStack): KubernetesClusterEndpoint {
  return { host: cluster.endpoint, caCertificatePem: Fn.base64decode(cluster.certificateAuthorityData), issuer: cluster.oidcIssuerUrl };
}

/** What the database secrets engine needs from the data stack. */
export function postgresEndpointOf(data: DataStack): PostgresEndpoint {
  return { address: data.database.address, port: data.database.port, databaseName: data.database.databaseName };
}
