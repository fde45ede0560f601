import { NetworkPolicyEgressRule } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyEgressRule';
import { NetworkPolicyIngressRule } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyIngressRule';
import { parse } from 'yaml';
import { CHARTS } from '../../../constructs/kubernetes/charts';
import { EXTERNAL_SECRETS_IMAGE, ExternalSecrets, externalSecretsValues } from '../../../constructs/kubernetes/external-secrets';
import { resourcesOf, synthStack } from '../../helpers';
import { kubernetesTestStack, validateModel } from './kubernetes-fixture';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Values = Record<string, any>;

const NETWORK = { apiServerCidrs: ['10.11.0.0/20', '10.11.16.0/20'], vaultCidrs: ['10.10.0.0/20', '10.10.16.0/20'], vaultPort: 8200 };
const values = (tier: 'dev' | 'prod' = 'prod') => externalSecretsValues({ tier, network: NETWORK }) as Values;

describe('externalSecretsValues', () => {
  it('gives the controller no blanket right to mint service account tokens (per-account Roles instead)', () => {
    expect(values().rbac).toEqual({
      create: true,
      serviceAccountTokenCreate: false,
      servicebindings: { create: false },
      aggregateToView: true,
      aggregateToEdit: false,
      aggregateToAdmin: false,
    });
    expect(values().systemAuthDelegator).toBe(false);
    expect(values().serviceAccount).toEqual({ create: true, name: 'external-secrets', automount: true });
  });

  it('installs and reconciles only namespaced SecretStores and ExternalSecrets', () => {
    const v = values();
    expect(v.installCRDs).toBe(true);
    expect(v.crds).toEqual({
      createClusterExternalSecret: false,
      createClusterSecretStore: false,
      createClusterGenerator: false,
      createClusterPushSecret: false,
      createPushSecret: false,
      conversion: { enabled: false },
      unsafeServeV1Beta1: false,
    });
    expect([v.processSecretStore, v.processClusterStore, v.processClusterExternalSecret, v.processPushSecret, v.processClusterPushSecret, v.processClusterGenerator]).toEqual([
      true,
      false,
      false,
      false,
      false,
      false,
    ]);
    expect([v.genericTargets, v.openshiftFinalizers]).toEqual([{ enabled: false }, false]);
  });

  it('runs the same pinned image (tag and digest) for controller, webhook and cert-controller', () => {
    const v = values();
    const reference = `${EXTERNAL_SECRETS_IMAGE.tag}@${EXTERNAL_SECRETS_IMAGE.digest}`;
    expect(EXTERNAL_SECRETS_IMAGE.tag).toBe(`v${CHARTS.externalSecrets.version}`);
    expect(EXTERNAL_SECRETS_IMAGE.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    for (const image of [v.image, v.webhook.image, v.certController.image]) {
      expect(image).toEqual({ repository: 'ghcr.io/external-secrets/external-secrets', tag: reference, pullPolicy: 'IfNotPresent' });
    }
  });

  it('elects a leader and keeps the webhook (fail closed) with its built-in cert-controller', () => {
    for (const tier of ['dev', 'prod'] as const) expect(values(tier).leaderElect).toBe(true);
    expect(values().webhook).toMatchObject({ create: true, failurePolicy: 'Fail', certManager: { enabled: false } });
    expect(values().certController).toMatchObject({ create: true, rbac: { create: true } });
  });

  it('allows egress to DNS, the API server and (controller only) Vault; ingress to the webhook from the cluster subnets and to the controller metrics from the scraper only', () => {
    const v = values();
    const egress = (policy: Values) => (policy.egress as Values[]).map((r) => [r.to.map((t: Values) => t.ipBlock?.cidr ?? t.podSelector.matchLabels['k8s-app']), r.ports.map((p: Values) => p.port)]);
    const dns = [['kube-dns'], [53, 53]];
    expect(egress(v.networkPolicy)).toEqual([dns, [NETWORK.apiServerCidrs, [443]], [NETWORK.vaultCidrs, [8200]]]);
    expect(egress(v.webhook.networkPolicy)).toEqual([dns, [NETWORK.apiServerCidrs, [443]]]);
    expect(egress(v.certController.networkPolicy)).toEqual([dns, [NETWORK.apiServerCidrs, [443]]]);
    expect(v.networkPolicy.ingress).toEqual([
      {
        from: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'cloudwatch-prometheus' } },
            podSelector: { matchLabels: { 'app.kubernetes.io/name': 'cloudwatch-prometheus', 'app.kubernetes.io/component': 'metrics-scraper' } },
          },
        ],
        ports: [{ protocol: 'TCP', port: 8080 }],
      },
    ]);
    expect(v.webhook.networkPolicy.ingress).toEqual([
      { from: NETWORK.apiServerCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [{ protocol: 'TCP', port: 10250 }, { protocol: 'TCP', port: 8081 }] },
    ]);
    for (const policy of [v.networkPolicy, v.webhook.networkPolicy, v.certController.networkPolicy]) {
      expect(policy.enabled).toBe(true);
      for (const rule of policy.egress as object[]) expect(() => validateModel(new NetworkPolicyEgressRule(rule as never))).not.toThrow();
      for (const rule of policy.ingress as object[]) expect(() => validateModel(new NetworkPolicyIngressRule(rule as never))).not.toThrow();
    }
    expect(() => validateModel(new NetworkPolicyEgressRule({ ports: [{ port: 'x', protocol: 'ICMP' }] } as never))).toThrow();
  });

  it('guards every component with a PDB outside dev', () => {
    expect(values('dev').podDisruptionBudget).toEqual({ enabled: false });
    for (const pdb of [values().podDisruptionBudget, values().webhook.podDisruptionBudget, values().certController.podDisruptionBudget]) expect(pdb).toEqual({ enabled: true, maxUnavailable: 1 });
  });
});

describe('ExternalSecrets', () => {
  it('installs the pinned chart with these values in its namespace', () => {
    const { stack, helm } = kubernetesTestStack();
    const eso = new ExternalSecrets(stack, 'eso', { provider: helm, namespace: 'external-secrets', tier: 'staging', network: NETWORK });
    const [release] = Object.values(resourcesOf(synthStack(stack), 'helm_release'));
    expect(release).toMatchObject({ name: 'external-secrets', namespace: 'external-secrets', chart: 'external-secrets', version: '2.9.0' });
    expect(parse(release.values[0] as string)).toEqual(externalSecretsValues({ tier: 'staging', network: NETWORK }));
    expect(eso.controllerServiceAccount).toEqual({ namespace: 'external-secrets', name: 'external-secrets' });
  });

  it('fails without the API server or Vault subnets', () => {
    const { stack, helm } = kubernetesTestStack();
    expect(() => new ExternalSecrets(stack, 'eso', { provider: helm, namespace: 'external-secrets', tier: 'dev', network: { apiServerCidrs: [], vaultCidrs: [], vaultPort: 8200 } })).toThrow(
      "test/eso: network.apiServerCidrs: expected the subnets of the control plane ENIs, got none; network.vaultCidrs: expected the subnets of Vault's load balancer, got none",
    );
  });
});
