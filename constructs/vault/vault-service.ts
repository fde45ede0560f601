import { Construct } from 'constructs';
import { DatabaseRole, serviceSchemaName } from './database-role';
import { PkiRole } from './pki-role';
import { ServiceAppRole } from './service-app-role';
import {
  type DatabaseAccess,
  type IdentityGrants,
  type ServiceDeclaration,
  type ServiceNames,
  type VaultMountPaths,
  bootstrapPolicyGrants,
  serviceIdentities,
  serviceNames,
  servicePolicyGrants,
} from './service-grants';
import { ServiceJwtRole } from './service-jwt-role';
import { ServiceKubernetesRole } from './service-kubernetes-role';
import { SigningKeySet } from './signing-key-set';
import { VaultPolicy } from './vault-policy';

/** A service declaration with its tunables (TTLs, schema, AppRole limits). */
export interface VaultServiceSpec extends ServiceDeclaration {
  /** @default 900 */
  readonly tokenTtlSeconds?: number;
  /** @default 3600 */
  readonly tokenMaxTtlSeconds?: number;
  readonly database?: {
    readonly access: DatabaseAccess;
    /** @default - the service name with `-` replaced by `_` */
    readonly schema?: string;
    /** @default 3600 */
    readonly defaultTtlSeconds?: number;
    /** @default 86400 */
    readonly maxTtlSeconds?: number;
  };
  readonly certificates?: {
    readonly allowedDomains: readonly string[];
    /** @default false */
    readonly allowSubdomains?: boolean;
    /** @default 30 */
    readonly ttlDays?: number;
    /** @default false */
    readonly clientAuth?: boolean;
  };
  /** AppRole limits of a `direct` service. @default - secret_id 7 days, 50 uses */
  readonly appRole?: { readonly secretIdTtlSeconds?: number; readonly secretIdNumUses?: number };
}

export interface VaultServiceProps {
  readonly service: VaultServiceSpec;
  /**
   * Mount and auth paths of the environment's Vault configuration. The mounts live in `vault-config-<env>`; the
   * service's resources name them by these literal paths, so its stack reads no other stack's state.
   */
  readonly mounts: VaultMountPaths;
  /** `max_versions` of the KV engine (`vault.kv.maxVersions`), repeated on a signing key-set's metadata. @default 10 */
  readonly kvMaxVersions?: number;
  /** @default 'vault' */
  readonly audience?: string;
  /** Networks a `direct` service logs in from (its cluster's VPC). Required for `direct` services. @default - none */
  readonly appRoleBoundCidrs?: readonly string[];
  /** Connection of the database secrets engine (`postgres`). Required when the service declares database access. @default - none */
  readonly databaseConnection?: string;
  /** Base domains of the PKI hierarchy (`vault.pki.allowedBaseDomains`). Required when the service declares certificates. @default - none */
  readonly pkiBaseDomains?: readonly string[];
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
export const MIN_JUSTIFICATION_LENGTH = 20;

/**
 * Everything Vault needs for one declared service, least privilege by construction: its policy (from
 * `servicePolicyGrants`), a role bound to its service account on its cluster's auth method (Kubernetes or JWT), and,
 * when declared, an AppRole (Direct-Vault, with a bootstrap policy for ESO), a database role, a certificate role and
 * the signing key-set structure.
 */
export class VaultService extends Construct {
  readonly names: ServiceNames;
  readonly policy: VaultPolicy;
  readonly bootstrapPolicy?: VaultPolicy;
  /** The role the service account logs in with on its cluster's auth method. */
  readonly clusterRole: ServiceKubernetesRole | ServiceJwtRole;
  readonly appRole?: ServiceAppRole;
  readonly databaseRole?: DatabaseRole;
  readonly pkiRole?: PkiRole;
  readonly signingKeySet?: SigningKeySet;
  /** The identities and grants of this service (the access model). */
  readonly identities: readonly IdentityGrants[];

