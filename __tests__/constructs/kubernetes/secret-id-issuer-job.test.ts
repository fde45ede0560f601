import { ISSUER_SCRIPT, SECRET_ID_ISSUER_IMAGE, SecretIdIssuerJob, issuerSchedule, issuerTargets } from '../../../constructs/kubernetes/secret-id-issuer-job';
import { SecretIdIssuerNamespace } from '../../../constructs/kubernetes/secret-id-issuer-namespace';
import { SECRET_ID_ISSUER, secretIdIssuerCalls, secretIdIssuerNames } from '../../../constructs/vault/secret-id-issuer-grants';
import { DEFAULT_MOUNT_PATHS, type ServiceDeclaration } from '../../../constructs/vault/service-grants';
import { type TerraformJson, resourcesOf, synthStack } from '../../helpers';
import { kubernetesTestStack } from './kubernetes-fixture';
import { apiObjects, validateApiObject } from './kubernetes-objects';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const direct = (name: string, secretIdTtlSeconds?: number): ServiceDeclaration & { appRole?: { secretIdTtlSeconds?: number } } => ({
  name,
  cluster: 'application',
  namespace: 'batch',
  serviceAccount: name,
  secrets: [],
  delivery: 'direct',
  justification: 'renews short leases inside long batch runs',
  ...(secretIdTtlSeconds ? { appRole: { secretIdTtlSeconds } } : {}),
});
const NETWORK = { apiServerCidrs: ['10.10.0.0/20'], vaultCidrs: ['10.10.0.0/20', '10.10.16.0/20'], vaultPort: 8200 };

const names = secretIdIssuerNames('payments');

/** The shared namespace (cluster-addons-tooling) and one shard's job (its service stack), in one stack for the test. */
function synth(targets = issuerTargets([direct('ledger-worker', 86_400), direct('exporter')], DEFAULT_MOUNT_PATHS, 604_800)): TerraformJson {
  const { stack, kubernetes } = kubernetesTestStack();
  new SecretIdIssuerNamespace(stack, 'namespace', { provider: kubernetes, network: NETWORK, podSecurityVersion: 'v1.35' });
  new SecretIdIssuerJob(stack, 'issuer', {
    provider: kubernetes,
    names,
    targets,
    mounts: DEFAULT_MOUNT_PATHS,
    vaultAddress: 'https://vault.dev.vault.internal:8200',
    audience: 'vault',
  });
  return synthStack(stack);
}

describe('issuerSchedule', () => {
  it.each([
    [3600, '*/20 * * * *', 20],
    [7200, '*/30 * * * *', 30],
    [86_400, '7 */8 * * *', 480],
    [43_200, '7 */4 * * *', 240],
    [604_800, '7 3 * * *', 1440],
    [2_592_000, '7 3 * * *', 1440],
  ])('runs at least three times per secret-ID lifetime of %i s: %s', (ttl, cron, interval) => {
    const schedule = issuerSchedule(ttl);
    expect(schedule).toEqual({ cron, intervalMinutes: interval });
    expect(schedule.intervalMinutes * 60 * 3).toBeLessThanOrEqual(Math.max(ttl, 3 * 86_400));
  });
});

describe('issuerTargets', () => {
  it('lists the AppRole and bootstrap entry of every direct service, with its secret-ID lifetime', () => {
    const eso: ServiceDeclaration = { ...direct('web'), delivery: 'eso', justification: undefined };
    expect(issuerTargets([direct('ledger-worker', 86_400), eso, direct('exporter')], DEFAULT_MOUNT_PATHS, 604_800)).toEqual([
      { service: 'ledger-worker', appRole: 'application-ledger-worker', mount: 'kv', path: 'bootstrap/application/ledger-worker', secretIdTtlSeconds: 86_400 },
      { service: 'exporter', appRole: 'application-exporter', mount: 'kv', path: 'bootstrap/application/exporter', secretIdTtlSeconds: 604_800 },
    ]);
  });
});

describe('ISSUER_SCRIPT', () => {
  it('makes exactly the calls of the issuer contract (secretIdIssuerCalls), with the paths the policy grants', () => {
    const env: Record<string, string> = { LOGIN_MOUNT: DEFAULT_MOUNT_PATHS.clusterAuth.tooling.path, APPROLE_MOUNT: DEFAULT_MOUNT_PATHS.appRole, role: 'application-ledger-worker', mount: 'kv', path: 'bootstrap/application/ledger-worker' };
    const paths = [...ISSUER_SCRIPT.matchAll(/vault (read|write)(?: -[a-z_=]+)* "([^"]+)"/g)].map(([, verb, template]) => [
      verb,
      template.replace(/\$([A-Za-z_]+)/g, (_m, name: string) => env[name] ?? `$${name}`),
    ]);
    const contract = secretIdIssuerCalls({ name: 'ledger-worker', cluster: 'application' }, DEFAULT_MOUNT_PATHS, names);
    const expected = [...new Set(contract.map((c) => `${c.method === 'GET' ? 'read' : 'write'} ${c.path.replace('/data/', '/data/')}`))];
    expect(paths.map(([verb, path]) => `${verb} ${path}`)).toEqual(expected);
  });

  it('never puts a secret on a command line or in the output, and has no Terraform interpolation', () => {
    expect(ISSUER_SCRIPT).toContain('jwt=@/var/run/secrets/vault/token');
    expect(ISSUER_SCRIPT).toMatch(/printf '[^']*' "\$version" "\$role_id" "\$secret_id" \| vault write "\$mount\/data\/\$path" -/);
    for (const line of ISSUER_SCRIPT.split('\n').filter((l) => /\becho\b/.test(l))) expect(line).not.toMatch(/\$(secret_id|role_id|VAULT_TOKEN|jwt)/);
    expect(ISSUER_SCRIPT).not.toMatch(/set -x|\$\{|%\{/);
    expect(ISSUER_SCRIPT).toContain('vault token revoke -self');
  });
});

