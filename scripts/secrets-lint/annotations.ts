/**
 * Line annotations a reviewer can read:
 * - `# safe-default: <reason>` marks a `${VAR:-default}` fallback as a deliberate convenience default (SECRETS-001).
 * - `# secrets-lint-allow: <reason>` suppresses the findings of its own line; every use is listed in the report.
 * Both take `#`, `//`, `/*` or `<!--` as the comment marker, and both need a non-empty reason.
 */

const COMMENT_MARKER = String.raw`(?:#|\/\/|\/\*|<!--)`;

function annotation(name: string): RegExp {
  return new RegExp(String.raw`${COMMENT_MARKER}\s*${name}:([^\n]*)`);
}

const SAFE_DEFAULT = annotation('safe-default');
const ALLOW = annotation('secrets-lint-allow');

/** The reason of an annotation: text after the colon without a closing comment marker or quote; '' when missing. */
function reasonOf(raw: string): string {
  return raw
    .replace(/\s*(?:-->|\*\/)\s*$/, '')
    .replace(/["'`,;]+\s*$/, '')
    .trim();
}

export interface Annotation {
  /** The reason given, '' when the tag is present without one. */
  readonly reason: string;
}

export function safeDefaultTag(line: string): Annotation | undefined {
  const match = SAFE_DEFAULT.exec(line);
  return match ? { reason: reasonOf(match[1]) } : undefined;
}

export function allowComment(line: string): Annotation | undefined {
  const match = ALLOW.exec(line);
  return match ? { reason: reasonOf(match[1]) } : undefined;
}
