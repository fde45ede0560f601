import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { type TerraformStack } from 'cdktf';
import { testStack } from '../../helpers';

/** A test stack with an AWS provider and plain kubernetes and helm providers (no cluster wiring needed here). */
export function kubernetesTestStack(): { stack: TerraformStack; kubernetes: KubernetesProvider; helm: HelmProvider } {
  const stack = testStack();
  const kubernetes = new KubernetesProvider(stack, 'kubernetes', { host: 'https://example' });
  const helm = new HelmProvider(stack, 'helm', { kubernetes: { host: 'https://example' } });
  return { stack, kubernetes, helm };
}

/** The Kubernetes object a `kubernetes_*_v1` resource's `metadata` block describes (provider's snake_case → API). */
export function apiMetadata(metadata: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(metadata).filter(([key]) => ['name', 'namespace', 'labels', 'annotations'].includes(key)));
}

/**
 * Runs a kubernetes-models object's schema validation. The models' base class comes from an ESM-only package whose
 * types tsc (moduleResolution `node`) does not resolve, so `validate` is reached through this one typed cast.
 */
export function validateModel(model: unknown): void {
  (model as { validate(): void }).validate();
}
