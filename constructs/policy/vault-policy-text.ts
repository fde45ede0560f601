/** A `path` stanza of a Vault ACL policy. */
export interface VaultPathRule {
  readonly path: string;
  readonly capabilities: readonly string[];
}

/**
 * Reads the `path "..." { capabilities = [...] }` stanzas of a Vault policy in HCL (or JSON) form. Braces are
 * matched so that nested blocks (`allowed_parameters = { ... }`) do not end a stanza early.
 */
export function parseVaultPolicy(text: string): VaultPathRule[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      return fromJson(JSON.parse(trimmed));
    } catch {
      // not JSON: fall through to HCL
    }
  }
  const rules: VaultPathRule[] = [];
  const header = /path\s+"([^"]*)"\s*\{/g;
  let match: RegExpExecArray | null;
  while ((match = header.exec(text)) !== null) {
    let depth = 1;
    let end = header.lastIndex;
    while (end < text.length && depth > 0) {
      if (text[end] === '{') depth++;
      else if (text[end] === '}') depth--;
      end++;
    }
    const body = text.slice(header.lastIndex, end - 1);
    const list = /capabilities\s*=\s*\[([^\]]*)\]/.exec(body)?.[1] ?? '';
    rules.push({ path: match[1], capabilities: [...list.matchAll(/"([^"]*)"/g)].map((m) => m[1]) });
    header.lastIndex = end;
  }
  return rules;
}

function fromJson(json: unknown): VaultPathRule[] {
  const paths = (json as { path?: unknown }).path;
  if (typeof paths !== 'object' || paths === null) return [];
  return Object.entries(paths as Record<string, { capabilities?: unknown }>).map(([path, body]) => ({
    path,
    capabilities: Array.isArray(body?.capabilities) ? body.capabilities.filter((c): c is string => typeof c === 'string') : [],
  }));
}

/** A path that matches every mount: `*`, or one starting with a glob or segment wildcard (`+/...`). */
export function isWildcardPath(path: string): boolean {
  return path === '*' || path === '' || /^[*+]/.test(path);
}
