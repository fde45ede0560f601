import { type MetricStat } from './alarm-spec';
import { SIGNAL_AREAS, SIGNAL_AREA_TITLES, type SignalArea } from './signals';

/**
 * The CloudWatch dashboard body of an environment, built from its signal catalog (stacks/signal-catalog.ts):
 * - a header, then an **alarm status** row listing every alarm of the environment by its deterministic ARN;
 * - one row per area (Vault, clusters, secret delivery, database, network and VPN): for every alarm an alarm widget
 *   (a metric widget whose only content is the alarm annotation, so CloudWatch draws exactly the metric, expression
 *   or query and the threshold the alarm evaluates), then the area's context graphs.
 * No widget names a resource ID: alarms are addressed by ARN, and context graphs either name deterministic
 * dimensions (cluster names) or use SEARCH expressions (the VPN endpoint and NAT gateways, whose IDs live in other
 * stacks' state; `vpn-<env>` is read by no stack).
 *
 * The body follows the documented structure (AWS CloudWatch API Reference, "Dashboard Body Structure and Syntax"),
 * transcribed as a JSON schema in ./dashboard-body-schema.ts and checked by the tests.
 */

/** A metric whose dimensions are all known at synth. */
export type GraphMetric = Omit<MetricStat, 'dimensions'> & { readonly dimensions: Readonly<Record<string, string>> };

/** A graph without an alarm: explicit metrics (every dimension literal) or one SEARCH expression. */
export type DashboardGraph = {
  /** Stable ID, unique in the catalog. */
  readonly id: string;
  readonly area: SignalArea;
  readonly title: string;
  readonly periodSeconds: number;
} & (
  | { readonly metrics: readonly GraphMetric[]; readonly search?: undefined }
  | { readonly search: string; readonly statistic: MetricStat['statistic']; readonly metrics?: undefined }
);

/** An alarm as the dashboard shows it. */
export interface DashboardAlarm {
  readonly name: string;
  /** `arn:<partition>:cloudwatch:<region>:<account>:alarm:<name>`. */
  readonly arn: string;
  readonly title: string;
  readonly area: SignalArea;
}

export interface DashboardBodyInput {
  /** Heading, e.g. `vaultplat-prod`. */
  readonly title: string;
  readonly region: string;
  readonly alarms: readonly DashboardAlarm[];
  readonly graphs: readonly DashboardGraph[];
  /** Where the runbooks are, for the header text. */
  readonly runbooksLink: string;
}

export interface DashboardWidget {
  readonly type: 'metric' | 'text' | 'alarm';
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: Record<string, unknown>;
}

export interface DashboardBody {
  readonly start: string;
  readonly periodOverride: 'inherit' | 'auto';
  readonly widgets: readonly DashboardWidget[];
}

/** The grid is 24 columns wide. */
export const DASHBOARD_COLUMNS = 24;
/** An alarm status widget lists at most 100 alarms. */
export const ALARM_WIDGET_MAX_ALARMS = 100;
const GRAPH_WIDTH = 8;
const GRAPH_HEIGHT = 6;

/** The dashboard body (an object; serialize with `JSON.stringify`). */
export function dashboardBody(input: DashboardBodyInput): DashboardBody {
  const widgets: DashboardWidget[] = [];
  let y = 0;
  const header = (markdown: string, height = 1) => {
    widgets.push({ type: 'text', x: 0, y, width: DASHBOARD_COLUMNS, height, properties: { markdown } });
    y += height;
  };
  const row = (cells: Omit<DashboardWidget, 'x' | 'y' | 'width' | 'height'>[]) => {
    cells.forEach((cell, i) => {
      const column = i % (DASHBOARD_COLUMNS / GRAPH_WIDTH);
      if (i > 0 && column === 0) y += GRAPH_HEIGHT;
      widgets.push({ ...cell, x: column * GRAPH_WIDTH, y, width: GRAPH_WIDTH, height: GRAPH_HEIGHT });
    });
    if (cells.length > 0) y += GRAPH_HEIGHT;
  };

  header(
    `# ${input.title}\nEvery alarm of the environment, generated from the signal catalog with the alarms themselves. Each graph shows what its alarm evaluates and its threshold; what to do when one fires: [runbooks](${input.runbooksLink}).`,
    2,
  );
  header('## Alarm status');
  const chunks: DashboardAlarm[][] = [];
  for (let i = 0; i < input.alarms.length; i += ALARM_WIDGET_MAX_ALARMS) chunks.push(input.alarms.slice(i, i + ALARM_WIDGET_MAX_ALARMS));
  for (const [i, chunk] of chunks.entries()) {
    const height = Math.max(3, Math.ceil(chunk.length / 4) + 1);
    widgets.push({
      type: 'alarm',
      x: 0,
      y,
      width: DASHBOARD_COLUMNS,
      height,
      properties: {
        title: chunks.length > 1 ? `Alarms (${i + 1}/${chunks.length})` : 'Alarms',
        alarms: chunk.map((alarm) => alarm.arn),
        sortBy: 'stateUpdatedTimestamp',
      },
    });
    y += height;
  }

  for (const area of SIGNAL_AREAS) {
    const alarms = input.alarms.filter((alarm) => alarm.area === area);
    const graphs = input.graphs.filter((graph) => graph.area === area);
    if (alarms.length === 0 && graphs.length === 0) continue;
    header(`## ${SIGNAL_AREA_TITLES[area]}`);
    row([
      ...alarms.map((alarm) => ({
        type: 'metric' as const,
        properties: { title: alarm.title, region: input.region, view: 'timeSeries', stacked: false, annotations: { alarms: [alarm.arn] } },
      })),
      ...graphs.map((graph) => ({ type: 'metric' as const, properties: graphProperties(graph, input.region) })),
    ]);
  }
  return { start: '-PT12H', periodOverride: 'inherit', widgets };
}

function graphProperties(graph: DashboardGraph, region: string): Record<string, unknown> {
  const common = { title: graph.title, region, view: 'timeSeries', stacked: false, period: graph.periodSeconds };
  if (graph.search !== undefined) {
    const expression = `SEARCH('${graph.search}', '${graph.statistic}', ${graph.periodSeconds})`;
    return { ...common, metrics: [[{ expression, id: 'e1', label: '' }]] };
  }
  return {
    ...common,
    metrics: graph.metrics.map((metric) => [
      metric.namespace,
      metric.metricName,
      ...Object.entries(metric.dimensions).flat(),
      { stat: metric.statistic, label: metric.metricName },
    ]),
  };
}
