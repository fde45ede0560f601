import { TlsProvider } from '@cdktf/provider-tls/lib/provider';
import { type TerraformStack } from 'cdktf';
import { Network } from '../../../constructs/network/network';
import { KmsKey } from '../../../constructs/security/kms-key';
import { testStack } from '../../helpers';

export interface AccessFixture {
  readonly stack: TerraformStack;
  readonly tooling: Network;
  readonly application: Network;
  readonly key: KmsKey;
}

/** A test stack (AWS + TLS providers) with a tooling VPC 10.10.0.0/16 in three AZs and an application VPC 10.11.0.0/16. */
export function accessFixture(azs: readonly string[] = ['eu-west-1c', 'eu-west-1a', 'eu-west-1b']): AccessFixture {
  const stack = testStack();
  new TlsProvider(stack, 'tls');
  const key = new KmsKey(stack, 'key', { alias: 'test-key', description: 'test' });
  const network = (name: string, cidrBlock: string) =>
    new Network(stack, name, { name: `test-${name}`, cidrBlock, availabilityZones: azs, flowLogs: { kmsKey: key } });
  return { stack, key, tooling: network('tooling', '10.10.0.0/16'), application: network('application', '10.11.0.0/16') };
}