describe('SecretIdIssuerJob', () => {
  const json = synth();

  it('runs a pinned Vault CLI on the schedule of the shortest secret-ID lifetime, one run at a time, within its token lifetime', () => {
    const [cron] = Object.values(resourcesOf(json, 'kubernetes_cron_job_v1'));
    expect(cron.spec).toMatchObject({ schedule: '7 */8 * * *', timezone: 'Etc/UTC', concurrency_policy: 'Forbid', successful_jobs_history_limit: 1 });
    expect(cron.spec.job_template.spec.active_deadline_seconds).toBe(SECRET_ID_ISSUER.tokenTtlSeconds);
    const [container] = cron.spec.job_template.spec.template.spec.container;
    expect(container.image).toBe(`hashicorp/vault:2.0.4@${SECRET_ID_ISSUER_IMAGE.digest}`);
    expect(Object.fromEntries((container.env as Json[]).map((e) => [e.name, e.value]))).toEqual({
      VAULT_ADDR: 'https://vault.dev.vault.internal:8200',
      VAULT_CACERT: '/vault/ca/ca.crt',
      HOME: '/tmp',
      LOGIN_MOUNT: 'kubernetes-tooling',
      LOGIN_ROLE: 'secret-id-issuer-payments',
      APPROLE_MOUNT: 'approle',
      TARGETS: 'application-ledger-worker=kv:bootstrap/application/ledger-worker application-exporter=kv:bootstrap/application/exporter',
    });
  });

  it('logs in with a projected token of the role audience, never an automounted one, and trusts Vault through vault-ca', () => {
    const [cron] = Object.values(resourcesOf(json, 'kubernetes_cron_job_v1'));
    const pod = cron.spec.job_template.spec.template.spec;
    expect([pod.service_account_name, pod.automount_service_account_token]).toEqual([expect.stringMatching(/^\$\{kubernetes_service_account_v1\.issuer_service-account_[0-9A-F]{8}\.metadata\[0\]\.name\}$/), false]);
    expect(cron.metadata).toMatchObject({ name: 'secret-id-issuer-payments', namespace: 'vault-secret-id-issuer' });
    expect(pod.volume).toEqual([
      { name: 'vault-token', projected: [{ sources: [{ service_account_token: { audience: 'vault', expiration_seconds: 600, path: 'token' } }] }] },
      { name: 'vault-ca', config_map: { name: 'vault-ca', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { name: 'tmp', empty_dir: { medium: 'Memory', size_limit: '16Mi' } },
    ]);
    const [account] = Object.values(resourcesOf(json, 'kubernetes_service_account_v1'));
    expect([account.metadata.name, account.automount_service_account_token]).toEqual(['secret-id-issuer-payments', false]);
  });

  it('runs as Pod Security restricted requires, in a restricted namespace that may reach only DNS and Vault', () => {
    const objects = apiObjects(json);
    const cron = objects.find((o) => o.object.kind === 'CronJob')!.object as Json;
    const pod = cron.spec.jobTemplate.spec.template.spec;
    expect(pod.serviceAccountName).toBe('secret-id-issuer-payments');
    // The namespace's policies select every pod (podSelector {}): each shard's job is covered by the shared ones.
    expect(cron.spec.jobTemplate.spec.template.metadata.labels).toEqual({
      'app.kubernetes.io/name': 'approle-secret-id-issuer',
      'app.kubernetes.io/instance': 'secret-id-issuer-payments',
      'app.kubernetes.io/managed-by': 'terraform',
    });
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 100, runAsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    const namespace = objects.find((o) => o.object.kind === 'Namespace')!.object as Json;
    expect([namespace.metadata.name, namespace.metadata.labels['pod-security.kubernetes.io/enforce']]).toEqual(['vault-secret-id-issuer', 'restricted']);
    const policies = objects.filter((o) => o.object.kind === 'NetworkPolicy').map((o) => o.object as Json);
    expect(policies.map((p) => [p.metadata.name, p.spec.policyTypes, (p.spec.egress ?? []).map((e: Json) => e.ports.map((x: Json) => x.port))]).sort()).toEqual([
      ['allow-dns-and-vault', ['Egress'], [[53, 53], [8200]]],
      ['default-deny', ['Ingress', 'Egress'], []],
    ]);
    for (const { object } of objects) validateApiObject(object);
  });

  it('fails without a direct service', () => {
    expect(() => synth([])).toThrow('test/issuer: targets: expected at least one direct service (nothing to issue otherwise)');
  });
});
