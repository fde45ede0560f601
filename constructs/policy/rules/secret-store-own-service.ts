import { WORKLOAD_LABELS } from '../../kubernetes/delivery-model';
import { type PolicyRule, allOf, nonCompliant, notApplicable } from '../rule';
import { blocks, describeValue, isRecord } from '../terraform-values';

/** Vault auth methods that log in as a Kubernetes service account (no stored credential). */
const ACCOUNT_METHODS = ['kubernetes', 'jwt'] as const;

export const secretStoreOwnService: PolicyRule = {
  name: 'secret-store-own-service',
  description: `Every ESO store is a namespaced SecretStore of one service (label \`${WORKLOAD_LABELS.service}\`) that logs in to Vault with that service's role (\`auth.kubernetes.role\` / \`auth.jwt.role\` equal to the label) as a ServiceAccount of the same stack, namespace and service; no ClusterSecretStore, no stored Vault credential (token, AppRole, secretRef).`,
  appliesTo: ['kubernetes_manifest'],
  evaluate(element, { stack }) {
    const manifest = element.config.manifest;
    if (!isRecord(manifest) || (manifest.kind !== 'SecretStore' && manifest.kind !== 'ClusterSecretStore')) return notApplicable('not an ESO store');
    if (manifest.kind === 'ClusterSecretStore') return nonCompliant('a ClusterSecretStore serves every namespace; use one SecretStore per service');
    const metadata = isRecord(manifest.metadata) ? manifest.metadata : {};
    const service = isRecord(metadata.labels) ? metadata.labels[WORKLOAD_LABELS.service] : undefined;
    const vault = isRecord(manifest.spec) && isRecord(manifest.spec.provider) ? manifest.spec.provider.vault : undefined;
    if (!isRecord(vault)) return nonCompliant('the store is not a Vault store (spec.provider.vault)');
    const auth = isRecord(vault.auth) ? vault.auth : {};
    const methods = Object.keys(auth);
    const method = ACCOUNT_METHODS.find((m) => methods.length === 1 && methods[0] === m);
    const login = method && isRecord(auth[method]) ? auth[method] : {};
    const token = isRecord(login.kubernetesServiceAccountToken) ? login.kubernetesServiceAccountToken : login;
    const account = isRecord(token.serviceAccountRef) ? token.serviceAccountRef.name : undefined;
    const accounts = stack.ofType('kubernetes_service_account_v1').map((sa) => blocks(sa.config.metadata)[0] ?? {});
    const own = accounts.find((sa) => sa.name === account && sa.namespace === metadata.namespace);
    const ownService = isRecord(own?.labels) ? own.labels[WORKLOAD_LABELS.service] : undefined;
    return allOf([
      typeof service !== 'string' && `label ${WORKLOAD_LABELS.service} is ${describeValue(service)}, expected the name of the service the store belongs to`,
      method === undefined && `auth is ${describeValue(methods)}, expected exactly one of ${ACCOUNT_METHODS.join(', ')} (a service account, no stored credential)`,
      method !== undefined && login.secretRef !== undefined && `auth.${method}.secretRef reads a stored token; use serviceAccountRef`,
      method !== undefined && typeof service === 'string' && login.role !== service && `auth.${method}.role is ${describeValue(login.role)}, expected the store's own service "${service}"`,
      method !== undefined && account === undefined && `auth.${method} names no serviceAccountRef`,
      method !== undefined && account !== undefined && own === undefined && `service account ${describeValue(account)} is not a ServiceAccount of this stack in the store's namespace`,
      own !== undefined && typeof service === 'string' && ownService !== service && `service account ${describeValue(account)} belongs to ${describeValue(ownService)}, not to "${service}"`,
    ]);
  },
};
