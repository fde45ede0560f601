import { type PolicyRule, allOf } from '../rule';
import { blocks, isRecord } from '../terraform-values';

export const providerDefaultTags: PolicyRule = {
  name: 'provider-default-tags',
  description: 'Every AWS provider applies the mandatory tags (owner, cost centre, environment, ...) as non-empty `default_tags`.',
  appliesTo: ['provider.aws'],
  evaluate(element, { options }) {
    const tags: Record<string, unknown> = {};
    for (const block of blocks(element.config.default_tags)) {
      if (isRecord(block.tags)) Object.assign(tags, block.tags);
    }
    const missing = options.requiredTags.filter((key) => typeof tags[key] !== 'string' || (tags[key] as string).trim() === '');
    return allOf([missing.length > 0 && `default_tags lacks ${missing.join(', ')}`]);
  },
};
