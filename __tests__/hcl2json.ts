/**
 * `@cdktf/hcl2json`'s parser (a real HCL parser, Go compiled to wasm), loaded untyped: its typings start with
 * `/// <reference lib="dom" />` (lib/bridge.d.ts), which would switch the whole program's global `Crypto` type to the
 * DOM one and break code that uses Node's webcrypto (scripts/vpn-client).
 */
import { type ParsedPolicyBlock } from '../constructs/vault/service-grants';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const hcl2json = require('@cdktf/hcl2json') as { parse: (fileName: string, contents: string) => Promise<Record<string, unknown>> };

/** Parses HCL text into its JSON form. */
export function parseHcl(fileName: string, contents: string): Promise<Record<string, unknown>> {
  return hcl2json.parse(fileName, contents);
}

/** A Vault policy's `path` blocks as a real HCL parser reads them, in the shape of `parsePolicy` (sorted by path). */
export async function policyBlocksFromHcl(fileName: string, policy: string): Promise<ParsedPolicyBlock[]> {
  const parsed = (await parseHcl(fileName, policy)) as { path: Record<string, { capabilities: string[]; allowed_parameters?: Record<string, unknown[]> }[]> };
  return Object.entries(parsed.path)
    .map(([path, [body]]) => ({
      path,
      capabilities: body.capabilities,
      ...(body.allowed_parameters ? { allowedParameters: body.allowed_parameters as ParsedPolicyBlock['allowedParameters'] } : {}),
    }))
    .sort(byPath);
}

/** Orders policy blocks by path, as {@link policyBlocksFromHcl} returns them. */
export const byPath = (a: ParsedPolicyBlock, b: ParsedPolicyBlock) => a.path.localeCompare(b.path);
