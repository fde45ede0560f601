import { z } from 'zod';
import { FARGATE_SIZES, FARGATE_SIZE_RULE, isFargateSize } from '../constructs/delivery/tfc-agent-service';

/**
 * The optional `delivery` section: how the environment's stacks are delivered through HCP Terraform (the bootstrap
 * stack `bootstrap-<env>` and the agents stack `tfc-agents-<env>`, docs/hcp-terraform.md). Every field has a default,
 * so an environment file only names what it changes.
 */

/** Oldest Terraform a workspace may pin: write-only attributes (vault-config) need 1.11 (REQUIRED_TERRAFORM_VERSION). */
const MIN_TERRAFORM = [1, 11, 0] as const;

function atLeastMinimum(version: string): boolean {
  const parts = version.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (parts[i] !== MIN_TERRAFORM[i]) return parts[i] > MIN_TERRAFORM[i];
  return true;
}

export const DEFAULT_TERRAFORM_VERSION = '1.13.5';

export const deliverySchema = z.strictObject({
  /** Exact Terraform version every workspace of the environment runs. @default '1.13.5' */
  terraformVersion: z
    .string()
    .regex(/^\d+\.\d+\.\d+$/, { error: 'expected an exact Terraform version such as 1.13.5 (no ranges, no "latest")', abort: true })
    .refine(atLeastMinimum, { error: `expected Terraform ${MIN_TERRAFORM.join('.')} or later (write-only attributes)` })
    .default(DEFAULT_TERRAFORM_VERSION),
  /**
   * Give the Vault-provider workspaces (vault-config) their TFC_VAULT_* variables. Off until Vault's JWT auth exists:
   * the first vault-config apply runs with the root token (docs/secrets-architecture.md), then a reviewed change sets
   * this to true and the bootstrap is re-applied. @default false
   */
  vaultDynamicCredentials: z.boolean({ error: 'expected true or false' }).default(false),
  /** HCP Terraform agents (ECS Fargate in the tooling VPC's private subnets). */
  agents: z
    .strictObject({
      /** Agents running at once: concurrent agent runs of the environment. @default 2 */
      desiredCount: z.number().int({ error: 'expected a whole number of agents, 1-10' }).min(1, { error: 'expected 1-10 agents' }).max(10, { error: 'expected 1-10 agents' }).default(2),
      /** Fargate CPU units per agent. @default 1024 */
      cpu: z.number().refine((cpu) => Object.keys(FARGATE_SIZES).map(Number).includes(cpu), { error: `expected Fargate CPU units ${Object.keys(FARGATE_SIZES).join(', ')}` }).default(1024),
      /** Memory per agent in MiB, valid for the CPU (Fargate task sizes). @default 2048 */
      memoryMiB: z.number().int({ error: 'expected a whole number of MiB' }).default(2048),
    })
    .superRefine((a, ctx) => {
      if (Object.keys(FARGATE_SIZES).map(Number).includes(a.cpu) && !isFargateSize(a.cpu, a.memoryMiB)) {
        ctx.addIssue({ code: 'custom', message: `${FARGATE_SIZE_RULE}; ${a.cpu} CPU units cannot have this memory`, path: ['memoryMiB'], input: a.memoryMiB });
      }
    })
    .prefault({}),
});

export type DeliveryInput = z.input<typeof deliverySchema>;
export type DeliveryConfig = z.output<typeof deliverySchema>;
