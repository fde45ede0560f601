/**
 * `@cdktf/hcl2json`'s parser (a real HCL parser, Go compiled to wasm), loaded untyped: its typings start with
 * `/// <reference lib="dom" />` (lib/bridge.d.ts), which would switch the whole program's global `Crypto` type to the
 * DOM one and break code that uses Node's webcrypto (scripts/vpn-client).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const hcl2json = require('@cdktf/hcl2json') as { parse: (fileName: string, contents: string) => Promise<Record<string, unknown>> };

/** Parses HCL text into its JSON form. */
export function parseHcl(fileName: string, contents: string): Promise<Record<string, unknown>> {
  return hcl2json.parse(fileName, contents);
}
