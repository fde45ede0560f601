/**
 * The parts of CloudWatch's dashboard body structure this project writes, transcribed as a JSON schema (draft-07)
 * from the AWS CloudWatch API Reference, "Dashboard Body Structure and Syntax"
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html):
 *
 * - top level: `widgets` (required, 0-500 widget objects), `start` (`-PT...`/`-P...` relative or ISO 8601),
 *   `periodOverride` (`auto` | `inherit`), `variables`, `end`;
 * - every widget: `type` (`metric` | `text` | `log` | `alarm` | `explorer`), `x` (0-23), `y` (>= 0), `width` (1-24),
 *   `height` (1-1000), `properties` (required);
 * - text widget: `markdown` (required), `background` (`solid` | `transparent`);
 * - metric widget: `region` (required); `metrics` (array of arrays, 0-500 entries; required unless an alarm
 *   annotation is given) or `annotations.alarms` (0-1 alarm ARN; with an alarm annotation there may be no `metrics`
 *   array and no horizontal or vertical annotations); `period` (a multiple of 60, at least 60); `stat`; `view`
 *   (`timeSeries` | `singleValue` | `gauge` | `bar` | `pie` | `table`); `stacked`; `title`; `liveData`; `legend`;
 *   `yAxis`; each entry of `metrics` is `[Namespace, MetricName, (DimensionName, DimensionValue)..., {rendering}]`
 *   or `[{ expression, label?, id? }]`;
 * - alarm status widget: `alarms` (required, 1-100 ARNs), `sortBy` (`default` | `stateUpdatedTimestamp` |
 *   `timestamp`), `states` (`ALARM` | `INSUFFICIENT_DATA` | `OK`), `title`.
 *
 * Not expressible here and checked by the tests instead: a widget must fit the 24-column grid (`x + width <= 24`), and
 * widgets must not overlap.
 */
export const DASHBOARD_BODY_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  required: ['widgets'],
  additionalProperties: false,
  properties: {
    widgets: { type: 'array', maxItems: 500, items: { $ref: '#/definitions/widget' } },
    start: { type: 'string', pattern: '^(-P(T\\d+[MH]|\\d+[DWM])|\\d{4}-\\d{2}-\\d{2}T.+)$' },
    end: { type: 'string' },
    periodOverride: { enum: ['auto', 'inherit'] },
    variables: { type: 'array', maxItems: 25 },
  },
  definitions: {
    widget: {
      type: 'object',
      required: ['type', 'properties'],
      additionalProperties: false,
      properties: {
        type: { enum: ['metric', 'text', 'log', 'alarm', 'explorer'] },
        x: { type: 'integer', minimum: 0, maximum: 23 },
        y: { type: 'integer', minimum: 0 },
        width: { type: 'integer', minimum: 1, maximum: 24 },
        height: { type: 'integer', minimum: 1, maximum: 1000 },
        properties: { type: 'object' },
      },
      dependencies: { x: ['y'], y: ['x'] },
      allOf: [
        { if: { properties: { type: { const: 'text' } } }, then: { properties: { properties: { $ref: '#/definitions/textProperties' } } } },
        { if: { properties: { type: { const: 'metric' } } }, then: { properties: { properties: { $ref: '#/definitions/metricProperties' } } } },
        { if: { properties: { type: { const: 'alarm' } } }, then: { properties: { properties: { $ref: '#/definitions/alarmProperties' } } } },
      ],
    },
    textProperties: {
      type: 'object',
      required: ['markdown'],
      additionalProperties: false,
      properties: { markdown: { type: 'string' }, background: { enum: ['solid', 'transparent'] } },
    },
    metricProperties: {
      type: 'object',
      required: ['region'],
      additionalProperties: false,
      properties: {
        accountId: { type: 'string' },
        region: { type: 'string', minLength: 1 },
        title: { type: 'string' },
        view: { enum: ['timeSeries', 'singleValue', 'gauge', 'bar', 'pie', 'table'] },
        stacked: { type: 'boolean' },
        liveData: { type: 'boolean' },
        sparkline: { type: 'boolean' },
        period: { type: 'integer', minimum: 60, multipleOf: 60 },
        stat: { type: 'string', pattern: '^(SampleCount|Average|Sum|Minimum|Maximum|p\\d{1,2}(\\.\\d+)?)$' },
        timezone: { type: 'string', pattern: '^[+-]\\d{4}$' },
        legend: { type: 'object', properties: { position: { enum: ['right', 'bottom', 'hidden'] } }, additionalProperties: false },
        yAxis: { type: 'object' },
        table: { type: 'object' },
        metrics: { type: 'array', maxItems: 500, items: { $ref: '#/definitions/metricEntry' } },
        annotations: {
          type: 'object',
          additionalProperties: false,
          properties: {
            alarms: { type: 'array', minItems: 0, maxItems: 1, items: { type: 'string', pattern: '^arn:.+:cloudwatch:.+:alarm:.+$' } },
            horizontal: { type: 'array' },
            vertical: { type: 'array' },
          },
        },
      },
      anyOf: [
        { required: ['metrics'], not: { properties: { annotations: { required: ['alarms'] } }, required: ['annotations'] } },
        {
          required: ['annotations'],
          not: { required: ['metrics'] },
          properties: { annotations: { required: ['alarms'], properties: { alarms: { minItems: 1 } }, not: { anyOf: [{ required: ['horizontal'] }, { required: ['vertical'] }] } } },
        },
      ],
    },
    metricEntry: {
      type: 'array',
      minItems: 1,
      anyOf: [
        { items: [{ $ref: '#/definitions/expression' }], additionalItems: false },
        {
          minItems: 2,
          items: [{ type: 'string', minLength: 1 }, { type: 'string', minLength: 1 }],
          additionalItems: { anyOf: [{ type: 'string' }, { $ref: '#/definitions/renderingProperties' }] },
        },
      ],
    },
    expression: {
      type: 'object',
      required: ['expression'],
      additionalProperties: false,
      properties: { expression: { type: 'string', minLength: 1 }, label: { type: 'string' }, id: { type: 'string', pattern: '^[a-z][A-Za-z0-9_]*$' }, period: { type: 'integer', minimum: 60, multipleOf: 60 } },
    },
    renderingProperties: {
      type: 'object',
      additionalProperties: false,
      properties: {
        color: { type: 'string', pattern: '^#[0-9a-fA-F]{6}$' },
        label: { type: 'string' },
        period: { type: 'integer', minimum: 60, multipleOf: 60 },
        stat: { type: 'string' },
        visible: { type: 'boolean' },
        yAxis: { enum: ['left', 'right'] },
        id: { type: 'string', pattern: '^[a-z][A-Za-z0-9_]*$' },
        accountId: { type: 'string' },
        region: { type: 'string' },
      },
    },
    alarmProperties: {
      type: 'object',
      required: ['alarms'],
      additionalProperties: false,
      properties: {
        alarms: { type: 'array', minItems: 1, maxItems: 100, items: { type: 'string', pattern: '^arn:.+:cloudwatch:.+:alarm:.+$' } },
        sortBy: { enum: ['default', 'stateUpdatedTimestamp', 'timestamp'] },
        states: { type: 'array', items: { enum: ['ALARM', 'INSUFFICIENT_DATA', 'OK'] } },
        title: { type: 'string' },
      },
    },
  },
} as const;
