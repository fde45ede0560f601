import { ALARMED_RESOURCE_TYPES } from '../../observability/alarmed-resources';
import { type ElementView, type PolicyRule, compliant, nonCompliant, notApplicable } from '../rule';
import { blocks, isExpression, refersTo } from '../terraform-values';

/** The metric names an alarm reads (a single metric or the metrics of its metric queries) for `target`'s dimension. */
function metricsWatching(alarm: ElementView, namespace: string, dimension: string, target: ElementView, literal: unknown): string[] {
  const watches = (dimensions: unknown) => {
    const value = (dimensions as Record<string, unknown> | undefined)?.[dimension];
    return refersTo(value, target) || (typeof literal === 'string' && !isExpression(literal) && value === literal);
  };
  const config = alarm.config;
  const single = config.namespace === namespace && watches(config.dimensions) ? [String(config.metric_name)] : [];
  const queried = blocks(config.metric_query).flatMap((query) =>
    blocks(query.metric).filter((metric) => metric.namespace === namespace && watches(metric.dimensions)).map((metric) => String(metric.metric_name)),
  );
  return [...single, ...queried];
}

export const criticalResourcesAlarmed: PolicyRule = {
  name: 'critical-resources-alarmed',
  description:
    'Every resource that carries the platform (`aws_db_instance`, `aws_lb_target_group`, `aws_nat_gateway`, `aws_ec2_client_vpn_endpoint`) has, in the same stack, an `aws_cloudwatch_metric_alarm` on each metric the signal catalog watches for its type (constructs/observability/alarmed-resources.ts), naming it in the dimension of that metric.',
  appliesTo: Object.keys(ALARMED_RESOURCE_TYPES),
  evaluate(element, { stack }) {
    const required = ALARMED_RESOURCE_TYPES[element.type];
    if (!required) return notApplicable('not a critical resource type');
    const literal = required.literalAttribute ? element.config[required.literalAttribute] : undefined;
    const watched = new Set(stack.ofType('aws_cloudwatch_metric_alarm').flatMap((alarm) => metricsWatching(alarm, required.namespace, required.dimension, element, literal)));
    const missing = Object.entries(required.metrics).filter(([metric]) => !watched.has(metric));
    if (missing.length === 0) return compliant();
    return nonCompliant(`no alarm on ${missing.map(([metric, signal]) => `${required.namespace} ${metric} (signal ${signal})`).join(', ')} with ${required.dimension} of this resource`);
  },
};
