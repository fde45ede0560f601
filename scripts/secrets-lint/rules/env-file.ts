import { type FileRule, type ScannedFile } from '../types';

/** `.env`, `.env.production`, `prod.env`; templates (`.env.example`, `.sample`, `.template`, `.dist`) are fine. */
export function isEnvFile(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (/\.(?:example|sample|template|tmpl|tpl|dist)$/i.test(name)) return false;
  return /^\.env(?:\..+)?$/.test(name) || /^[^.].*\.env$/.test(name);
}

/**
 * Directories that a CI pipeline or a deployment reads directly: container and Kubernetes packaging, CI
 * configuration, the cdktf sources that define what is deployed, and the synthesized Terraform.
 */
const DEPLOYMENT_DIRECTORIES = new Set([
  'deploy',
  'deploys',
  'deployment',
  'deployments',
  'k8s',
  'kubernetes',
  'kustomize',
  'helm',
  'chart',
  'charts',
  'manifests',
  'docker',
  'terraform',
  'infra',
  'infrastructure',
  'ops',
  'release',
  'releases',
  '.ci',
  'ci',
  '.github',
  '.gitlab',
  '.circleci',
  '.buildkite',
  'cdktf.out',
  'stacks',
  'constructs',
  'environments',
]);

export function isDeploymentPath(path: string): boolean {
  const directories = path.split('/').slice(0, -1);
  return path.startsWith('<synth>/') || directories.some((directory) => DEPLOYMENT_DIRECTORIES.has(directory.toLowerCase()));
}

function isInDeploymentPath(file: ScannedFile): boolean {
  return file.origin === 'synth' || isDeploymentPath(file.path);
}

export const envFileInDeploymentPath: FileRule = {
  id: 'SECRETS-003',
  title: '.env file in a deployment path',
  check(file) {
    if (!isEnvFile(file.path) || !isInDeploymentPath(file)) return [];
    return ['.env file in a deployment path: deliver values through Vault (ESO / secretKeyRef) or sensitive variables, never a file the pipeline reads'];
  },
};

export const envFileNotIgnored: FileRule = {
  id: 'SECRETS-004',
  title: '.env file not ignored by git',
  check(file) {
    // Only a git listing can tell: `walk` has no .gitignore, `git-ignored` files are ignored by definition.
    if (file.origin !== 'git' || !isEnvFile(file.path) || isInDeploymentPath(file)) return [];
    return ['.env file is committed or not ignored: local-dev .env files must be listed in .gitignore (commit a .env.example template instead)'];
  },
};
