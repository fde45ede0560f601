/**
 * The parts of the CloudWatch agent's configuration schema the Prometheus scraper uses, transcribed (draft-07) from
 * aws/amazon-cloudwatch-agent v1.300063.0 (the agent version the scraper runs), translator/config/schema.json:
 * `agentDefinition` (the keys used here; the original allows additional properties), `logsDefinition` with
 * `metrics_collected.prometheus` (additionalProperties false) and `emfProcessorDefinition` with its
 * `metricDeclarationDefinition` (additionalProperties false). `force_flush_interval` is a `timeIntervalDefinition`
 * (integer seconds, 1-...), kept as a positive integer here.
 */
export const CLOUDWATCH_AGENT_CONFIG_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  properties: {
    agent: {
      type: 'object',
      properties: {
        region: { type: 'string', minLength: 1, maxLength: 64 },
        debug: { type: 'boolean' },
        metrics_collection_interval: { type: 'integer', minimum: 1 },
        logfile: { type: 'string', maxLength: 4096 },
        omit_hostname: { type: 'boolean' },
      },
      additionalProperties: true,
    },
    logs: {
      type: 'object',
      additionalProperties: false,
      properties: {
        force_flush_interval: { type: 'integer', minimum: 1 },
        metrics_collected: {
          type: 'object',
          additionalProperties: false,
          properties: {
            prometheus: {
              type: 'object',
              additionalProperties: false,
              properties: {
                cluster_name: { type: 'string' },
                log_group_name: { type: 'string' },
                prometheus_config_path: { type: 'string' },
                emf_processor: {
                  type: 'object',
                  additionalProperties: false,
                  properties: {
                    metric_declaration_dedup: { type: 'boolean' },
                    metric_namespace: { type: 'string' },
                    metric_unit: { type: 'object', additionalProperties: { type: 'string', minLength: 1, maxLength: 256 } },
                    metric_declaration: {
                      type: 'array',
                      items: {
                        type: 'object',
                        additionalProperties: false,
                        properties: {
                          source_labels: { type: 'array', items: { type: 'string' } },
                          label_matcher: { type: 'string' },
                          label_separator: { type: 'string' },
                          metric_selectors: { type: 'array', items: { type: 'string' } },
                          dimensions: { type: 'array', items: { type: 'array', items: { type: 'string' } } },
                        },
                      },
                    },
                  },
                },
                disable_metric_extraction: { type: 'boolean' },
              },
            },
          },
        },
      },
    },
  },
} as const;
