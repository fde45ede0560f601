import { Affinity } from 'kubernetes-models/v1/Affinity';
import { Container } from 'kubernetes-models/v1/Container';
import { PodSecurityContext } from 'kubernetes-models/v1/PodSecurityContext';
import { SecurityContext } from 'kubernetes-models/v1/SecurityContext';
import { TopologySpreadConstraint } from 'kubernetes-models/v1/TopologySpreadConstraint';
import { Volume } from 'kubernetes-models/v1/Volume';
import { VolumeMount } from 'kubernetes-models/v1/VolumeMount';
import { parse as parseYaml } from 'yaml';
import { CHARTS, helmValuesYaml } from '../../../constructs/kubernetes/charts';
import { IMAGES } from '../../../constructs/kubernetes/images';
import { chartValueProblems } from '../../../constructs/kubernetes/value-contract';
import { VAULT_CHART_CONTRACT } from '../../../constructs/vault-server/vault-chart-contract';
import {
  AGENT_INJECTOR_BY_DELIVERY,
  LIVENESS_PATH,
  agentInjectorNeeded,
  READINESS_PATH,
  type VaultServerValuesOptions,
  opsSidecarScript,
  vaultHelmValues,
  vaultServerConfigHcl,
} from '../../../constructs/vault-server/vault-helm-values';

const OPTIONS: VaultServerValuesOptions = {
  replicas: 3,
  zoneCount: 3,
  resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '1Gi' } },
  dataStorageGi: 20,
  auditStorageGi: 30,
  storageClass: 'gp3-encrypted',
  logLevel: 'info',
  clusterName: 'vaultplat-test',
  region: 'eu-west-1',
  unsealKeyArn: 'arn:aws:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555',
  serviceAccountRoleArn: 'arn:aws:iam::111111111111:role/vaultplat-test-vault-server',
  auditFiles: ['/vault/audit/vault-audit.log'],
  mountRdsCaBundle: true,
};

/** Runs a kubernetes-models model's JSON-schema validation (the typings of the ESM package do not surface `validate`). */
const validate = (model: unknown): void => (model as { validate(): void }).validate();
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Hcl = Record<string, any>;
/**
 * @cdktf/hcl2json parses HCL like Terraform does. It is loaded by a module name the type checker does not follow: its
 * typings pull the DOM library into the whole program, which breaks the Node crypto types elsewhere.
 */
const HCL2JSON = '@cdktf/hcl2json';
const hcl = async (options: VaultServerValuesOptions = OPTIONS): Promise<Hcl> => {
  const { parse } = (await import(HCL2JSON)) as { parse(file: string, text: string): Promise<unknown> };
  return (await parse('vault.hcl', vaultServerConfigHcl(options))) as Hcl;
};
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const server = (options: VaultServerValuesOptions = OPTIONS): Record<string, any> => vaultHelmValues(options).server;

