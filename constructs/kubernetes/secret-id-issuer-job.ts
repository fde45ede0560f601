import { CronJobV1 } from '@cdktf/provider-kubernetes/lib/cron-job-v1';
import { type KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { Construct } from 'constructs';
import { type PinnedImage, RESTRICTED_CONTAINER_SECURITY_CONTEXT, imageReference } from './addon-sizing';
import { VAULT_CA_BUNDLE } from './platform-names';
import { SECRET_ID_ISSUER, type SecretIdIssuerNames } from '../vault/secret-id-issuer-grants';
import { type ServiceDeclaration, type VaultMountPaths, serviceNames } from '../vault/service-grants';

/**
 * The Vault CLI the job runs: the image of the Vault server the platform deploys (vault-helm 0.34.1 default
 * `hashicorp/vault:2.0.4`, TARGET_VAULT in constructs/vault/provider-contract.ts), by tag and the digest of its
 * multi-architecture index as pinned, identically, by several unrelated public repositories (not checked against the
 * registry from here: confirm with `crane digest hashicorp/vault:2.0.4` before the first apply).
 */
export const SECRET_ID_ISSUER_IMAGE: PinnedImage = {
  repository: 'hashicorp/vault',
  tag: '2.0.4',
  digest: 'sha256:5be49781ecf78bfe775c5309c6a4d9f4e9e040b6c885c99eb2b12fb69855e1a2',
};

/** Non-root user of the Vault image (`vault`, uid 100) and its group. */
const VAULT_IMAGE_USER = { uid: 100, gid: 1000 } as const;

/** `app.kubernetes.io/name` of every issuer's pods (the namespace's policies select all of its pods). */
export const ISSUER_APP_LABEL = 'approle-secret-id-issuer';

/** Lifetime of the projected token the job logs in with, in seconds (the Kubernetes minimum is 600). */
export const ISSUER_LOGIN_TOKEN_SECONDS = 600;

/** One AppRole the job issues secret IDs for, and where it writes them. */
export interface IssuerTarget {
  readonly service: string;
  /** AppRole role name, `<cluster>-<service>`. */
  readonly appRole: string;
  /** KV mount. */
  readonly mount: string;
  /** Bootstrap entry relative to the mount, `bootstrap/<cluster>/<service>`. */
  readonly path: string;
  /** The role's secret_id TTL. */
  readonly secretIdTtlSeconds: number;
}

/** The direct services' targets, in declaration order. */
export function issuerTargets(
  services: readonly (ServiceDeclaration & { readonly appRole?: { readonly secretIdTtlSeconds?: number } })[],
  mounts: VaultMountPaths,
  defaultSecretIdTtlSeconds: number,
): IssuerTarget[] {
  return services
    .filter((s) => s.delivery === 'direct')
    .map((s) => {
      const names = serviceNames(s, mounts);
      return { service: s.name, appRole: names.roleName, mount: mounts.kv, path: names.bootstrapKvPath, secretIdTtlSeconds: s.appRole?.secretIdTtlSeconds ?? defaultSecretIdTtlSeconds };
    });
}

/**
 * A cron schedule that runs at least three times per `secretIdTtlSeconds` (so one missed run still leaves a valid secret
 * ID): every N minutes (N dividing 60) below an hour, every N hours (N dividing 24) up to a day, daily beyond. Runs
 * start a few minutes past the hour, away from the top-of-the-hour crowd.
 */
export function issuerSchedule(secretIdTtlSeconds: number): { readonly cron: string; readonly intervalMinutes: number } {
  const budget = Math.floor(secretIdTtlSeconds / 3 / 60);
  if (budget < 60) {
    const minutes = [30, 20, 15, 12, 10, 6, 5, 4, 3, 2, 1].find((d) => d <= budget) ?? 1;
    return { cron: `*/${minutes} * * * *`, intervalMinutes: minutes };
  }
  const hours = [24, 12, 8, 6, 4, 3, 2, 1].find((d) => d <= Math.floor(budget / 60))!;
  return hours === 24 ? { cron: '7 3 * * *', intervalMinutes: 1440 } : { cron: `7 */${hours} * * *`, intervalMinutes: hours * 60 };
}

/**
 * The job's script: POSIX sh with the Vault CLI. It logs in with its projected token (read from the file, never put
 * on a command line), and per target reads the entry's version, reads the role ID, issues a secret ID and writes both
 * with check-and-set, sending the JSON on stdin; then it revokes its own token. It prints role names and versions,
 * never a secret; it never reads a bootstrap entry back, never lists, never deletes (an old secret ID expires on its
 * own). A target that fails does not stop the others; the job fails at the end. Calls: secretIdIssuerCalls
 * (constructs/vault/secret-id-issuer-grants.ts), plus `auth/token/revoke-self` (Vault's `default` policy).
 * No `$` + `{` and no `%` + `{` in it: Terraform would read them as interpolation or template directives.
 */
export const ISSUER_SCRIPT = `set -eu
umask 077
VAULT_TOKEN="$(vault write -field=token "auth/$LOGIN_MOUNT/login" role="$LOGIN_ROLE" jwt=@/var/run/secrets/vault/token)"
export VAULT_TOKEN
failed=0
for target in $TARGETS; do
  role="$(echo "$target" | cut -d= -f1)"; entry="$(echo "$target" | cut -d= -f2)"
  mount="$(echo "$entry" | cut -d: -f1)"; path="$(echo "$entry" | cut -d: -f2)"
  if ! version="$(vault read -field=current_version "$mount/metadata/$path" 2>/dev/null)"; then version=0; fi
  if role_id="$(vault read -field=role_id "auth/$APPROLE_MOUNT/role/$role/role-id")" &&
     secret_id="$(vault write -field=secret_id "auth/$APPROLE_MOUNT/role/$role/secret-id" metadata='{"issued-by":"${ISSUER_APP_LABEL}"}')" &&
     printf '{"options":{"cas":%s},"data":{"role_id":"%s","secret_id":"%s"}}' "$version" "$role_id" "$secret_id" | vault write "$mount/data/$path" - >/dev/null; then
    echo "issued a secret ID for $role: $mount/$path version $((version + 1))"
  else
    echo "FAILED to issue a secret ID for $role" >&2
    failed=1
  fi
  unset role_id secret_id
done
vault token revoke -self >/dev/null || true
exit "$failed"
`;

export interface SecretIdIssuerJobProps {
  /** The kubernetes provider of the tooling cluster. */
  readonly provider: KubernetesProvider;
  /** The issuer's names (`secretIdIssuerNames(<shard>)`): its Vault role, service account and CronJob. */
  readonly names: SecretIdIssuerNames;
  /** The AppRoles to issue for (at least one). */
  readonly targets: readonly IssuerTarget[];
  readonly mounts: VaultMountPaths;
  /** `https://vault.<zone>:8200`. */
  readonly vaultAddress: string;
  /** Audience of the issuer's Kubernetes role (`vault.kubernetes.audience`). */
  readonly audience: string;
}

/**
 * One shard's AppRole secret-ID issuer (its Vault side: constructs/vault/secret-id-issuer.ts): a CronJob in the shared
 * namespace `vault-secret-id-issuer` (created, Pod Security restricted and default-deny with DNS and Vault only, by
 * SecretIdIssuerNamespace in cluster-addons-tooling), running as its own `secret-id-issuer-<shard>` (no automounted
 * token: a projected token with the role's audience, 10 minutes), on a schedule at least three times per secret-ID
 * lifetime ({@link issuerSchedule}), one run at a time, within the 5-minute life of its Vault token. It trusts Vault
 * through the `vault-ca` ConfigMap trust-manager publishes.
 */
export class SecretIdIssuerJob extends Construct {
  readonly serviceAccount: ServiceAccountV1;
  readonly cronJob: CronJobV1;
  readonly schedule: { readonly cron: string; readonly intervalMinutes: number };

  constructor(scope: Construct, id: string, props: SecretIdIssuerJobProps) {
    super(scope, id);
    const problems: string[] = [];
    if (props.targets.length === 0) problems.push('targets: expected at least one direct service (nothing to issue otherwise)');
    if (props.mounts.clusterAuth[SECRET_ID_ISSUER.cluster].method !== 'kubernetes') {
      problems.push(`mounts.clusterAuth.${SECRET_ID_ISSUER.cluster}: the job logs in with Kubernetes auth`);
    }
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);

    const { provider, names } = props;
    const name = names.name;
    const labels = { 'app.kubernetes.io/name': ISSUER_APP_LABEL, 'app.kubernetes.io/instance': name, 'app.kubernetes.io/managed-by': 'terraform' };
    this.schedule = issuerSchedule(Math.min(...props.targets.map((t) => t.secretIdTtlSeconds)));
    const metadata = (objectName: string) => ({ name: objectName, namespace: SECRET_ID_ISSUER.namespace, labels });

    const account = (this.serviceAccount = new ServiceAccountV1(this, 'service-account', { provider, metadata: metadata(name), automountServiceAccountToken: false }));

    const targets = props.targets.map((t) => `${t.appRole}=${t.mount}:${t.path}`).join(' ');
    this.cronJob = new CronJobV1(this, 'cron-job', {
      provider,
      metadata: metadata(name),
      spec: {
        schedule: this.schedule.cron,
        timezone: 'Etc/UTC',
        concurrencyPolicy: 'Forbid',
        startingDeadlineSeconds: 600,
        successfulJobsHistoryLimit: 1,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          metadata: { labels },
          spec: {
            backoffLimit: 2,
            activeDeadlineSeconds: SECRET_ID_ISSUER.tokenTtlSeconds,
            ttlSecondsAfterFinished: '86400',
            template: {
              metadata: { labels },
              spec: {
                serviceAccountName: account.metadata.name,
                automountServiceAccountToken: false,
                restartPolicy: 'Never',
                securityContext: {
                  runAsNonRoot: true,
                  runAsUser: String(VAULT_IMAGE_USER.uid),
                  runAsGroup: String(VAULT_IMAGE_USER.gid),
                  seccompProfile: { type: 'RuntimeDefault' },
                },
                container: [
                  {
                    name: 'issuer',
                    image: imageReference(SECRET_ID_ISSUER_IMAGE),
                    imagePullPolicy: 'IfNotPresent',
                    command: ['/bin/sh', '-c', ISSUER_SCRIPT],
                    env: [
                      { name: 'VAULT_ADDR', value: props.vaultAddress },
                      { name: 'VAULT_CACERT', value: `/vault/ca/${VAULT_CA_BUNDLE.configMapKey}` },
                      { name: 'HOME', value: '/tmp' },
                      { name: 'LOGIN_MOUNT', value: props.mounts.clusterAuth[SECRET_ID_ISSUER.cluster].path },
                      { name: 'LOGIN_ROLE', value: name },
                      { name: 'APPROLE_MOUNT', value: props.mounts.appRole },
                      { name: 'TARGETS', value: targets },
                    ],
                    volumeMount: [
                      { name: 'vault-token', mountPath: '/var/run/secrets/vault', readOnly: true },
                      { name: 'vault-ca', mountPath: '/vault/ca', readOnly: true },
                      { name: 'tmp', mountPath: '/tmp' },
                    ],
                    securityContext: {
                      allowPrivilegeEscalation: RESTRICTED_CONTAINER_SECURITY_CONTEXT.allowPrivilegeEscalation,
                      capabilities: { drop: [...RESTRICTED_CONTAINER_SECURITY_CONTEXT.capabilities.drop] },
                      readOnlyRootFilesystem: true,
                      runAsNonRoot: true,
                      seccompProfile: { type: 'RuntimeDefault' },
                    },
                    resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '64Mi' } },
                  },
                ],
                volume: [
                  {
                    name: 'vault-token',
                    projected: [{ sources: [{ serviceAccountToken: { audience: props.audience, expirationSeconds: ISSUER_LOGIN_TOKEN_SECONDS, path: 'token' } }] }],
                  },
                  { name: 'vault-ca', configMap: { name: VAULT_CA_BUNDLE.name, items: [{ key: VAULT_CA_BUNDLE.configMapKey, path: VAULT_CA_BUNDLE.configMapKey }] } },
                  { name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '16Mi' } },
                ],
              },
            },
          },
        },
      },
    });
  }
}
