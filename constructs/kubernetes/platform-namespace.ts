import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { type KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { NAMESPACE_PATTERN } from '../compute/irsa-role';

/** Pod Security Standards levels (https://kubernetes.io/docs/concepts/security/pod-security-standards/). */
export const POD_SECURITY_LEVELS = ['privileged', 'baseline', 'restricted'] as const;
export type PodSecurityLevel = (typeof POD_SECURITY_LEVELS)[number];

/** Pod Security admission label prefix; `enforce`, `audit` and `warn` modes each take a level. */
export const POD_SECURITY_LABEL_PREFIX = 'pod-security.kubernetes.io';

/**
 * Default Pod Security admission version of the labels. `latest` would make a cluster upgrade tighten or loosen the
 * policy silently; a pinned minor keeps the checks stable. Stacks pass their cluster's version instead.
 */
export const POD_SECURITY_VERSION = 'v1.35';

export interface PlatformNamespaceProps {
  /** Namespace name (RFC 1123 label). */
  readonly name: string;
  /** The kubernetes provider of the cluster. */
  readonly provider: KubernetesProvider;
  /**
   * Pod Security level enforced (and audited and warned) on the namespace. Anything below `restricted` must say why.
   * @default 'restricted'
   */
  readonly podSecurity?: PodSecurityLevel;
  /** Why the namespace cannot run `restricted`; required when `podSecurity` is not `restricted`. @default - none */
  readonly podSecurityReason?: string;
  /** Pod Security admission version, `v<major>.<minor>` (the cluster's Kubernetes version). @default POD_SECURITY_VERSION */
  readonly podSecurityVersion?: string;
  /** More labels (e.g. the load balancer controller's readiness-gate label). @default - none */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A namespace as a typed `kubernetes_namespace_v1`, labelled for Pod Security admission: `enforce`, `audit` and
 * `warn` all at one level (default `restricted`), each pinned to a Kubernetes minor version, plus
 * `app.kubernetes.io/managed-by: terraform`.
 */
export class PlatformNamespace extends Construct {
  readonly namespace: NamespaceV1;
  /** The namespace name, as a reference to the resource (so dependants wait for it). */
  readonly name: string;
  readonly podSecurity: PodSecurityLevel;

  constructor(scope: Construct, id: string, props: PlatformNamespaceProps) {
    super(scope, id);
    const podSecurity = props.podSecurity ?? 'restricted';
    const version = props.podSecurityVersion ?? POD_SECURITY_VERSION;
    const problems: string[] = [];
    if (!/^v\d+\.\d+$/.test(version)) problems.push(`podSecurityVersion: expected v<major>.<minor> such as v1.35 (never "latest"), got "${version}"`);
    if (!Token.isUnresolved(props.name) && !NAMESPACE_PATTERN.test(props.name)) {
      problems.push(`name: expected a Kubernetes namespace name (lower-case letters, digits, '-'; at most 63), got "${props.name}"`);
    }
    if (!(POD_SECURITY_LEVELS as readonly string[]).includes(podSecurity)) {
      problems.push(`podSecurity: expected one of ${POD_SECURITY_LEVELS.join(', ')}, got "${podSecurity}"`);
    } else if (podSecurity !== 'restricted' && !props.podSecurityReason?.trim()) {
      problems.push(`podSecurityReason: a namespace below "restricted" (got "${podSecurity}") must say why`);
    }
    for (const key of Object.keys(props.labels ?? {})) {
      if (key.startsWith(`${POD_SECURITY_LABEL_PREFIX}/`)) problems.push(`labels: set Pod Security through podSecurity, not the label "${key}"`);
    }
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);

    this.podSecurity = podSecurity;
    const podSecurityLabels = Object.fromEntries(
      (['enforce', 'audit', 'warn'] as const).flatMap((mode) => [
        [`${POD_SECURITY_LABEL_PREFIX}/${mode}`, podSecurity],
        [`${POD_SECURITY_LABEL_PREFIX}/${mode}-version`, version],
      ]),
    );
    this.namespace = new NamespaceV1(this, 'namespace', {
      provider: props.provider,
      metadata: {
        name: props.name,
        labels: { ...props.labels, ...podSecurityLabels, 'app.kubernetes.io/managed-by': 'terraform' },
        ...(props.podSecurityReason ? { annotations: { 'platform/pod-security-reason': props.podSecurityReason } } : {}),
      },
    });
    this.name = this.namespace.metadata.name;
  }
}
