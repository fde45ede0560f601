import { PodSecurityContext } from 'kubernetes-models/v1/PodSecurityContext';
import { ResourceRequirements } from 'kubernetes-models/v1/ResourceRequirements';
import { SecurityContext } from 'kubernetes-models/v1/SecurityContext';
import { TopologySpreadConstraint } from 'kubernetes-models/v1/TopologySpreadConstraint';
import { type AddonTier } from '../../../constructs/kubernetes/addon-sizing';
import { awsLoadBalancerControllerValues } from '../../../constructs/kubernetes/aws-load-balancer-controller';
import {
  AWS_LOAD_BALANCER_CONTROLLER_KNOWN_FEATURE_GATES,
  AWS_LOAD_BALANCER_CONTROLLER_VALUES_CONTRACT,
} from '../../../constructs/kubernetes/aws-load-balancer-controller-values-contract';
import { certManagerValues } from '../../../constructs/kubernetes/cert-manager';
import { CERT_MANAGER_VALUES_CONTRACT } from '../../../constructs/kubernetes/cert-manager-values-contract';
import { type ChartValuesContract, contractProblems, valuePathsOutsideContract } from '../../../constructs/kubernetes/chart-values-contract';
import { CHARTS, type ChartKey, EXACT_CHART_VERSION } from '../../../constructs/kubernetes/charts';
import { externalSecretsValues } from '../../../constructs/kubernetes/external-secrets';
import { EXTERNAL_SECRETS_VALUES_CONTRACT } from '../../../constructs/kubernetes/external-secrets-values-contract';
import { trustManagerValues } from '../../../constructs/kubernetes/trust-manager';
import { validateModel } from './kubernetes-fixture';
import { TRUST_MANAGER_VALUES_CONTRACT } from '../../../constructs/kubernetes/trust-manager-values-contract';

const TIERS: readonly AddonTier[] = ['dev', 'staging', 'prod'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Values = Record<string, any>;

/** Every chart this layer renders values for: its pin, its contract and its values per tier. */
const CHART_CASES: readonly (readonly [ChartKey, ChartValuesContract, (tier: AddonTier) => Values])[] = [
  [
    'awsLoadBalancerController',
    AWS_LOAD_BALANCER_CONTROLLER_VALUES_CONTRACT,
    (tier) => awsLoadBalancerControllerValues({ clusterName: 'c', region: 'eu-west-1', vpcId: 'vpc-1', roleArn: 'arn:aws:iam::111111111111:role/r', tier }) as Values,
  ],
  ['certManager', CERT_MANAGER_VALUES_CONTRACT, (tier) => certManagerValues({ namespace: 'cert-manager', tier }) as Values],
  ['trustManager', TRUST_MANAGER_VALUES_CONTRACT, (tier) => trustManagerValues({ trustNamespace: 'vault', tier }) as Values],
  [
    'externalSecrets',
    EXTERNAL_SECRETS_VALUES_CONTRACT,
    (tier) => externalSecretsValues({ tier, network: { apiServerCidrs: ['10.11.0.0/20'], vaultCidrs: ['10.10.0.0/20'], vaultPort: 8200 } }) as Values,
  ],
];

describe.each(CHART_CASES)('values of chart %s', (chart, contract, valuesFor) => {
  it('has a well-formed contract read at the pinned tag', () => {
    expect(contractProblems(contract)).toEqual([]);
    expect(contract.source.startsWith(`${CHARTS[chart].source}:`)).toBe(true);
    expect(CHARTS[chart].version).toMatch(EXACT_CHART_VERSION);
  });

  it.each(TIERS)('sets only keys the chart reads (%s)', (tier) => {
    expect(valuePathsOutsideContract(valuesFor(tier), contract)).toEqual([]);
  });

  it('would report a misspelt key (replicaCount spelt replicas)', () => {
    const { replicaCount, ...rest } = valuesFor('prod');
    expect(replicaCount).toBe(2);
    expect(valuePathsOutsideContract({ ...rest, replicas: replicaCount }, contract)).toEqual(['replicas']);
  });
});

function omitEnabled(value: Values): Values {
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'enabled'));
}