  constructor(scope: Construct, id: string, props: VaultServiceProps) {
    super(scope, id);
    const { service, mounts } = props;
    const problems: string[] = [];
    if (!DNS1123_LABEL.test(service.name)) problems.push(`service.name: expected a DNS-1123 label (lower-case letters, digits, '-', at most 63), got "${service.name}"`);
    service.secrets.forEach(({ key, purpose }, i) => {
      if (purpose.trim() === '') problems.push(`service.secrets[${i}].purpose: expected a one-line purpose for "${key}"`);
    });
    if (service.delivery === 'direct') {
      if ((service.justification ?? '').trim().length < MIN_JUSTIFICATION_LENGTH) {
        problems.push(`service.justification: "direct" delivery needs a written justification of at least ${MIN_JUSTIFICATION_LENGTH} characters`);
      }
      if (!props.appRoleBoundCidrs?.length) problems.push('appRoleBoundCidrs: required for "direct" delivery');
    }
    if (service.database && !props.databaseConnection) problems.push('databaseConnection: the service declares database access but no database connection was given');
    if (service.certificates && !props.pkiBaseDomains?.length) problems.push('pkiBaseDomains: the service declares certificates but no PKI base domains were given');
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);

    this.names = serviceNames(service, mounts);
    this.identities = serviceIdentities(service, mounts);
    this.policy = new VaultPolicy(this, 'policy', { name: this.names.policyName, grants: servicePolicyGrants(service, mounts) });
    const tokenTtls = { tokenTtlSeconds: service.tokenTtlSeconds, tokenMaxTtlSeconds: service.tokenMaxTtlSeconds };

    if (service.delivery === 'direct') {
      this.bootstrapPolicy = new VaultPolicy(this, 'bootstrap-policy', {
        name: this.names.bootstrapPolicyName,
        grants: bootstrapPolicyGrants(service, mounts),
      });
      this.appRole = new ServiceAppRole(this, 'app-role', {
        backend: mounts.appRole,
        roleName: this.names.roleName,
        policies: [this.policy],
        boundCidrs: props.appRoleBoundCidrs!,
        bootstrapPath: this.names.bootstrapKvPath,
        secretIdTtlSeconds: service.appRole?.secretIdTtlSeconds,
        secretIdNumUses: service.appRole?.secretIdNumUses,
        ...tokenTtls,
      });
    }
    const clusterAuth = mounts.clusterAuth[service.cluster];
    const role = {
      backend: clusterAuth.path,
      roleName: service.name,
      serviceAccount: service.serviceAccount,
      namespace: service.namespace,
      policies: [this.bootstrapPolicy ?? this.policy],
      audience: props.audience,
      ...tokenTtls,
    };
    this.clusterRole =
      clusterAuth.method === 'kubernetes' ? new ServiceKubernetesRole(this, 'kubernetes-role', role) : new ServiceJwtRole(this, 'jwt-role', role);

    if (service.database) {
      this.databaseRole = new DatabaseRole(this, 'database-role', {
        mountPath: mounts.database,
        connectionName: props.databaseConnection!,
        name: this.names.roleName,
        access: service.database.access,
        schema: serviceSchemaName(service.name, service.database.schema),
        defaultTtlSeconds: service.database.defaultTtlSeconds,
        maxTtlSeconds: service.database.maxTtlSeconds,
      });
    }
    if (service.certificates) {
      this.pkiRole = new PkiRole(this, 'pki-role', {
        intermediatePath: mounts.pkiIntermediate,
        allowedBaseDomains: props.pkiBaseDomains!,
        name: this.names.roleName,
        serviceName: service.name,
        allowedDomains: service.certificates.allowedDomains,
        allowSubdomains: service.certificates.allowSubdomains,
        ttlDays: service.certificates.ttlDays,
        clientAuth: service.certificates.clientAuth,
      });
    }
    if (service.signingKeys) {
      this.signingKeySet = new SigningKeySet(this, 'signing-keys', {
        kvPath: mounts.kv,
        maxVersions: props.kvMaxVersions ?? 10,
        secretPath: this.names.signingKeysPath,
        keys: service.signingKeys.keys,
      });
    }
  }
}
