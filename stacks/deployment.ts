/**
 * How stacks are deployed, read from the process environment at the composition root (main.ts) only.
 *
 * - `VAULTPLAT_STATE`: `cloud` (default) uses HCP Terraform; `local` keeps state in `terraform.<stack>.tfstate` files
 *   in the project root, for trying the project without an HCP Terraform account.
 * - `TF_CLOUD_ORGANIZATION` / `TF_CLOUD_PROJECT`: override the HCP Terraform organization / project of every
 *   environment (a fork deploys to its own organization without editing the environment files).
 */

export type StateMode = 'cloud' | 'local';

export interface DeploymentSettings {
  readonly state: StateMode;
  /** Replaces every environment's `hcpTerraform.organization`. @default - from the environment config */
  readonly organization?: string;
  /** Replaces every environment's `hcpTerraform.project`. @default - from the environment config */
  readonly project?: string;
}

export const DEFAULT_DEPLOYMENT: DeploymentSettings = { state: 'cloud' };

const ORGANIZATION = /^[A-Za-z0-9][A-Za-z0-9_-]{2,39}$/;
const PROJECT = /^[A-Za-z0-9][A-Za-z0-9 _-]{2,39}$/;

export function deploymentSettingsFromEnv(env: Readonly<Record<string, string | undefined>>): DeploymentSettings {
  const problems: string[] = [];
  const state = env.VAULTPLAT_STATE ?? 'cloud';
  if (state !== 'cloud' && state !== 'local') problems.push(`VAULTPLAT_STATE: expected "cloud" or "local", got "${state}"`);
  const organization = env.TF_CLOUD_ORGANIZATION || undefined;
  if (organization !== undefined && !ORGANIZATION.test(organization)) {
    problems.push(`TF_CLOUD_ORGANIZATION: expected 3-40 letters, digits, _ or -, got "${organization}"`);
  }
  const project = env.TF_CLOUD_PROJECT || undefined;
  if (project !== undefined && !PROJECT.test(project)) {
    problems.push(`TF_CLOUD_PROJECT: expected 3-40 letters, digits, spaces, _ or -, got "${project}"`);
  }
  if (problems.length > 0) throw new Error(`Invalid deployment settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return { state: state as StateMode, ...(organization ? { organization } : {}), ...(project ? { project } : {}) };
}
