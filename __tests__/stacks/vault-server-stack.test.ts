import { Testing } from 'cdktf';
import { parse as parseYaml } from 'yaml';
import { CHARTS } from '../../constructs/kubernetes/charts';
import { chartValueProblems } from '../../constructs/kubernetes/value-contract';
import { VAULT_CHART_CONTRACT } from '../../constructs/vault-server/vault-chart-contract';
import { ClusterStack } from '../../stacks/cluster-stack';
import { DEFAULT_DEPLOYMENT } from '../../stacks/deployment';
import { NetworkStack } from '../../stacks/network-stack';
import { VaultAccessStack } from '../../stacks/vault-access-stack';
import { VaultServerStack } from '../../stacks/vault-server-stack';
import { type TerraformJson, resourceAt, resourcesOf, sampleConfig } from '../helpers';

const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
type Environment = (typeof ENVIRONMENTS)[number];

/** Synthesizes `vault-server-<env>` as `app.synth()` does (cross-stack references become remote state). */
function synthVaultServer(name: Environment): TerraformJson {
  const app = Testing.app();
  const props = { environment: sampleConfig(name), deployment: DEFAULT_DEPLOYMENT };
  const network = new NetworkStack(app, props);
  const vaultAccess = new VaultAccessStack(app, { ...props, network });
  const tooling = new ClusterStack(app, { ...props, role: 'tooling', network, vaultAccess });
  const stack = new VaultServerStack(app, { ...props, network, vaultAccess, tooling });
  for (const s of [network, vaultAccess, tooling, stack]) s.prepareStack();
  return JSON.parse(Testing.synth(stack)) as TerraformJson;
}

const values = (json: TerraformJson, type: string) => Object.values(resourcesOf(json, type));
const statements = (policy: string) => (JSON.parse(policy) as { Statement: Record<string, unknown>[] }).Statement;
const remoteOutput = (stack: string) => expect.stringMatching(new RegExp(`^\\$\\{data\\.terraform_remote_state\\.cross-stack-reference-input-${stack}\\.outputs\\.cross-stack-output-`));

