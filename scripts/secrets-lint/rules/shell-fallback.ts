import { safeDefaultTag } from '../annotations';
import { isCredentialName } from '../names';
import { type LineRule } from '../types';

/**
 * A shell / compose / Helm fallback that silently replaces a missing value: `${VAR` followed by `:-`, `-`, `:=` or
 * `=`, a default and `}`. Matched anywhere (it is not valid TypeScript or Terraform syntax, so in those files it only
 * appears inside an embedded script), including the Terraform-escaped `$${...}` form. `${VAR:?message}` (fail fast)
 * and `${VAR:+alternative}` are fine, and so are Terraform `${var.x}` interpolations.
 */
const FALLBACK = /\$\{([A-Za-z_][A-Za-z0-9_]*|[0-9]+)(:?[-=])[^}]*\}/g;

export const shellFallback: LineRule = {
  id: 'SECRETS-001',
  title: 'Fallback default for a required value',
  check(line) {
    const messages: string[] = [];
    const tag = safeDefaultTag(line.text);
    for (const match of line.text.matchAll(FALLBACK)) {
      const [expression, name, operator] = match;
      const required = `\${${name}:?${name} is required}`;
      if (isCredentialName(name)) {
        messages.push(`secret ${name} has a fallback default (${'${'}${name}${operator}...}); a secret never has a default, use ${required}`);
      } else if (tag === undefined) {
        messages.push(`${expression.replace(/(:?[-=]).*\}$/, '$1...}')} fallback without a "# safe-default: <reason>" tag; use ${required} if the value is required`);
      } else if (tag.reason === '') {
        messages.push(`the safe-default tag for ${name} has no reason; write "# safe-default: <why any value works>"`);
      }
    }
    return messages;
  },
};
