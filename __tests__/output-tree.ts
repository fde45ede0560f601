import { lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Everything under `dir`, by relative path: `dir`, `file <content>` or `link <target>`. With `stats`, each entry also
 * carries its mode, size and modification time, so that an untouched tree compares equal and a rewritten one does not.
 */
export function treeOf(dir: string, options: { stats?: boolean } = {}): Record<string, string> {
  const tree: Record<string, string> = {};
  const walk = (relative: string) => {
    for (const name of readdirSync(join(dir, relative)).sort()) {
      const path = relative ? `${relative}/${name}` : name;
      const stat = lstatSync(join(dir, path));
      const suffix = options.stats ? ` [mode ${stat.mode.toString(8)} size ${stat.size} mtime ${stat.mtimeMs}]` : '';
      if (stat.isSymbolicLink()) tree[path] = `link ${readlinkSync(join(dir, path))}${suffix}`;
      else if (stat.isDirectory()) {
        tree[path] = `dir${suffix}`;
        walk(path);
      } else tree[path] = `file ${readFileSync(join(dir, path), 'utf8')}${suffix}`;
    }
  };
  walk('');
  return tree;
}

/** Writes `files` (relative path -> content) under `dir`, creating folders as needed. */
export function writeTree(dir: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

/**
 * A previous output as a user has it after `cdktf diff`: stacks with Terraform's working files, and a stack since
 * removed. Kept as JSON (fixtures/previous-output.json) because scripts/test-synth.cjs, which runs the shared synth of
 * `npm test` in plain Node, seeds the same tree.
 */
export const PREVIOUS_OUTPUT: Readonly<Record<string, string>> = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'previous-output.json'), 'utf8')) as Record<string, string>;
