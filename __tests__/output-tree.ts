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

/** A previous output as a user has it after `cdktf diff`: stacks with Terraform's working files, and a stack since removed. */
export const PREVIOUS_OUTPUT: Record<string, string> = {
  'manifest.json': '{"version":"previous"}',
  'stacks/network-dev/cdk.tf.json': '{"previous":"network-dev"}',
  'stacks/network-dev/leftover-from-an-old-synth.json': '{}',
  'stacks/network-dev/.terraform.lock.hcl': '# lock file of network-dev\n',
  'stacks/network-dev/.terraform/providers/registry.terraform.io/hashicorp/aws/marker': 'provider cache of network-dev',
  'stacks/network-dev/.terraform/terraform.tfstate': '{"backend":"cloud"}',
  'stacks/removed-stack-dev/cdk.tf.json': '{"previous":"removed-stack-dev"}',
  'stacks/removed-stack-dev/.terraform/marker': 'provider cache of a removed stack',
};