/** Pass-through subtrees of a values object that are Kubernetes types, by the path where the chart uses them. */
function kubernetesSubtrees(values: Values): { path: string; kind: 'pod' | 'container' | 'resources' | 'spread'; value: unknown }[] {
  const found: { path: string; kind: 'pod' | 'container' | 'resources' | 'spread'; value: unknown }[] = [];
  const kinds: Record<string, 'pod' | 'container' | 'resources' | 'spread'> = {
    podSecurityContext: 'pod',
    securityContext: 'container',
    containerSecurityContext: 'container',
    resources: 'resources',
    topologySpreadConstraints: 'spread',
  };
  const walk = (node: Values, path: string, inCertManager: boolean) => {
    for (const [key, value] of Object.entries(node)) {
      const here = path ? `${path}.${key}` : key;
      // cert-manager's `securityContext` is the pod's; its `containerSecurityContext` the container's.
      const kind = inCertManager && key === 'securityContext' ? 'pod' : kinds[key];
      // external-secrets: the chart omits its own `enabled` switch from the rendered context (renderSecurityContext).
      const rendered = kind && value && typeof value === 'object' && !Array.isArray(value) && 'enabled' in value ? omitEnabled(value as Values) : value;
      if (kind) found.push({ path: here, kind, value: rendered });
      else if (value && typeof value === 'object' && !Array.isArray(value)) walk(value as Values, here, inCertManager);
    }
  };
  walk(values, '', 'containerSecurityContext' in values);
  return found;
}

describe.each(CHART_CASES)('Kubernetes objects passed through by chart %s', (_chart, _contract, valuesFor) => {
  const subtrees = kubernetesSubtrees(valuesFor('prod'));

  it('passes security contexts, resources and spread constraints that validate against the Kubernetes schemas', () => {
    expect(subtrees.length).toBeGreaterThanOrEqual(3);
    for (const { kind, value } of subtrees) {
      const validate = () => {
        if (kind === 'pod') validateModel(new PodSecurityContext(value as object));
        else if (kind === 'container') validateModel(new SecurityContext(value as object));
        else if (kind === 'resources') validateModel(new ResourceRequirements(value as object));
        else for (const constraint of value as object[]) validateModel(new TopologySpreadConstraint(constraint as never));
      };
      expect(validate).not.toThrow();
    }
  });

  it('runs every container as Pod Security "restricted" requires: non-root, RuntimeDefault seccomp, no escalation, no capabilities', () => {
    const containers = subtrees.filter((s) => s.kind === 'container').map((s) => s.value as Values);
    expect(containers.length).toBeGreaterThan(0);
    for (const context of containers) {
      expect(context).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(context.privileged).toBeUndefined();
      expect(context.capabilities.add).toBeUndefined();
    }
  });

  it('gives every container requests and a memory limit', () => {
    for (const { value } of subtrees.filter((s) => s.kind === 'resources')) {
      expect(value).toMatchObject({ requests: { cpu: expect.any(String), memory: expect.any(String) }, limits: { memory: expect.any(String) } });
    }
  });

  it('rejects an invalid security context through the same schema (the check can fail)', () => {
    expect(() => validateModel(new SecurityContext({ runAsNonRoot: 'yes' } as never))).toThrow();
  });
});

describe('aws-load-balancer-controller feature gates', () => {
  it('names only gates the v3.5.0 controller knows (an unknown gate makes it exit)', () => {
    const gates = Object.keys((awsLoadBalancerControllerValues({ clusterName: 'c', region: 'r', vpcId: 'v', roleArn: 'a', tier: 'dev' }) as Values).controllerConfig.featureGates);
    expect(gates.filter((gate) => !(AWS_LOAD_BALANCER_CONTROLLER_KNOWN_FEATURE_GATES as readonly string[]).includes(gate))).toEqual([]);
    expect(gates).toEqual(['EnableServiceController', 'NLBGatewayAPI', 'ALBGatewayAPI', 'GlobalAcceleratorController']);
  });
});
