// Types of scripts/patch-cdktf-cli.cjs, for __tests__/project/patch-cdktf-cli.test.ts.

/** The cdktf-cli version the patch is made for. */
export declare const CLI_VERSION: string;
/** The name of the function the patch appends, and its definition (one line, ending in a newline). */
export declare const LAZY_FUNCTION: string;
export declare const LAZY_DEFINITION: string;
/** SHA-256 of handlers.js as published, and after the patch. */
export declare const ORIGINAL_SHA256: string;
export declare const PATCHED_SHA256: string;
/** Each replaced text and its replacement, of equal length. */
export declare const REPLACEMENTS: readonly (readonly [from: string, to: string])[];
/** The installed CLI's handlers.js. */
export declare const TARGET: string;
export declare function patchInstalledCli(options?: { readonly packageDir?: string }): 'patched' | 'already patched' | 'no cdktf-cli installed';
export declare function patchSource(source: string): string;
export declare function sha256(text: string): string;
