import { type ValueSyntax } from './types';

/** Extensions whose unquoted values are literal strings (see `ValueSyntax`). */
const CONFIG_EXTENSIONS = new Set(['yml', 'yaml', 'sh', 'bash', 'zsh', 'ksh', 'env', 'envrc', 'ini', 'cfg', 'conf', 'properties']);

/** Markdown fence languages treated as `config`; other languages are `code`, an unlabelled fence is `config`. */
const CONFIG_FENCE_LANGUAGES = new Set([
  '',
  'yml',
  'yaml',
  'sh',
  'bash',
  'zsh',
  'shell',
  'console',
  'shell-session',
  'env',
  'dotenv',
  'ini',
  'properties',
  'conf',
  'dockerfile',
  'text',
  'txt',
]);

const SHEBANG = /^#!.*\b(?:sh|bash|zsh|ksh|dash)\b/;

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function isMarkdown(path: string): boolean {
  return /\.(?:md|markdown)$/i.test(path);
}

/** The value syntax of a whole (non-Markdown) file, from its name and, for extensionless scripts, its shebang. */
export function fileSyntax(path: string, firstLine: string): ValueSyntax {
  const name = baseName(path);
  if (/^(?:Dockerfile|Containerfile)(?:\..*)?$/.test(name) || /^\.env(?:\..*)?$/.test(name)) return 'config';
  const dot = name.lastIndexOf('.');
  if (dot > 0) return CONFIG_EXTENSIONS.has(name.slice(dot + 1).toLowerCase()) ? 'config' : 'code';
  return SHEBANG.test(firstLine) ? 'config' : 'code';
}

/**
 * The value syntax of every line of a file. Markdown prose is `code` (only quoted strings count), fenced blocks
 * follow their language (`yaml`, `sh`, ... and unlabelled fences are `config`; `ts`, `json`, `hcl` are `code`).
 * Fence lines themselves are `code`.
 */
export function lineSyntaxes(path: string, lines: readonly string[]): ValueSyntax[] {
  if (!isMarkdown(path)) {
    const syntax = fileSyntax(path, lines[0] ?? '');
    return lines.map(() => syntax);
  }
  const result: ValueSyntax[] = [];
  let fence: { marker: string; syntax: ValueSyntax } | undefined;
  for (const line of lines) {
    const match = /^\s*(`{3,}|~{3,})\s*([\w+-]*)/.exec(line);
    if (fence === undefined && match) {
      fence = { marker: match[1], syntax: CONFIG_FENCE_LANGUAGES.has(match[2].toLowerCase()) ? 'config' : 'code' };
      result.push('code');
    } else if (fence !== undefined && match && match[1].startsWith(fence.marker) && match[2] === '') {
      fence = undefined;
      result.push('code');
    } else {
      result.push(fence?.syntax ?? 'code');
    }
  }
  return result;
}
