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
  return policyStanzas(text).map(({ path, body }) => {
    const list = /capabilities\s*=\s*\[([^\]]*)\]/.exec(body)?.[1] ?? '';
    return { path, capabilities: [...list.matchAll(/"([^"]*)"/g)].map((m) => m[1]) };
  });
}

/**
 * The `path "<path>" { <body> }` stanzas of a Vault policy in HCL form, comment lines removed. Braces are matched, so
 * a nested map (`allowed_parameters = { ... }`) does not end a stanza early.
 */
export function policyStanzas(hcl: string): { readonly path: string; readonly body: string }[] {
  const text = hcl.replace(/^\s*#.*$/gm, '');
  const stanzas: { path: string; body: string }[] = [];
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
    stanzas.push({ path: match[1], body: text.slice(header.lastIndex, end - 1) });
    header.lastIndex = end;
  }
  return stanzas;
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
