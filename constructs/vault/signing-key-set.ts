import { GenericEndpoint } from '@cdktf/provider-vault/lib/generic-endpoint';
import { Construct } from 'constructs';
import { type ITerraformDependable } from 'cdktf';
import { type SigningKeyStatus } from './service-grants';

export interface SigningKeySetProps {
  /** Mount path of the KV v2 engine (`vault.kv.path`). */
  readonly kvPath: string;
  /** The engine's `max_versions` (`vault.kv.maxVersions`), repeated on the key-set's metadata. */
  readonly maxVersions: number;
  /** What must exist first (the engine's settings, in the engine's own stack). @default - none */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** Secret path relative to the mount, e.g. `application/orders/signing-keys`. */
  readonly secretPath: string;
  /** Key ids and statuses: exactly one `primary` (signs), any number of `verifying` (still accepted). */
  readonly keys: readonly { readonly id: string; readonly status: SigningKeyStatus }[];
}

export const KEY_ID = /^[a-z0-9][a-z0-9._-]{0,62}$/;
export const MAX_SIGNING_KEYS = 8;

/** Problems of a key-set declaration (shared with the environment schema). */
export function signingKeyProblems(keys: readonly { readonly id?: unknown; readonly status?: unknown }[]): string[] {
  const problems: string[] = [];
  if (keys.length === 0 || keys.length > MAX_SIGNING_KEYS) problems.push(`expected 1-${MAX_SIGNING_KEYS} keys, got ${keys.length}`);
  const primaries = keys.filter((k) => k.status === 'primary').length;
  if (primaries !== 1) problems.push(`expected exactly one key with status "primary", got ${primaries}`);
  const ids = keys.map((k) => k.id);
  ids.forEach((id, i) => {
    if (typeof id !== 'string' || !KEY_ID.test(id)) problems.push(`[${i}].id: expected 1-63 lower-case letters, digits, '.', '_' or '-', got ${JSON.stringify(id)}`);
    else if (ids.indexOf(id) !== i) problems.push(`[${i}].id: key id "${id}" is listed twice`);
  });
  return problems;
}

/**
 * The structure of a service's signing key-set, without any key material: KV v2 metadata at
 * `<mount>/metadata/<secretPath>` whose `custom_metadata` maps `kid:<id>` to `primary` or `verifying`. Operators
 * write the key values with `vault kv patch` (see docs/secrets-architecture.md); the service signs with the primary
 * and accepts every listed key, so keys rotate without restarts. Destroying the construct never deletes the keys.
 */
export class SigningKeySet extends Construct {
  readonly secretPath: string;
  readonly primaryKeyId: string;
  readonly metadata: GenericEndpoint;

  constructor(scope: Construct, id: string, props: SigningKeySetProps) {
    super(scope, id);
    const problems = signingKeyProblems(props.keys).map((p) => `keys${p.startsWith('[') ? '' : ': '}${p}`);
    if (!/^[a-z0-9][a-z0-9/-]*[a-z0-9]$/.test(props.secretPath)) problems.push(`secretPath: expected a KV path such as "application/orders/signing-keys", got "${props.secretPath}"`);
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);

    this.secretPath = props.secretPath;
    this.primaryKeyId = props.keys.find((k) => k.status === 'primary')!.id;
    const customMetadata = Object.fromEntries(props.keys.map((k) => [`kid:${k.id}`, k.status]));
    this.metadata = new GenericEndpoint(this, 'metadata', {
      path: `${props.kvPath}/metadata/${props.secretPath}`,
      dataJson: JSON.stringify({ cas_required: true, max_versions: props.maxVersions, custom_metadata: customMetadata }),
      ignoreAbsentFields: true,
      disableDelete: true,
      ...(props.dependsOn?.length ? { dependsOn: [...props.dependsOn] } : {}),
    });
  }
}