describe('VaultServerStack', () => {
  const synthesized = {} as Record<Environment, TerraformJson>;
  beforeAll(() => {
    for (const env of ENVIRONMENTS) synthesized[env] = synthVaultServer(env);
  });

  describe.each(ENVIRONMENTS)('%s', (name) => {
    const json = () => synthesized[name];
    const config = sampleConfig(name);

    it('matches the snapshot', () => {
      expect(json()).toMatchSnapshot();
    });

    it('holds no private key or secret value in its state', () => {
      const types = [...Object.keys(json().resource), ...Object.keys(json().data)];
      for (const forbidden of ['tls_private_key', 'kubernetes_secret', 'kubernetes_secret_v1', 'aws_secretsmanager_secret_version', 'random_password', 'tls_self_signed_cert']) {
        expect(types).not.toContain(forbidden);
      }
      expect(Object.keys(json().data).sort()).toEqual(
        ['aws_caller_identity', 'aws_partition', 'aws_region', 'kubernetes_config_map_v1', 'kubernetes_namespace_v1', 'terraform_remote_state', ...(config.database ? ['http'] : [])].sort(),
      );
      expect(Object.values(json().output).filter((o) => (o as { sensitive?: boolean }).sensitive)).toEqual([]);
      expect(JSON.stringify(json())).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
    });

    it('reaches the tooling cluster with an ephemeral token', () => {
      expect(json().ephemeral.aws_eks_cluster_auth['tooling-cluster'].name).toBe(`vaultplat-${name}-tooling`);
      expect(json().provider.kubernetes[0].host).toEqual(remoteOutput(`cluster-tooling-${name}`));
      expect(json().provider.kubernetes[0].token).toBe('${ephemeral.aws_eks_cluster_auth.tooling-cluster.token}');
    });

    it('installs the pinned Vault chart with values that fit its contract, without waiting for readiness', () => {
      const release = resourceAt(json(), 'helm_release', 'vault/release');
      expect(release).toEqual(
        expect.objectContaining({ name: 'vault', namespace: 'vault', chart: 'vault', repository: CHARTS.vault.repository, version: CHARTS.vault.version, wait: false, create_namespace: false }),
      );
      const chartValues = parseYaml(release.values[0] as string);
      expect(chartValueProblems(chartValues, VAULT_CHART_CONTRACT)).toEqual([]);
      expect(chartValues.server.ha.replicas).toBe(config.vaultServer.replicas);
      expect(chartValues.server.ha.raft.config).toMatch(/seal "awskms" \{\n {2}region {5}= "eu-west-1"\n {2}kms_key_id = "\$\{aws_kms_key\.seal_key_[0-9A-F]{8}\.arn\}"\n\}/);
      expect(chartValues.server.resources).toEqual({ requests: config.vaultServer.resources.requests, limits: config.vaultServer.resources.limits });
      expect(release.depends_on).toEqual(
        expect.arrayContaining([expect.stringMatching(/^kubernetes_manifest\.target-group-binding_[0-9A-F]{8}$/), expect.stringContaining('kubernetes_manifest.tls_server-certificate')]),
      );
    });

    it('registers the Vault pods into the target group of the vault-access stack', () => {
      const binding = resourceAt(json(), 'kubernetes_manifest', 'target-group-binding').manifest;
      expect(binding.spec.targetGroupARN).toEqual(remoteOutput(`vault-access-${name}`));
      expect(binding.spec.serviceRef).toEqual({ name: 'vault', port: 8200 });
    });

    it('checks, without owning it, that the vault namespace is restricted and injects readiness gates', () => {
      expect(resourcesOf(json(), 'kubernetes_namespace_v1')).toEqual({});
      const namespace = Object.values(json().data.kubernetes_namespace_v1)[0] as { metadata: unknown; lifecycle: { postcondition: { condition: string }[] } };
      expect(namespace.metadata).toEqual({ name: 'vault' });
      expect(namespace.lifecycle.postcondition.map((p) => p.condition).join('\n')).toMatch(/enforce", ""\) == "restricted"[\s\S]*readiness-gate-inject", ""\) == "enabled"/);
    });

    it('denies everything in the namespace and allows exactly the Vault paths', () => {
      const policy = (id: string) => resourceAt(json(), 'kubernetes_network_policy_v1', `network-policies/${id}`).spec;
      expect(values(json(), 'kubernetes_network_policy_v1')).toHaveLength(4);
      expect(policy('default-deny')).toEqual({ pod_selector: {}, policy_types: ['Ingress', 'Egress'] });
      const toolingPrefix = config.network.vpcs.tooling.cidr.split('.').slice(0, 2).join('.');
      const toolingPrivate = config.network.availabilityZones.map(() => ({ ip_block: { cidr: expect.stringMatching(new RegExp(`^${toolingPrefix.replace('.', '\\.')}\\.`)) } }));
      const server = policy('vault-server');
      expect(server.ingress).toHaveLength(4);
      expect(server.ingress[0].ports).toEqual([{ port: '8200', protocol: 'TCP' }]);
      // The metrics listener: only the Prometheus scraper of observability-<env>.
      expect(server.ingress[3]).toEqual({
        from: [{ namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': 'cloudwatch-prometheus' } }, pod_selector: { match_labels: expect.objectContaining({ 'app.kubernetes.io/name': 'cloudwatch-prometheus' }) } }],
        ports: [{ port: '8202', protocol: 'TCP' }],
      });
      expect(server.ingress[0].from).toHaveLength(2 * config.network.availabilityZones.length);
      expect(server.ingress[0].from).toEqual(expect.arrayContaining(toolingPrivate));
      expect(server.ingress[1].ports).toEqual([{ port: '8200', protocol: 'TCP' }, { port: '8201', protocol: 'TCP' }]);
      const egressPorts = server.egress.map((rule: { ports: { port: string }[] }) => rule.ports.map((p) => p.port).join(','));
      // Peers, the tooling private subnets (its own API, KMS/STS endpoints), PostgreSQL, public 443 (OIDC discovery).
      // No 443 to the application VPC: the application cluster's tokens are checked against its public OIDC issuer.
      expect(egressPorts).toEqual(['8200,8201', '443', ...(config.database ? ['5432'] : []), '443']);
      expect(server.egress[1].to).toEqual(toolingPrivate);
      const open = JSON.stringify(server).match(/"cidr":"0\.0\.0\.0\/0","except":\[[^\]]*\]/g);
      expect(open).toEqual(['"cidr":"0.0.0.0/0","except":["10.0.0.0/8","172.16.0.0/12","192.168.0.0/16","100.64.0.0/10","169.254.0.0/16"]']);
    });

    it('seals with a dedicated KMS key that only the Vault service account role may use', () => {
      const key = resourceAt(json(), 'aws_kms_key', 'seal/key/key');
      expect(key.enable_key_rotation).toBe(true);
      const [admin, seal] = statements(key.policy);
      expect(admin).toEqual(expect.objectContaining({ Sid: 'AccountAdministration', Action: 'kms:*' }));
      expect(seal).toEqual(
        expect.objectContaining({ Sid: 'VaultServersSeal', Principal: { AWS: expect.stringMatching(/^\$\{aws_iam_role\.seal_role_[0-9A-F]{8}\.arn\}$/) }, Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey'] }),
      );
      expect(statements(key.policy)).toHaveLength(2);
      // The trust policy holds `${replace(<issuer>, "https://", "")}` keys (valid for Terraform, not for JSON.parse).
      const trust = resourceAt(json(), 'aws_iam_role', 'seal/role/role').assume_role_policy as string;
      expect(trust).toContain(':sub":"system:serviceaccount:vault:vault"');
      expect(trust).toContain(':aud":"sts.amazonaws.com"');
      expect(trust.match(/system:serviceaccount/g)).toHaveLength(1);
    });

    it('stores the init record where only the break-glass role can read it, written by a job that cannot read it', () => {
      const secretPolicy = statements(resourceAt(json(), 'aws_secretsmanager_secret_policy', 'init/secret-policy').policy);
      expect(secretPolicy[0]).toEqual({
        Sid: 'OnlyBreakGlassReads',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'secretsmanager:GetSecretValue',
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:PrincipalArn': config.vaultServer.breakGlassRoleArn } },
      });
      const jobPolicy = statements(resourceAt(json(), 'aws_iam_role_policy', 'init/role/inline-policy').policy);
      expect(jobPolicy.flatMap((s) => s.Action as string[])).toEqual(['secretsmanager:PutSecretValue', 'secretsmanager:DescribeSecret']);
      const keyPolicy = statements(resourceAt(json(), 'aws_kms_key', 'init/key/key').policy);
      const decrypters = keyPolicy.filter((s) => (s.Action as string[]).includes('kms:Decrypt'));
      expect(decrypters.map((s) => s.Sid)).toEqual(['AccountAdministration', 'InitJobStoresInitRecord', 'BreakGlassDecrypts'].filter((sid) => sid !== 'AccountAdministration'));
      expect(decrypters.find((s) => s.Sid === 'InitJobStoresInitRecord')?.Condition).toEqual(
        expect.objectContaining({ StringEquals: { 'kms:ViaService': expect.stringMatching(/^secretsmanager\./) } }),
      );
      expect(resourceAt(json(), 'aws_secretsmanager_secret', 'init/secret').kms_key_id).toMatch(/^\$\{aws_kms_key\.init_key_[0-9A-F]{8}\.arn\}$/);
    });

    it('runs the init job once, pinned, without retries and without printing the init output', () => {
      const job = resourceAt(json(), 'kubernetes_job_v1', 'init/job');
      expect(job.wait_for_completion).toBe(true);
      expect(job.spec.backoff_limit).toBe(0);
      const pod = job.spec.template.spec;
      expect(pod.automount_service_account_token).toBe(false);
      for (const container of [...pod.init_container, ...pod.container]) {
        expect(container.image).toMatch(/@sha256:[0-9a-f]{64}$/);
        expect(container.security_context).toEqual(
          expect.objectContaining({ allow_privilege_escalation: false, read_only_root_filesystem: true, run_as_non_root: true, capabilities: { drop: ['ALL'] } }),
        );
      }
      const script = pod.container[0].command[2] as string;
      expect(script).not.toMatch(/set -x|echo "?\$out|printf[^|]*\$out[^|]*$/m);
      expect(script).toContain('vault operator init -recovery-shares="$RECOVERY_SHARES" -recovery-threshold="$RECOVERY_THRESHOLD" -format=json');
      expect(pod.container[0].env).toEqual(expect.arrayContaining([{ name: 'RECOVERY_SHARES', value: String(config.vaultServer.init.recoveryShares) }]));
    });

    it('takes raft snapshots on the environment schedule with its own identity, into a locked, encrypted, versioned bucket', () => {
      const cron = resourceAt(json(), 'kubernetes_cron_job_v1', 'snapshots/cron-job').spec;
      const schedule = { dev: '17 0 * * *', staging: '17 */6 * * *', prod: '17 * * * *' }[name];
      expect(cron).toEqual(expect.objectContaining({ schedule, timezone: 'Etc/UTC', concurrency_policy: 'Forbid' }));
      const env = cron.job_template.spec.template.spec.container[0].env as { name: string; value: string }[];
      expect(env).toEqual(expect.arrayContaining([{ name: 'VAULT_ROLE', value: 'platform-raft-snapshot' }, { name: 'VAULT_AUTH_PATH', value: 'kubernetes-tooling' }]));
      const lock = resourceAt(json(), 'aws_s3_bucket_object_lock_configuration', 'snapshots/bucket/object-lock').rule.default_retention;
      expect(lock).toEqual({ mode: config.vaultServer.snapshots.objectLock.mode, days: config.vaultServer.snapshots.objectLock.retentionDays });
      expect(resourceAt(json(), 'aws_s3_bucket', 'snapshots/bucket/bucket').object_lock_enabled).toBe(true);
      const lifecycle = resourceAt(json(), 'aws_s3_bucket_lifecycle_configuration', 'snapshots/bucket/lifecycle').rule[0];
      expect(lifecycle.expiration).toEqual([{ days: config.vaultServer.snapshots.retentionDays }]);
      const bucketPolicy = statements(resourceAt(json(), 'aws_s3_bucket_policy', 'snapshots/bucket/policy').policy);
      expect(bucketPolicy[0]).toEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
      const upload = statements(resourceAt(json(), 'aws_iam_role_policy', 'snapshots/role/inline-policy').policy);
      expect(upload.flatMap((s) => s.Action as string[])).toEqual(['s3:PutObject', 's3:AbortMultipartUpload']);
    });

    it('replicates snapshots to a second region in prod only', () => {
      const replications = values(json(), 'aws_s3_bucket_replication_configuration');
      if (name === 'prod') {
        expect(replications).toHaveLength(1);
        expect(replications[0].rule[0]).toEqual(expect.objectContaining({ status: 'Enabled', delete_marker_replication: { status: 'Disabled' } }));
        expect(resourceAt(json(), 'aws_s3_bucket', 'snapshots/replica-bucket').provider).toBe('aws.replica');
        expect(json().provider.aws.find((p: { alias?: string }) => p.alias === 'replica').region).toBe(config.vaultServer.snapshots.replicaRegion);
      } else {
        expect(replications).toEqual([]);
        expect(values(json(), 'aws_s3_bucket')).toHaveLength(1);
      }
    });

    it('alarms to the environment topic when no snapshot arrived for two intervals', () => {
      const alarm = resourceAt(json(), 'aws_cloudwatch_metric_alarm', 'snapshots/missing-alarm');
      expect(alarm).toEqual(
        expect.objectContaining({
          namespace: 'AWS/S3',
          metric_name: 'PutRequests',
          period: config.vaultServer.snapshots.intervalHours * 3600,
          evaluation_periods: 2,
          threshold: 1,
          comparison_operator: 'LessThanThreshold',
          treat_missing_data: 'breaching',
          alarm_actions: [remoteOutput(`network-${name}`)],
        }),
      );
      expect(resourceAt(json(), 'aws_s3_bucket_metric', 'snapshots/upload-metric').filter).toEqual({ prefix: 'snapshots/' });
    });

    it('mounts the RDS CA bundle from a pinned-format download only where there is a database', () => {
      const configMaps = values(json(), 'kubernetes_config_map_v1');
      if (!config.database) {
        expect(configMaps).toEqual([]);
        return;
      }
      expect(configMaps[0].metadata).toEqual(expect.objectContaining({ name: 'rds-ca', namespace: 'vault' }));
      expect(configMaps[0].data['global-bundle.pem']).toMatch(/^\$\{data\.http\.rds-ca_download_[0-9A-F]{8}\.response_body\}$/);
      const download = Object.values(json().data.http)[0] as { url: string; lifecycle: { postcondition: { condition: string }[] } };
      expect(download.url).toBe('https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem');
      expect(download.lifecycle.postcondition.map((p) => p.condition)).toEqual([expect.stringContaining('status_code == 200'), expect.stringContaining('BEGIN CERTIFICATE')]);
    });

    it('outputs the public CA certificate read from the trust-manager ConfigMap', () => {
      expect(json().output['vault-ca-certificate-pem'].value).toMatch(/^\$\{data\.kubernetes_config_map_v1\.tls_ca-configmap_[0-9A-F]{8}\.data\["ca\.crt"\]\}$/);
    });
  });
});
