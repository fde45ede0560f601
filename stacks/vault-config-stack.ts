import { VaultProvider } from '@cdktf/provider-vault/lib/provider';
import { Fn, TerraformOutput, TerraformVariable } from 'cdktf';
import { type Construct } from 'constructs';
import { AppRoleAuth } from '../constructs/vault/app-role-auth';
import { AuditDevices } from '../constructs/vault/audit-devices';
import { ClusterJwtAuth } from '../constructs/vault/cluster-jwt-auth';
import { DatabaseSecretsEngine, type PostgresEndpoint } from '../constructs/vault/database-secrets-engine';
import { HcpTerraformJwtAuth } from '../constructs/vault/hcp-terraform-jwt-auth';
import { KubernetesAuth, type KubernetesClusterEndpoint } from '../constructs/vault/kubernetes-auth';
import { KvSecretsEngine } from '../constructs/vault/kv-secrets-engine';
import { PkiHierarchy } from '../constructs/vault/pki-hierarchy';
import { type PlatformAdminInputs } from '../constructs/vault/platform-admin-grants';
import { PlatformAdminPolicy } from '../constructs/vault/platform-admin-policy';
import { serviceCatalogGrants } from '../constructs/vault/service-catalog-grants';
import {
  CLUSTER_NAMES,
  type ClusterName,
  SERVICE_CATALOG_POLICY,
  type VaultMountPaths,
  serviceRoleNamePatterns,
} from '../constructs/vault/service-grants';
import { RaftSnapshotIdentity } from '../constructs/vault/raft-snapshot-identity';
import { VaultPolicy } from '../constructs/vault/vault-policy';
import { vaultHostname } from '../environments/vault-access-schema';
import { type ClusterStack } from './cluster-stack';
import { type DataStack } from './data-stack';
import { PlatformStack, type PlatformStackProps, hcpTerraformLocation, workspaceName } from './platform-stack';
import { platformAdminInputs, serviceStacksWorkspaces, vaultMountPaths } from './service-catalog';

export interface VaultConfigStackProps extends PlatformStackProps {
  /** Private Vault address, `https://vault.<zone>:8200` (the vault-access stack's `vaultAddress`). */
  readonly vaultAddress: string;
  /**
   * API server, CA (PEM) and OIDC issuer of each cluster (the cluster stacks' outputs). A cluster on JWT auth
   * (`mounts.clusterAuth`: the application cluster) uses its issuer only; Vault never calls its API.
   */
  readonly clusters: Readonly<Record<ClusterName, KubernetesClusterEndpoint>>;
  /** The environment's PostgreSQL (the data stack's outputs); present when the environment has a database. */
  readonly database?: PostgresEndpoint;
}

/**
 * `vault-config-<env>`: the platform's configuration inside Vault for one environment: mounts, auth methods, the PKI
 * hierarchy, the database connection, audit, the platform-admin policy, the raft snapshot job's identity, and the
 * policy and HCP Terraform role of the service stacks. Nothing per service: the services' policies and roles live in
 * the service stacks (docs/service-catalog.md), which name these mounts by path. Runs need network reach to the
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
  /** The policy of every service stack run (service-catalog-grants.ts). */
  readonly serviceCatalogPolicy: VaultPolicy;
  readonly terraformAuth: HcpTerraformJwtAuth;
  /** Identity of the raft snapshot CronJob of the vault-server stack (snapshot only). */
  readonly raftSnapshot: RaftSnapshotIdentity;

  constructor(scope: Construct, props: VaultConfigStackProps) {
    super(scope, 'vault-config', props);
    const env = props.environment;
    const vault = env.vault;
    if (env.database && !props.database) throw new Error(`${this.node.path}: database: the environment has a database section but no database endpoint was given`);

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
        allowedRoles: serviceRoleNamePatterns(),
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
    const location = hcpTerraformLocation(env, props.deployment);
    this.adminPolicy = new PlatformAdminPolicy(this, 'platform-admin', { inputs: adminInputs });
    this.serviceCatalogPolicy = new VaultPolicy(this, 'service-catalog', {
      name: SERVICE_CATALOG_POLICY,
      grants: serviceCatalogGrants({ mounts: this.mounts, database: this.database !== undefined }),
    });
    const services = serviceStacksWorkspaces(env, location);
    this.terraformAuth = new HcpTerraformJwtAuth(this, 'hcp-terraform', {
      path: this.mounts.jwt,
      workspaces: [{ ...location, workspace: workspaceName(env, 'vault-config') }],
      policies: [this.adminPolicy.policy],
      workspaceGroups: [{ ...location, roleName: services.roleName, workspacePrefix: services.prefix, workspaceSuffix: services.suffix, policies: [this.serviceCatalogPolicy] }],
    });

    const toolingAuth = this.clusterAuth.tooling;
    if (!(toolingAuth instanceof KubernetesAuth)) throw new Error(`${this.node.path}: the raft snapshot job logs in with Kubernetes auth on the tooling cluster`);
    this.raftSnapshot = new RaftSnapshotIdentity(this, 'raft-snapshot', { auth: toolingAuth });

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

/** What the Kubernetes auth method needs from a cluster stack (its CA output is base64, Vault wants PEM). */
export function kubernetesEndpointOf(cluster: ClusterStack): KubernetesClusterEndpoint {
  return { host: cluster.endpoint, caCertificatePem: Fn.base64decode(cluster.certificateAuthorityData), issuer: cluster.oidcIssuerUrl };
}

/** What the database secrets engine needs from the data stack. */
export function postgresEndpointOf(data: DataStack): PostgresEndpoint {
  return { address: data.database.address, port: data.database.port, databaseName: data.database.databaseName };
}
