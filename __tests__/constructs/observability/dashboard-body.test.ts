import Ajv from 'ajv';
import { DASHBOARD_BODY_SCHEMA } from '../../../constructs/observability/dashboard-body-schema';
import { type DashboardBody, type DashboardWidget, dashboardBody } from '../../../constructs/observability/dashboard-body';
import { signalCatalog } from '../../../stacks/signal-catalog';
import { sampleConfig } from '../../helpers';

const validate = new Ajv({ allErrors: true }).compile(DASHBOARD_BODY_SCHEMA);
const arnOf = (name: string) => `arn:aws:cloudwatch:eu-west-1:111111111111:alarm:${name}`;
const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;

function bodyOf(name: (typeof ENVIRONMENTS)[number]): { body: DashboardBody; catalog: ReturnType<typeof signalCatalog> } {
  const catalog = signalCatalog(sampleConfig(name));
  const body = dashboardBody({
    title: `vaultplat-${name}`,
    region: catalog.region,
    alarms: catalog.alarms.map((alarm) => ({ name: alarm.name, arn: arnOf(alarm.name), title: alarm.title, area: alarm.area })),
    graphs: catalog.graphs,
    runbooksLink: 'docs/runbooks/README.md',
  });
  return { body, catalog };
}

const overlaps = (a: DashboardWidget, b: DashboardWidget) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('dashboardBody', () => {
  it.each(ENVIRONMENTS)('%s: follows the documented dashboard body structure (JSON schema) and fits the 24-column grid without overlaps', (name) => {
    const { body } = bodyOf(name);
    const valid = validate(JSON.parse(JSON.stringify(body)));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    for (const widget of body.widgets) expect(widget.x + widget.width).toBeLessThanOrEqual(24);
    body.widgets.forEach((a, i) => body.widgets.slice(i + 1).forEach((b) => expect([a, b, overlaps(a, b)]).toEqual([a, b, false])));
  });

  it.each(ENVIRONMENTS)('%s: shows exactly the catalog: one alarm widget per alarm, every alarm in the status row, the catalog graphs and nothing else', (name) => {
    const { body, catalog } = bodyOf(name);
    const metricWidgets = body.widgets.filter((widget) => widget.type === 'metric');
    const annotated = metricWidgets.flatMap((widget) => ((widget.properties.annotations as { alarms?: string[] } | undefined)?.alarms ?? []));
    expect(annotated.sort()).toEqual(catalog.alarms.map((alarm) => arnOf(alarm.name)).sort());
    const status = body.widgets.filter((widget) => widget.type === 'alarm').flatMap((widget) => widget.properties.alarms as string[]);
    expect(status.sort()).toEqual(catalog.alarms.map((alarm) => arnOf(alarm.name)).sort());
    const graphs = metricWidgets.filter((widget) => widget.properties.metrics !== undefined).map((widget) => widget.properties.title);
    expect(graphs.sort()).toEqual(catalog.graphs.map((graph) => graph.title).sort());
    expect(metricWidgets).toHaveLength(catalog.alarms.length + catalog.graphs.length);
  });

  it('puts the alarm status first, then one row per area in order, each under its heading', () => {
    const { body } = bodyOf('prod');
    const headings = body.widgets.filter((widget) => widget.type === 'text').map((widget) => String(widget.properties.markdown).split('\n')[0]);
    expect(headings).toEqual([
      '# vaultplat-prod',
      '## Alarm status',
      '## Vault',
      '## Clusters',
      '## Secret delivery (External Secrets Operator)',
      '## Database',
      '## Network and VPN',
    ]);
    const yOf = (title: string) => body.widgets.find((widget) => widget.properties.title === title)?.y ?? -1;
    expect(yOf('Vault: a server is sealed')).toBeLessThan(yOf('Nodes: CPU utilisation (vaultplat-prod-tooling)'));
  });

  it('finds the VPN endpoint and NAT gateways by SEARCH expression, never by an ID from another stack', () => {
    const { body } = bodyOf('prod');
    const expressions = body.widgets.flatMap((widget) => ((widget.properties.metrics as unknown[][] | undefined) ?? []).flat()).filter((entry): entry is { expression: string } => typeof entry === 'object' && entry !== null && 'expression' in entry);
    expect(expressions.map((e) => e.expression)).toEqual([
      `SEARCH('{AWS/ClientVPN,Endpoint} MetricName="ActiveConnectionsCount"', 'Maximum', 300)`,
      `SEARCH('{AWS/NATGateway,NatGatewayId} MetricName="BytesOutToDestination"', 'Sum', 300)`,
    ]);
    expect(JSON.stringify(body)).not.toMatch(/cvpn-endpoint-|nat-[0-9a-f]{8,}|remote_state/);
  });

  it('splits more than 100 alarms over several status widgets (CloudWatch allows 1-100 per widget)', () => {
    const alarms = Array.from({ length: 150 }, (_, i) => ({ name: `a${i}`, arn: arnOf(`a${i}`), title: `A ${i}`, area: 'vault' as const }));
    const body = dashboardBody({ title: 't', region: 'eu-west-1', alarms, graphs: [], runbooksLink: 'x' });
    expect(body.widgets.filter((widget) => widget.type === 'alarm').map((widget) => (widget.properties.alarms as string[]).length)).toEqual([100, 50]);
    expect(validate(JSON.parse(JSON.stringify(body)))).toBe(true);
  });

  it('has a schema that rejects what CloudWatch rejects: an alarm widget with metrics, 101 status alarms, a period not a multiple of 60, a widget off the grid', () => {
    const widget = (type: string, properties: object, x = 0) => ({ type, x, y: 0, width: 6, height: 6, properties });
    const cases = [
      widget('metric', { region: 'eu-west-1', metrics: [['AWS/EC2', 'CPUUtilization']], annotations: { alarms: [arnOf('a')] } }),
      widget('alarm', { alarms: Array.from({ length: 101 }, (_, i) => arnOf(`a${i}`)) }),
      widget('metric', { region: 'eu-west-1', metrics: [['AWS/EC2', 'CPUUtilization']], period: 90 }),
      widget('metric', { region: 'eu-west-1', metrics: [['AWS/EC2', 'CPUUtilization']] }, 24),
      widget('metric', { metrics: [['AWS/EC2', 'CPUUtilization']] }),
      widget('text', { markdown: 'x', color: 'red' }),
    ];
    for (const bad of cases) expect([bad, validate({ widgets: [bad] })]).toEqual([bad, false]);
  });
});
