import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { type KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { RoleBindingV1 } from '@cdktf/provider-kubernetes/lib/role-binding-v1';
import { RoleV1 } from '@cdktf/provider-kubernetes/lib/role-v1';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { type ServiceDelivery } from './delivery-model';
import { terraformEgressRule } from './network-policy-spec';

/** How long an apply waits for a SecretStore to report Ready (a Vault login as the service succeeded). */
export const SECRET_STORE_READY_TIMEOUT = '3m';

export interface ServiceWorkloadProps {
  /** The kubernetes provider of the cluster. */
  readonly provider: KubernetesProvider;
  /** The service's part of the delivery model. */
  readonly model: ServiceDelivery;
  /** The namespace (a reference to it, so these objects wait for it). */
  readonly namespace: string;
  /** What the SecretStore needs first: the namespace's `vault-ca` ConfigMap where this stack creates it. @default - none */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * The objects of one declared service (ServiceDelivery): its ServiceAccount (no token automount), the Role and
 * RoleBinding that let ESO's controller request tokens for that account only, the NetworkPolicy of its pods, its
 * SecretStore (waited for until Ready: the apply proves the service can log in to Vault) and ExternalSecrets.
 */
export class ServiceWorkload extends Construct {
  readonly serviceAccount: ServiceAccountV1;
  readonly secretStore: Manifest;
  readonly externalSecrets: readonly Manifest[];

  constructor(scope: Construct, id: string, props: ServiceWorkloadProps) {
    super(scope, id);
    const { model, provider } = props;
    const labels = { ...model.labels };
    const metadata = (name: string) => ({ name, namespace: props.namespace, labels });

    this.serviceAccount = new ServiceAccountV1(this, 'service-account', {
      provider,
      metadata: metadata(model.names.serviceAccount),
      // Pods that need a token mount a projected one with the audience they need; nothing gets one by default.
      automountServiceAccountToken: false,
    });

    const tokenRole = new RoleV1(this, 'token-request-role', {
      provider,
      metadata: metadata(model.names.tokenRequestRole),
      rule: [{ apiGroups: [''], resources: ['serviceaccounts/token'], resourceNames: [model.names.serviceAccount], verbs: ['create'] }],
    });
    const tokenBinding = new RoleBindingV1(this, 'token-request-binding', {
      provider,
      metadata: metadata(model.names.tokenRequestRole),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: tokenRole.metadata.name },
      subject: [{ kind: 'ServiceAccount', name: model.tokenRequester.serviceAccount, namespace: model.tokenRequester.namespace }],
    });

    new NetworkPolicyV1(this, 'network-policy', {
      provider,
      metadata: metadata(model.names.networkPolicy),
      spec: { podSelector: { matchLabels: { ...model.podLabels } }, policyTypes: ['Egress'], egress: model.egress.map(terraformEgressRule) },
    });

    const manifest = (objectId: string, object: Readonly<Record<string, unknown>>, dependsOn: ITerraformDependable[], wait?: boolean) =>
      new Manifest(this, objectId, {
        provider,
        manifest: withNamespace(object, props.namespace),
        dependsOn,
        ...(wait ? { wait: { condition: [{ type: 'Ready', status: 'True' }] }, timeouts: { create: SECRET_STORE_READY_TIMEOUT, update: SECRET_STORE_READY_TIMEOUT } } : {}),
      });
    // The store logs in while it is created (Ready is waited for): the account and ESO's right to its tokens first.
    this.secretStore = manifest('secret-store', model.secretStore, [this.serviceAccount, tokenRole, tokenBinding, ...(props.dependsOn ?? [])], true);
    this.externalSecrets = model.externalSecrets.map((es) => manifest(`external-secret-${es.purpose}`, es.manifest, [this.secretStore]));
  }
}

/** The object with `metadata.namespace` set to the namespace reference (so Terraform orders it after the namespace). */
function withNamespace(object: Readonly<Record<string, unknown>>, namespace: string): Record<string, unknown> {
  const metadata = object.metadata as Record<string, unknown>;
  return { ...object, metadata: { ...metadata, namespace } };
}
