import { ExternalSecret } from '@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret';
import { SecretStore } from '@kubernetes-models/external-secrets/external-secrets.io/v1/SecretStore';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { LimitRange } from 'kubernetes-models/v1/LimitRange';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { ResourceQuota } from 'kubernetes-models/v1/ResourceQuota';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { type TerraformJson, resourcesOf } from '../../helpers';
import { validateModel } from './kubernetes-fixture';

/**
 * Turns the synthesized JSON of a typed `kubernetes_*_v1` resource into the Kubernetes object the provider sends to
 * the API server, so that kubernetes-models can validate it against the API schema: snake_case becomes camelCase
 * (not inside map fields such as labels), the provider's singular block names become the API's plural lists, numeric
 * port strings become numbers, and references to other objects of the stack (`${kubernetes_namespace_v1.x...name}`)
 * become their names.
 */

/** Kind and apiVersion of each typed resource this project uses. */
export const API_KINDS: Readonly<Record<string, { apiVersion: string; kind: string }>> = {
  kubernetes_namespace_v1: { apiVersion: 'v1', kind: 'Namespace' },
  kubernetes_network_policy_v1: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' },
  kubernetes_resource_quota_v1: { apiVersion: 'v1', kind: 'ResourceQuota' },
  kubernetes_limit_range_v1: { apiVersion: 'v1', kind: 'LimitRange' },
  kubernetes_service_account_v1: { apiVersion: 'v1', kind: 'ServiceAccount' },
  kubernetes_role_v1: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role' },
  kubernetes_role_binding_v1: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding' },
  kubernetes_config_map_v1: { apiVersion: 'v1', kind: 'ConfigMap' },
  kubernetes_cron_job_v1: { apiVersion: 'batch/v1', kind: 'CronJob' },
};

/** Fields whose value is a map with free keys (kept as they are). */
const MAP_FIELDS = new Set(['labels', 'annotations', 'match_labels', 'hard', 'data', 'default', 'default_request', 'max', 'min', 'limits', 'requests', 'node_selector']);
/** Provider block names that are lists with a plural name in the API. */
const PLURAL: Readonly<Record<string, string>> = {
  rule: 'rules',
  subject: 'subjects',
  limit: 'limits',
  container: 'containers',
  init_container: 'initContainers',
  volume: 'volumes',
  volume_mount: 'volumeMounts',
  toleration: 'tolerations',
  port: 'ports',
};
/** Blocks the provider declares as lists (of at most one) where the API has a single object. */
const SINGLE_BLOCKS = new Set(['projected']);
/** int64 fields the kubernetes provider types as strings. */
const INTEGER_STRING_FIELDS = new Set(['run_as_user', 'run_as_group', 'fs_group', 'ttl_seconds_after_finished']);
/** Fields of the provider that have no API counterpart. */
const PROVIDER_ONLY = new Set(['provider', 'depends_on', 'lifecycle', 'timeouts', 'wait_for_rollout', 'wait_for_load_balancer', '//', 'count', 'for_each']);

const camel = (key: string) => key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

function resolveReferences(value: string, json: TerraformJson): string {
  return value.replace(/\$\{(kubernetes_[a-z0-9_]+)\.([^.}]+)\.metadata\[0\]\.name\}/g, (_m, type: string, name: string) => {
    const target = resourcesOf(json, type)[name];
    if (!target) throw new Error(`unresolved reference ${type}.${name}`);
    return String(target.metadata.name);
  });
}

function convert(value: unknown, key: string | undefined, json: TerraformJson, parent?: string): unknown {
  if (typeof value === 'string') {
    const resolved = resolveReferences(value, json);
    // The provider takes every port as a string; the API wants a number unless it is a named port.
    if ((key === 'port' || key === 'container_port') && /^\d+$/.test(resolved)) return Number(resolved);
    // Integers the provider's schema declares as strings (int64 fields).
    if (key !== undefined && INTEGER_STRING_FIELDS.has(key) && /^\d+$/.test(resolved)) return Number(resolved);
    return resolved;
  }
  if (Array.isArray(value)) return value.map((item) => convert(item, key, json, parent));
  if (value && typeof value === 'object') {
    if (key !== undefined && MAP_FIELDS.has(key) && parent !== 'limit') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? resolveReferences(v, json) : v]));
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (PROVIDER_ONLY.has(k)) continue;
      // LimitRange `limit[].default` etc. are maps of quantities; `ports` of a NetworkPolicy are already plural.
      const name = PLURAL[k] && !(k === 'port' && key !== 'container') ? PLURAL[k] : camel(k);
      const converted = SINGLE_BLOCKS.has(k) && Array.isArray(v) && v.length === 1 ? convert(v[0], k, json, key) : convert(v, k, json, key);
      out[name] = PLURAL[k] && !Array.isArray(converted) && !(k === 'port' && key !== 'container') ? [converted] : converted;
    }
    return out;
  }
  return value;
}

/** The API object of one typed resource of a synthesized stack. */
export function apiObject(json: TerraformJson, type: string, name: string): Record<string, unknown> {
  const kind = API_KINDS[type];
  if (!kind) throw new Error(`no API kind known for ${type}`);
  const resource = resourcesOf(json, type)[name];
  if (!resource) throw new Error(`no ${type}.${name}`);
  return { ...kind, ...(convert(resource, undefined, json) as Record<string, unknown>) };
}

/** Every typed Kubernetes object of a synthesized stack, with its Terraform address. */
export function apiObjects(json: TerraformJson): { address: string; object: Record<string, unknown> }[] {
  return Object.keys(API_KINDS).flatMap((type) => Object.keys(resourcesOf(json, type)).map((name) => ({ address: `${type}.${name}`, object: apiObject(json, type, name) })));
}

/** Every `kubernetes_manifest` object of a synthesized stack, references resolved. */
export function manifestObjects(json: TerraformJson): { address: string; object: Record<string, unknown> }[] {
  return Object.entries(resourcesOf(json, 'kubernetes_manifest')).map(([name, r]) => ({
    address: `kubernetes_manifest.${name}`,
    object: JSON.parse(resolveReferences(JSON.stringify(r.manifest), json)) as Record<string, unknown>,
  }));
}

const MODELS: Readonly<Record<string, new (data: never) => unknown>> = {
  Namespace,
  NetworkPolicy,
  ResourceQuota,
  LimitRange,
  ServiceAccount,
  Role,
  RoleBinding,
  ConfigMap,
  CronJob,
  SecretStore,
  ExternalSecret,
};

/** Validates an API object with the kubernetes-models (or @kubernetes-models/external-secrets) class of its kind. */
export function validateApiObject(object: Record<string, unknown>): void {
  const Model = MODELS[String(object.kind)];
  if (!Model) throw new Error(`no model for kind ${String(object.kind)}`);
  validateModel(new Model(object as never));
}
