import { type TerraformStack } from 'cdktf';
import { type EksAddonVersions } from '../../../constructs/compute/eks-cluster';
import { Network } from '../../../constructs/network/network';
import { KmsKey } from '../../../constructs/security/kms-key';

/** Add-on versions of a 1.35 cluster, as in the environment files. */
export const ADDON_VERSIONS: EksAddonVersions = {
  vpcCni: 'v1.21.1-eksbuild.1',
  kubeProxy: 'v1.35.0-eksbuild.2',
  podIdentityAgent: 'v1.3.10-eksbuild.1',
  coredns: 'v1.13.2-eksbuild.1',
  ebsCsiDriver: 'v1.54.0-eksbuild.1',
  cloudwatchObservability: 'v4.8.0-eksbuild.1',
};

/** A two-AZ network (10.10.0.0/16, private subnets 10.10.0.0/20 and 10.10.16.0/20) in `stack`. */
export function testNetwork(stack: TerraformStack): Network {
  const kmsKey = new KmsKey(stack, 'observability-key', { alias: 'test-observability', description: 'test' });
  return new Network(stack, 'net', {
    name: 'test-net',
    cidrBlock: '10.10.0.0/16',
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    flowLogs: { kmsKey },
  });
}