describe('vaultHelmValues', () => {
  it('uses only keys the pinned chart reads, with the types it accepts', () => {
    expect(CHARTS.vault.version).toBe('0.34.1');
    expect(chartValueProblems(vaultHelmValues(OPTIONS), VAULT_CHART_CONTRACT)).toEqual([]);
  });

  it('fails the contract on a misspelt or unknown key and on a wrong type', () => {
    const values = structuredClone(vaultHelmValues(OPTIONS)) as unknown as Record<string, Record<string, unknown>>;
    values.server.readinesProbe = { enabled: true };
    (values.server.ha as Record<string, unknown>).replicas = '3';
    values.global.tlsDisabled = false;
    expect(chartValueProblems(values, VAULT_CHART_CONTRACT)).toEqual([
      'global.tlsDisabled: not a value key of the chart (nothing reads it)',
      'server.ha.replicas: expected integer, got string',
      'server.readinesProbe: not a value key of the chart (nothing reads it)',
    ]);
  });

  it('serializes to YAML without anchors or aliases and round-trips', () => {
    const yaml = helmValuesYaml(vaultHelmValues(OPTIONS));
    expect(yaml).not.toMatch(/[&*]a\d/);
    expect(parseYaml(yaml)).toEqual(JSON.parse(JSON.stringify(vaultHelmValues(OPTIONS))));
  });

  it('keeps TLS on: the chart scheme is https and the listener serves the cert-manager certificate', async () => {
    expect(vaultHelmValues(OPTIONS).global.tlsDisable).toBe(false);
    const listener = (await hcl()).listener.tcp[0];
    expect(listener).toEqual(
      expect.objectContaining({
        tls_disable: false,
        tls_cert_file: '/vault/userconfig/tls/tls.crt',
        tls_key_file: '/vault/userconfig/tls/tls.key',
        tls_min_version: 'tls12',
        address: '[::]:8200',
        cluster_address: '[::]:8201',
      }),
    );
    expect(listener.telemetry).toEqual([{ unauthenticated_metrics_access: false }]);
  });

  it('serves metrics without a token only on a second TLS listener on 8202, whose implied cluster listener binds loopback', async () => {
    const listeners = (await hcl()).listener.tcp;
    expect(listeners).toHaveLength(2);
    expect(listeners[1]).toEqual({
      address: '[::]:8202',
      cluster_address: '127.0.0.1:8203',
      tls_disable: false,
      tls_cert_file: '/vault/userconfig/tls/tls.crt',
      tls_key_file: '/vault/userconfig/tls/tls.key',
      tls_min_version: 'tls12',
      telemetry: [{ unauthenticated_metrics_access: true }],
    });
  });

  it('runs HA with integrated storage and one TLS retry_join per peer', async () => {
    const values = server();
    expect(values.ha).toEqual(expect.objectContaining({ enabled: true, replicas: 3, raft: expect.objectContaining({ enabled: true, setNodeId: true }) }));
    expect(values.ha.apiAddr).toBe('https://$(VAULT_K8S_POD_NAME).vault-internal:8200');
    const raft = (await hcl()).storage.raft[0];
    expect(raft.path).toBe('/vault/data');
    expect(raft.retry_join).toEqual(
      [0, 1, 2].map((i) => ({
        leader_api_addr: `https://vault-${i}.vault-internal:8200`,
        leader_ca_cert_file: '/vault/userconfig/tls/ca.crt',
        leader_tls_servername: `vault-${i}.vault-internal`,
      })),
    );
  });

  it('auto-unseals with the awskms seal of the given key and region, registers with Kubernetes and disables mlock', async () => {
    const config = await hcl();
    expect(config.seal).toEqual({ awskms: [{ region: 'eu-west-1', kms_key_id: OPTIONS.unsealKeyArn }] });
    expect(config.service_registration).toEqual({ kubernetes: [{}] });
    expect(config.disable_mlock).toBe(true);
    expect(config.telemetry).toEqual([{ prometheus_retention_time: '24h', disable_hostname: true }]);
    // Helm passes the config through `tpl`: no template delimiters may appear in it.
    expect(vaultServerConfigHcl(OPTIONS)).not.toContain('{{');
  });

  it('keeps quorum through voluntary disruptions: PDB maxUnavailable 1 from three voters, none with one', () => {
    expect(server().ha.disruptionBudget).toEqual({ enabled: true, maxUnavailable: 1 });
    expect(server({ ...OPTIONS, replicas: 5 }).ha.disruptionBudget).toEqual({ enabled: true, maxUnavailable: 1 });
    expect(server({ ...OPTIONS, replicas: 1, zoneCount: 2 }).ha.disruptionBudget).toEqual({ enabled: false, maxUnavailable: null });
  });

  it('puts every pod on its own node and spreads them over zones (valid Kubernetes objects)', () => {
    const values = server();
    const labels = { 'app.kubernetes.io/name': 'vault', 'app.kubernetes.io/instance': 'vault', component: 'server' };
    expect(() => validate(new Affinity(values.affinity))).not.toThrow();
    expect(values.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual([
      { labelSelector: { matchLabels: labels }, topologyKey: 'kubernetes.io/hostname' },
    ]);
    for (const constraint of values.topologySpreadConstraints) expect(() => validate(new TopologySpreadConstraint(constraint))).not.toThrow();
    expect(values.topologySpreadConstraints).toEqual([
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', minDomains: 3, labelSelector: { matchLabels: labels } },
    ]);
    expect(server({ ...OPTIONS, replicas: 1, zoneCount: 2 }).topologySpreadConstraints[0].minDomains).toBe(1);
  });

  it('passes Pod Security Standards restricted for the pod, the Vault container and the sidecar', () => {
    const values = server();
    const pod = values.statefulSet.securityContext.pod;
    expect(() => validate(new PodSecurityContext(pod))).not.toThrow();
    expect(pod).toEqual(expect.objectContaining({ runAsNonRoot: true, runAsUser: 100, runAsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } }));
    const containers = [values.statefulSet.securityContext.container, ...values.extraContainers.map((c: { securityContext: unknown }) => c.securityContext)];
    for (const context of containers) {
      expect(() => validate(new SecurityContext(context))).not.toThrow();
      expect(context).toEqual({
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(JSON.stringify(context)).not.toMatch(/privileged|add/);
    }
    expect(values.shareProcessNamespace).toBe(true);
  });

  it('never counts a sealed or uninitialised pod as ready, and never restarts one for being sealed', () => {
    const values = server();
    expect(values.readinessProbe).toEqual(expect.objectContaining({ enabled: true, path: READINESS_PATH, port: 8200 }));
    expect(READINESS_PATH).toBe('/v1/sys/health?standbyok=true&perfstandbyok=true');
    expect(READINESS_PATH).not.toMatch(/sealedcode|uninitcode/);
    expect(values.livenessProbe).toEqual(expect.objectContaining({ enabled: true, path: LIVENESS_PATH, initialDelaySeconds: 60 }));
    expect(LIVENESS_PATH).toContain('sealedcode=204');
    expect(LIVENESS_PATH).toContain('uninitcode=204');
  });

  it('puts raft data and audit logs on encrypted gp3 volumes and mounts TLS, the RDS CA bundle and a writable /tmp', () => {
    const values = server();
    expect(values.dataStorage).toEqual({ enabled: true, size: '20Gi', mountPath: '/vault/data', storageClass: 'gp3-encrypted', accessMode: 'ReadWriteOnce' });
    expect(values.auditStorage).toEqual({ enabled: true, size: '30Gi', mountPath: '/vault/audit', storageClass: 'gp3-encrypted', accessMode: 'ReadWriteOnce' });
    for (const volume of values.volumes) expect(() => validate(new Volume(volume))).not.toThrow();
    for (const mount of values.volumeMounts) expect(() => validate(new VolumeMount(mount))).not.toThrow();
    expect(values.volumeMounts).toEqual([
      { name: 'tls', mountPath: '/vault/userconfig/tls', readOnly: true },
      { name: 'rds-ca', mountPath: '/vault/userconfig/rds-ca', readOnly: true },
      { name: 'tmp', mountPath: '/tmp' },
    ]);
    expect(values.volumes.find((v: { name: string }) => v.name === 'rds-ca')).toEqual({ name: 'rds-ca', configMap: { name: 'rds-ca', defaultMode: 0o444 } });
    expect(server({ ...OPTIONS, mountRdsCaBundle: false }).volumeMounts.map((m: { name: string }) => m.name)).toEqual(['tls', 'tmp']);
  });

  it('takes requests and limits from the environment, pins the image by digest and turns the injector and CSI provider off', () => {
    const values = vaultHelmValues(OPTIONS);
    expect(values.server.resources).toEqual({ requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '1Gi' } });
    expect(values.server.image).toEqual({ repository: 'hashicorp/vault', tag: `2.0.4@${IMAGES.vault.digest}`, pullPolicy: 'IfNotPresent' });
    expect(IMAGES.vault.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(values.injector).toEqual({ enabled: false });
    expect(values.csi).toEqual({ enabled: false });
    // Kubernetes auth on the tooling cluster reviews tokens with Vault's own account: it needs system:auth-delegator.
    expect(values.server.authDelegator).toEqual({ enabled: true });
    expect(values.server.serviceAccount).toEqual(
      expect.objectContaining({ create: true, name: 'vault', annotations: { 'eks.amazonaws.com/role-arn': OPTIONS.serviceAccountRoleArn } }),
    );
    expect(values.server.service).toEqual(expect.objectContaining({ publishNotReadyAddresses: false, port: 8200 }));
  });

  it('runs the agent injector only for a delivery mode that needs it: none of eso and direct does', () => {
    expect(AGENT_INJECTOR_BY_DELIVERY).toEqual({ eso: false, direct: false });
    expect(agentInjectorNeeded(['eso', 'direct', 'eso'])).toBe(false);
    expect(agentInjectorNeeded([])).toBe(false);
    expect(vaultHelmValues({ ...OPTIONS, agentInjector: true }).injector).toEqual({ enabled: true });
  });

  it('runs the ops sidecar as a valid container that reloads TLS and rotates the declared audit files', () => {
    const [sidecar] = server().extraContainers;
    expect(() => validate(new Container(sidecar))).not.toThrow();
    expect(sidecar.image).toBe(`hashicorp/vault:2.0.4@${IMAGES.vault.digest}`);
    expect(sidecar.volumeMounts).toEqual([
      { name: 'tls', mountPath: '/vault/userconfig/tls', readOnly: true },
      { name: 'audit', mountPath: '/vault/audit' },
    ]);
    const script = opsSidecarScript(['/vault/audit/a.log', '/vault/audit/b.log']);
    expect(script).toContain('for log in /vault/audit/a.log /vault/audit/b.log; do');
    expect(script).toContain('kill -HUP "$pid"');
    // Terraform would interpolate `${...}` in the values string: the script must not contain it.
    expect(script).not.toContain('${');
  });
});
