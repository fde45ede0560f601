import { type NetworkPolicyV1SpecEgress, type NetworkPolicyV1SpecIngress } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { NAMESPACE_NAME_LABEL, type NetworkAllow } from './network-allows';

/** Peers of an allow rule in the kubernetes provider's NetworkPolicyV1 shape. */
function peers(allow: NetworkAllow) {
  return allow.peers.map((peer) =>
    'cidr' in peer
      ? { ipBlock: { cidr: peer.cidr } }
      : { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: peer.namespace } }, podSelector: { matchLabels: { ...peer.podLabels } } },
  );
}

function ports(allow: NetworkAllow) {
  return allow.ports.map((p) => ({ protocol: p.protocol, port: String(p.port) }));
}

/** One egress rule of a `kubernetes_network_policy_v1` (the provider's port is a string: a number or a name). */
export function terraformEgressRule(allow: NetworkAllow): NetworkPolicyV1SpecEgress {
  return { to: peers(allow), ports: ports(allow) };
}

/** One ingress rule of a `kubernetes_network_policy_v1`. */
export function terraformIngressRule(allow: NetworkAllow): NetworkPolicyV1SpecIngress {
  return { from: peers(allow), ports: ports(allow) };
}
