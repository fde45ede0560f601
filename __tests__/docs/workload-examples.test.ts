import { readFileSync } from 'fs';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { join } from 'path';
import { parse } from 'yaml';
import { SERVICE_POD_LABEL, SIGNING_KEYS_FILE, type ServiceDelivery } from '../../constructs/kubernetes/delivery-model';
import { VAULT_CA_BUNDLE } from '../../constructs/kubernetes/platform-names';
import { environmentDeliveryModel } from '../../scripts/generate-access-matrix';
import { deliveryContext, vaultMountPaths } from '../../stacks/service-catalog';
import { validateModel } from '../constructs/kubernetes/kubernetes-fixture';
import { sampleConfig } from '../helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const ROOT = join(__dirname, '..', '..');
const EXAMPLES = { eso: 'docs/examples/eso-deployment.yaml', direct: 'docs/examples/direct-deployment.yaml' } as const;
const text = (path: string) => readFileSync(join(ROOT, path), 'utf8');

const dev = sampleConfig('dev');
const deliveries = environmentDeliveryModel(dev).flatMap((ns) => ns.services);
const deliveryOf = (name: string) => deliveries.find((d) => d.service === name)!;

/** Secret name -> keys, as the delivery model generates them for a service. */
const secretsOf = (delivery: ServiceDelivery) => Object.fromEntries(delivery.externalSecrets.map((es) => [es.name, es.secretKeys]));

describe.each(Object.entries(EXAMPLES))('the %s delivery example', (mode, path) => {
  const deployment = parse(text(path)) as Json;
  const pod = deployment.spec.template.spec;
  const service = deliveryOf(deployment.metadata.name);
  const env = Object.fromEntries((pod.containers[0].env as Json[]).filter((e) => e.value !== undefined).map((e) => [e.name, e.value]));

  it('is a Deployment the Kubernetes API accepts', () => {
    expect(() => validateModel(new Deployment(deployment as never))).not.toThrow();
    expect(() => validateModel(new Deployment({ ...deployment, spec: { ...deployment.spec, replicas: 'two' } } as never))).toThrow();
  });

  it('is shown verbatim in docs/secrets-architecture.md', () => {
    expect(text('docs/secrets-architecture.md')).toContain(`\`\`\`yaml\n${text(path)}\`\`\``);
  });

  it('belongs to a declared service of its delivery mode, in its namespace, as its service account, selected by its egress policy', () => {
    expect(service.delivery).toBe(mode);
    expect(deployment.metadata.namespace).toBe(service.namespace);
    expect([pod.serviceAccountName, pod.automountServiceAccountToken]).toEqual([service.names.serviceAccount, false]);
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(deployment.spec.template.metadata.labels).toEqual(service.podLabels);
    expect(deployment.spec.selector.matchLabels[SERVICE_POD_LABEL]).toBe(service.service);
  });

  it('reads only Secrets and keys the delivery model generates for the service', () => {
    const generated = secretsOf(service);
    const fromEnv = (pod.containers[0].env as Json[]).filter((e) => e.valueFrom).map((e) => [e.valueFrom.secretKeyRef.name, e.valueFrom.secretKeyRef.key]);
    const fromVolumes = (pod.volumes as Json[]).filter((v) => v.secret).flatMap((v) => (v.secret.items as Json[]).map((item) => [v.secret.secretName, item.key]));
    const used = [...fromEnv, ...fromVolumes];
    expect(used.length).toBeGreaterThan(0);
    for (const [name, key] of used) expect([name, key, generated[name]]).toEqual([name, key, expect.arrayContaining([key])]);
    if (mode === 'direct') expect(Object.keys(generated)).toEqual([service.names.vaultAuth]);
    else expect(fromVolumes).toContainEqual([service.names.signingKeys, SIGNING_KEYS_FILE]);
  });

  it("trusts Vault through the namespace's vault-ca ConfigMap at the environment's Vault address, and logs in where its role is", () => {
    const context = deliveryContext(dev, service.cluster);
    expect(env.VAULT_ADDR).toBe(context.vaultAddress);
    expect((pod.volumes as Json[]).find((v) => v.configMap)?.configMap).toEqual({ name: VAULT_CA_BUNDLE.name, items: [{ key: VAULT_CA_BUNDLE.configMapKey, path: VAULT_CA_BUNDLE.configMapKey }] });
    if (mode === 'eso') {
      expect([env.VAULT_AUTH_PATH, env.VAULT_ROLE]).toEqual([`auth/${service.vaultLogin.mountPath}/login`, service.vaultLogin.role]);
      const token = (pod.volumes as Json[]).find((v) => v.projected)!.projected.sources[0].serviceAccountToken;
      expect([token.audience, token.expirationSeconds]).toEqual([dev.vault.kubernetes.audience, 600]);
    } else {
      expect(env.VAULT_APPROLE_PATH).toBe(`auth/${vaultMountPaths(dev).appRole}/login`);
    }
  });

  it('runs as Pod Security restricted requires, with requests and a memory limit', () => {
    for (const container of pod.containers as Json[]) {
      expect(container.securityContext).toEqual({
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(container.resources).toMatchObject({ requests: { cpu: expect.any(String), memory: expect.any(String) }, limits: { memory: expect.any(String) } });
    }
  });
});
