import { type PolicyRule, allOf } from '../rule';
import { blocks } from '../terraform-values';

/** A chart value path that names a credential (`auth.password`, `server.tokenSecret`, `tls.key`, `apiKey`). */
const SECRET_NAME = /(pass(word|phrase)?|secret|token|credential|private[_-]?key|api[_-]?key|access[_-]?key|(^|[._])key$)/i;

export const helmReleaseNoSecretSet: PolicyRule = {
  name: 'helm-release-no-secret-set',
  description:
    'No `helm_release` passes a secret through `set`, `set_list` or `set_sensitive` (all stored in state); charts read credentials from Kubernetes Secrets, or a write-only `set_wo` is used.',
  appliesTo: ['helm_release'],
  evaluate(element) {
    const named = (attribute: string) =>
      blocks(element.config[attribute])
        .map((entry) => entry.name)
        .filter((name): name is string => typeof name === 'string' && SECRET_NAME.test(name));
    const sensitive = blocks(element.config.set_sensitive).map((entry) => String(entry.name));
    return allOf([
      ...named('set').map((name) => `set "${name}" looks like a secret (its value is stored in state)`),
      ...named('set_list').map((name) => `set_list "${name}" looks like a secret (its value is stored in state)`),
      ...sensitive.map((name) => `set_sensitive "${name}" is still stored in state (sensitive only hides it from the plan output)`),
    ]);
  },
};
