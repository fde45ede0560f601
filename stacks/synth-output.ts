import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, realpathSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * Files and folders Terraform itself writes into a stack's working directory (`<outdir>/stacks/<stack>/`) when it
 * runs there (`cdktf diff/deploy`, or `terraform init/plan` by hand): the provider and module cache and backend
 * settings (`.terraform/`), the dependency lock file, and the state of a local backend with a relative path
 * (`terraform.tfstate`, its backup and non-default workspaces). cdktf synth never writes them, and cdktf's own
 * in-place synth leaves them alone, so a replaced output keeps them for every stack that is still synthesized.
 * Source: Terraform docs, "Initializing Working Directories" (`terraform init`: `.terraform/`, `.terraform.lock.hcl`)
 * and "Backend Type: local" (`terraform.tfstate`, `terraform.tfstate.d/`).
 */
export const TERRAFORM_WORKING_FILES = ['.terraform', '.terraform.lock.hcl', 'terraform.tfstate', 'terraform.tfstate.backup', 'terraform.tfstate.d'] as const;

const STACKS = 'stacks';

export interface CommitOptions {
  /**
   * Leave an empty directory in the new output for every stack directory of the previous output that the new one
   * does not have. The cdktf CLI lists `<outdir>/stacks/*` before it runs the app and afterwards deletes those
   * missing from the new manifest with `rmSync(dir, { recursive: true })` (no `force`): without these placeholders
   * that call fails with ENOENT and `cdktf synth` fails after a successful app run. The CLI deletes them right after.
   * Source: hashicorp/terraform-cdk v0.21.0, packages/@cdktf/cli-core/src/lib/synth-stack.ts, `SynthStack.synth`.
   * @default false
   */
  readonly placeholdersForRemovedStacks?: boolean;
}

/**
 * An output directory replaced all at once. Synthesize into {@link staging} (a fresh directory beside the target,
 * on the same filesystem), then {@link commit} to swap it in by renames, or {@link discard} to delete it: until
 * `commit`, the target directory is not touched, so a failed synth leaves it exactly as it was (or absent).
 *
 * `commit` renames the target aside, renames the staging directory to the target's name and deletes the old one.
 * Between the two renames (microseconds) the target does not exist: POSIX `rename` cannot swap two directories and
 * Node has no `renameat2(RENAME_EXCHANGE)`. Two synths into the same directory at the same time are not supported.
 */
export class SynthOutput {
  /**
   * Creates the staging directory `.<name>.tmp-<random>` beside `outdir` (resolved through a symlink, so the link
   * keeps pointing where it did). Throws when `outdir` exists and is not a directory, or its parent does not exist.
   */
  static open(outdir: string): SynthOutput {
    const requested = resolve(outdir);
    const target = existsSync(requested) ? realpathSync(requested) : requested;
    if (existsSync(target) && !lstatSync(target).isDirectory()) {
      throw new Error(`Cannot synthesize into ${outdir}: it exists and is not a directory`);
    }
    if (!existsSync(dirname(target))) {
      throw new Error(`Cannot synthesize into ${outdir}: its parent directory ${dirname(target)} does not exist`);
    }
    // mkdirSync rather than mkdtempSync: the directory gets the usual permissions (0777 less the umask), as cdktf's
    // own output directory does, instead of 0700; it fails if the random name exists.
    const staging = join(dirname(target), `.${basename(target)}.tmp-${randomBytes(6).toString('hex')}`);
    mkdirSync(staging);
    return new SynthOutput(target, staging);
  }

  private constructor(
    /** The output directory (absolute) that `commit` replaces. */
    readonly target: string,
    /** Where to synthesize (absolute). */
    readonly staging: string,
  ) {}

  /**
   * Replaces the target with the staging directory: keeps Terraform's working files of the stacks that are still
   * synthesized ({@link TERRAFORM_WORKING_FILES}), drops everything else of the previous output (stacks no longer
   * synthesized included). On an error the previous output is put back as it was and the error is rethrown.
   */
  commit(options: CommitOptions = {}): void {
    if (!existsSync(this.target)) {
      renameSync(this.staging, this.target);
      return;
    }
    const moved: { from: string; to: string }[] = [];
    const move = (from: string, to: string) => {
      renameSync(from, to);
      moved.push({ from, to });
    };
    const previous = join(dirname(this.target), `.${basename(this.target)}.old-${basename(this.staging).split('.tmp-')[1]}`);
    let swapped = false;
    try {
      const newStacks = new Set(directoriesIn(join(this.staging, STACKS)));
      for (const stack of directoriesIn(join(this.target, STACKS))) {
        if (!newStacks.has(stack)) {
          if (options.placeholdersForRemovedStacks) mkdirSync(join(this.staging, STACKS, stack));
          continue;
        }
        for (const name of TERRAFORM_WORKING_FILES) {
          const from = join(this.target, STACKS, stack, name);
          if (exists(from)) move(from, join(this.staging, STACKS, stack, name));
        }
      }
      renameSync(this.target, previous);
      swapped = true;
      renameSync(this.staging, this.target);
    } catch (error) {
      // Undo in reverse order: the previous output back under its name, then Terraform's files back into it.
      if (swapped) renameSync(previous, this.target);
      for (const { from, to } of moved.reverse()) renameSync(to, from);
      throw new Error(`Cannot replace ${this.target} with the new synth output (the previous output is unchanged): ${messageOf(error)}`);
    }
    rmSync(previous, { recursive: true, force: true });
  }

  /** Deletes the staging directory and everything in it. */
  discard(): void {
    rmSync(this.staging, { recursive: true, force: true });
  }
}

function directoriesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
}

/** Like `existsSync`, but true for a dangling symlink too. */
function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function messageOf(error: unknown): string {
  return typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error);
}
