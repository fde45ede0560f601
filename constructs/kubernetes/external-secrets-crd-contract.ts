/**
 * The fields of ESO's custom resources the platform sets, transcribed from the CRDs of External Secrets Operator
 * v2.9.0 (the app version of chart 2.9.0): external-secrets/external-secrets@v2.9.0
 * `config/crds/bases/external-secrets.io_secretstores.yaml` and `..._externalsecrets.yaml`, version `v1`. Tests
 * check every SecretStore and ExternalSecret we render against it (no field outside the contract) and against the
 * schema of `@kubernetes-models/external-secrets` 2.0.0 (types, enums, patterns, required fields).
 *
 * Why both: the models' schemas reject wrong types and values but accept unknown fields, and they were generated
 * from an older API than v2.9.0: compared with the v2.9.0 CRDs they lack `VaultProvider.checkAndSet`,
 * `VaultAuth.gcp`, `ExternalSecretSpec.syncWindows`, `ExternalSecretTarget.manifest` and
 * `ExternalSecretDataRemoteRef.nullBytePolicy`, and their `creationPolicy` enum lacks `CreateOrMerge`. For the values
 * we set the models' schema and the v2.9.0 CRD agree (type, enum, pattern, required-ness), so the models validate what
 * we set and this list pins the names.
 *
 * Field paths are dotted; `[]` marks the items of a list; a path ending in `.*` is a map with free keys.
 */
/** What the CRD says about one field. */
export interface CrdField {
  readonly type: 'string' | 'integer' | 'list' | 'map';
  /** Allowed values (OpenAPI `enum`). */
  readonly enum?: readonly string[];
  /** OpenAPI `pattern`. */
  readonly pattern?: string;
  /** Listed in its parent's `required`. */
  readonly required?: boolean;
  /** Default or remark, for reviewers. */
  readonly note?: string;
  /**
   * Values of `enum` the models (older than v2.9.0) refuse; the platform never sets them. A test keeps this list true,
   * so a models upgrade that catches up shows here.
   */
  readonly unknownToModels?: readonly string[];
}

export interface CrdFieldContract {
  /** `<owner>/<repo>@<tag>:<path>` of the CRD. */
  readonly source: string;
  readonly apiVersion: string;
  readonly kind: string;
  /** The fields we may set. */
  readonly fields: Readonly<Record<string, CrdField>>;
}

const DNS_SUBDOMAIN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
const KEY_NAME_PATTERN = '^[-._a-zA-Z0-9]+$';
const str = (extra: Omit<CrdField, 'type'> = {}): CrdField => ({ type: 'string', ...extra });

export const SECRET_STORE_CONTRACT: CrdFieldContract = {
  source: 'external-secrets/external-secrets@v2.9.0:config/crds/bases/external-secrets.io_secretstores.yaml',
  apiVersion: 'external-secrets.io/v1',
  kind: 'SecretStore',
  fields: {
    apiVersion: str(),
    kind: str(),
    'metadata.name': str(),
    'metadata.namespace': str(),
    'metadata.labels.*': { type: 'map' },
    'spec.provider.vault.server': str({ required: true, note: 'https://vault.example.com:8200' }),
    'spec.provider.vault.path': str({ note: 'mount path of the KV engine' }),
    'spec.provider.vault.version': str({ enum: ['v1', 'v2'], note: 'default v2' }),
    'spec.provider.vault.caProvider.type': str({ enum: ['Secret', 'ConfigMap'], required: true }),
    'spec.provider.vault.caProvider.name': str({ pattern: DNS_SUBDOMAIN, required: true }),
    'spec.provider.vault.caProvider.key': str({ pattern: KEY_NAME_PATTERN, note: 'caProvider.namespace only in a ClusterSecretStore' }),
    'spec.provider.vault.auth.kubernetes.mountPath': str({ required: true, note: 'default "kubernetes"' }),
    'spec.provider.vault.auth.kubernetes.role': str({ required: true }),
    'spec.provider.vault.auth.kubernetes.serviceAccountRef.name': str({ pattern: DNS_SUBDOMAIN, required: true }),
    'spec.provider.vault.auth.kubernetes.serviceAccountRef.audiences': { type: 'list' },
    'spec.provider.vault.auth.jwt.path': str({ required: true, note: 'default "jwt"' }),
    'spec.provider.vault.auth.jwt.role': str(),
    'spec.provider.vault.auth.jwt.kubernetesServiceAccountToken.serviceAccountRef.name': str({ pattern: DNS_SUBDOMAIN, required: true }),
    'spec.provider.vault.auth.jwt.kubernetesServiceAccountToken.serviceAccountRef.audiences': { type: 'list' },
    'spec.provider.vault.auth.jwt.kubernetesServiceAccountToken.audiences': {
      type: 'list',
      note: 'deprecated; ESO 2.9.0 (providers/v1/vault/auth_jwt.go) appends it to the account audiences, ["vault"] when absent',
    },
  },
};

