import Ajv from 'ajv';
import { Testing } from 'cdktf';
import { DASHBOARD_BODY_SCHEMA } from '../../constructs/observability/dashboard-body-schema';
import { ClusterStack } from '../../stacks/cluster-stack';
import { DEFAULT_DEPLOYMENT } from '../../stacks/deployment';
import { NetworkStack } from '../../stacks/network-stack';
import { ObservabilityStack, scrapeJobs } from '../../stacks/observability-stack';
import { alarmsOwnedBy, signalCatalog } from '../../stacks/signal-catalog';
import { VaultAccessStack } from '../../stacks/vault-access-stack';
import { type TerraformJson, resourcesOf, sampleConfig } from '../helpers';

const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
type Environment = (typeof ENVIRONMENTS)[number];

/** Synthesizes `observability-<env>` the way `app.synth()` does: cross-stack references become remote state first. */
function synthObservability(name: Environment): TerraformJson {
  const app = Testing.app();
  const props = { environment: sampleConfig(name), deployment: DEFAULT_DEPLOYMENT };
  const network = new NetworkStack(app, props);
  const vaultAccess = new VaultAccessStack(app, { ...props, network });
  const clusters = {
    tooling: new ClusterStack(app, { ...props, role: 'tooling', network, vaultAccess }),
    application: new ClusterStack(app, { ...props, role: 'application', network, vaultAccess }),
  };
  const stack = new ObservabilityStack(app, { ...props, network, clusters });
  stack.prepareStack();
  return JSON.parse(Testing.synth(stack)) as TerraformJson;
}

describe('ObservabilityStack', () => {
  const synthesized = {} as Record<Environment, TerraformJson>;
  beforeAll(() => {
    for (const name of ENVIRONMENTS) synthesized[name] = synthObservability(name);
  });

  it.each(ENVIRONMENTS)('matches the reviewed snapshot for %s', (name) => {
    expect(synthesized[name]).toMatchSnapshot();
  });

  it.each(ENVIRONMENTS)('%s: reads the network and both cluster workspaces, never vpn-%s', (name) => {
    expect(Object.values(synthesized[name].data.terraform_remote_state).map((r) => (r as TerraformJson).config.workspaces.name).sort()).toEqual([
      `vaultplat-cluster-application-${name}`,
      `vaultplat-cluster-tooling-${name}`,
      `vaultplat-network-${name}`,
    ]);
  });

  it.each(ENVIRONMENTS)('%s: publishes a dashboard body CloudWatch accepts, naming every catalog alarm by its deterministic ARN', (name) => {
    const dashboards = Object.values(resourcesOf(synthesized[name], 'aws_cloudwatch_dashboard'));
    expect(dashboards).toHaveLength(1);
    const [dashboard] = dashboards;
    expect(dashboard.dashboard_name).toBe(`vaultplat-${name}-platform`);
    const body = JSON.parse(dashboard.dashboard_body);
    const validate = new Ajv({ allErrors: true }).compile(DASHBOARD_BODY_SCHEMA);
    expect(validate(body)).toBe(true);
    const arns: string[] = body.widgets.filter((widget: TerraformJson) => widget.type === 'alarm').flatMap((widget: TerraformJson) => widget.properties.alarms);
    const region = sampleConfig(name).aws.region;
    const prefix = new RegExp(`^arn:\\$\\{data\\.aws_partition\\.[^}]+\\.partition\\}:cloudwatch:${region}:\\$\\{data\\.aws_caller_identity\\.[^}]+\\.account_id\\}:alarm:`);
    for (const arn of arns) expect(arn).toMatch(prefix);
    expect(arns.map((arn) => arn.replace(prefix, '')).sort()).toEqual(signalCatalog(sampleConfig(name)).alarms.map((alarm) => alarm.name).sort());
    expect(arns).toHaveLength(signalCatalog(sampleConfig(name)).alarms.length);
  });

  it.each(ENVIRONMENTS)('%s: owns the alarms on the scraped metrics (Vault sealed, audit, leases; ESO per cluster)', (name) => {
    const alarms = Object.values(resourcesOf(synthesized[name], 'aws_cloudwatch_metric_alarm')).map((alarm) => alarm.alarm_name as string);
    expect(alarms.sort()).toEqual(alarmsOwnedBy(signalCatalog(sampleConfig(name)), 'observability').map((alarm) => alarm.name).sort());
    expect(alarms).toEqual(expect.arrayContaining([`vaultplat-${name}-vault-sealed`, `vaultplat-${name}-tooling-eso-sync-errors`, `vaultplat-${name}-application-eso-sync-errors`]));
  });

  it.each(ENVIRONMENTS)('%s: scrapes Vault and External Secrets on the tooling cluster, External Secrets on the application cluster', (name) => {
    expect(scrapeJobs(sampleConfig(name), 'tooling').map((job) => job.config.job_name)).toEqual(['vault', 'external-secrets']);
    expect(scrapeJobs(sampleConfig(name), 'application').map((job) => job.config.job_name)).toEqual(['external-secrets']);
    const deployments = Object.values(resourcesOf(synthesized[name], 'kubernetes_deployment_v1'));
    expect(deployments.map((deployment) => deployment.provider).sort()).toEqual(['kubernetes.application', 'kubernetes.tooling']);
    // It installs no chart: no helm provider for its runs to download and configure.
    expect(Object.keys(synthesized[name].provider)).not.toContain('helm');
    expect(Object.keys(synthesized[name].terraform.required_providers)).not.toContain('helm');
  });

  it('keeps the scraped telemetry as long as the tier requires, encrypted with its own key', () => {
    const groups = (name: Environment) => Object.values(resourcesOf(synthesized[name], 'aws_cloudwatch_log_group'));
    expect(groups('dev').map((group) => group.retention_in_days)).toEqual([14, 14]);
    expect(groups('prod').map((group) => group.retention_in_days)).toEqual([365, 365]);
    for (const group of groups('prod')) expect(group.kms_key_id).toMatch(/^\$\{aws_kms_key\.telemetry-key_[0-9A-F]{8}\.arn\}$/);
  });
});
