import { KvSecretBackendV2 } from '@cdktf/provider-vault/lib/kv-secret-backend-v2';
import { Mount } from '@cdktf/provider-vault/lib/mount';
import { Construct } from 'constructs';
import { reservedMountPathProblem } from './reserved-paths';

export interface KvSecretsEngineProps {
  /**
   * Mount path.
   * @default 'kv'
   */
  readonly path?: string;
  /**
   * Versions kept per secret, 1-100 (bounded so old values do not pile up forever).
   * @default 10
   */
  readonly maxVersions?: number;
  /** @default 'Static secrets of the platform services (KV v2)' */
  readonly description?: string;
}

export const MOUNT_PATH = /^[a-z][a-z0-9-]{0,62}[a-z0-9]$/;
export const KV_MAX_VERSIONS_RANGE = { min: 1, max: 100 } as const;

/**
 * A KV v2 secrets engine with check-and-set required on every write (no blind overwrites) and a bounded number of
 * versions. Services keep their secrets at `<path>/<cluster>/<service>` (see `service-grants.ts`).
 */
export class KvSecretsEngine extends Construct {
  readonly path: string;
  readonly maxVersions: number;
  readonly mount: Mount;
  readonly config: KvSecretBackendV2;

  constructor(scope: Construct, id: string, props: KvSecretsEngineProps = {}) {
    super(scope, id);
    const path = props.path ?? 'kv';
    const maxVersions = props.maxVersions ?? 10;
    const problems: string[] = [];
    if (!MOUNT_PATH.test(path)) problems.push(`path: expected 2-64 lower-case letters, digits or '-', got "${path}"`);
    const reserved = reservedMountPathProblem(path, 'secrets');
    if (reserved) problems.push(`path: ${reserved}`);
    if (!Number.isInteger(maxVersions) || maxVersions < KV_MAX_VERSIONS_RANGE.min || maxVersions > KV_MAX_VERSIONS_RANGE.max) {
      problems.push(`maxVersions: expected ${KV_MAX_VERSIONS_RANGE.min}-${KV_MAX_VERSIONS_RANGE.max}, got ${maxVersions}`);
    }
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);

    this.path = path;
    this.maxVersions = maxVersions;
    this.mount = new Mount(this, 'mount', {
      path,
      type: 'kv-v2',
      description: props.description ?? 'Static secrets of the platform services (KV v2)',
    });
    this.config = new KvSecretBackendV2(this, 'config', { mount: this.mount.path, casRequired: true, maxVersions });
  }

  /** API path of a secret's data, e.g. `kv/data/application/payments-api`. */
  dataPath(secretPath: string): string {
    return `${this.path}/data/${secretPath}`;
  }

  /** API path of a secret's metadata, e.g. `kv/metadata/application/payments-api`. */
  metadataPath(secretPath: string): string {
    return `${this.path}/metadata/${secretPath}`;
  }
}