export const EXTERNAL_SECRET_CONTRACT: CrdFieldContract = {
  source: 'external-secrets/external-secrets@v2.9.0:config/crds/bases/external-secrets.io_externalsecrets.yaml',
  apiVersion: 'external-secrets.io/v1',
  kind: 'ExternalSecret',
  fields: {
    apiVersion: str(),
    kind: str(),
    'metadata.name': str(),
    'metadata.namespace': str(),
    'metadata.labels.*': { type: 'map' },
    'spec.refreshInterval': str({ note: 'Go duration, default "1h0m0s"; "0s" fetches once' }),
    'spec.refreshPolicy': str({ enum: ['CreatedOnce', 'Periodic', 'OnChange'] }),
    'spec.secretStoreRef.kind': str({ enum: ['SecretStore', 'ClusterSecretStore'] }),
    'spec.secretStoreRef.name': str({ pattern: DNS_SUBDOMAIN }),
    'spec.target.name': str({ pattern: DNS_SUBDOMAIN }),
    'spec.target.creationPolicy': str({ enum: ['Owner', 'Orphan', 'Merge', 'None', 'CreateOrMerge'], note: 'default Owner', unknownToModels: ['CreateOrMerge'] }),
    'spec.target.deletionPolicy': str({ enum: ['Delete', 'Merge', 'Retain'], note: 'default Retain' }),
    'spec.target.template.engineVersion': str({ enum: ['v2'], note: 'default v2' }),
    'spec.target.template.mergePolicy': str({ enum: ['Replace', 'Merge'], note: 'default Replace' }),
    'spec.target.template.type': str({ note: 'type of the Secret' }),
    'spec.target.template.data.*': { type: 'map', note: 'Go templates' },
    'spec.data[].secretKey': str({ pattern: KEY_NAME_PATTERN, required: true }),
    'spec.data[].remoteRef.key': str({ required: true }),
    'spec.data[].remoteRef.property': str(),
  },
};

/** Field paths of `manifest` the contract does not list, sorted (empty: every field we set is one the CRD has). */
export function fieldsOutsideContract(manifest: unknown, contract: CrdFieldContract): string[] {
  const known = new Set(Object.keys(contract.fields).filter((f) => !f.endsWith('.*')));
  const maps = new Set(Object.keys(contract.fields).filter((f) => f.endsWith('.*')).map((f) => f.slice(0, -2)));
  const unknown: string[] = [];
  const walk = (value: unknown, path: string): void => {
    if (maps.has(path)) return;
    if (Array.isArray(value) && value.some((item) => typeof item === 'object' && item !== null)) {
      for (const item of value) walk(item, `${path}[]`);
      return;
    }
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > 0) {
      for (const [key, child] of Object.entries(value)) walk(child, path === '' ? key : `${path}.${key}`);
      return;
    }
    if (!known.has(path)) unknown.push(path);
  };
  walk(manifest, '');
  return [...new Set(unknown)].sort();
}
