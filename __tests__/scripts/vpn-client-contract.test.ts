import 'reflect-metadata';
import { X509Certificate as NodeX509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { OUTPUT_NAMES, stackNameFor } from '../../scripts/vpn-client/outputs';
import { parseProfile } from '../../scripts/vpn-client/profile';
import { runVpnClient } from '../../scripts/vpn-client/run';
import { DEFAULT_DEPLOYMENT } from '../../stacks/deployment';
import { NetworkStack } from '../../stacks/network-stack';
import { VaultAccessStack } from '../../stacks/vault-access-stack';
import { VpnStack } from '../../stacks/vpn-stack';
import { type TerraformJson, resourcesOf, sampleConfig } from '../helpers';
import { DNS_NAME, ENDPOINT_ID, NOW, type OutputValues, type TestCa, cdktfOutputsFile, createTestCa, makeTempDir, terraformOutputJson, writeFile } from './vpn-client-helpers';

/**
 * The contract between the vpn stack and `vpn:client`: the outputs file is built from the outputs the
 * synthesized `vpn-dev` stack really defines (same names, same sensitivity), each given a realistic value for
 * the Terraform attribute it references. Renaming an output on either side, or pointing an output at the wrong
 * resource (the server key instead of the CA key, say), fails here.
 */

interface SynthesizedOutput {
  readonly value: string;
  readonly sensitive?: boolean;
}

function synthDevOutputs(): { outputs: Record<string, SynthesizedOutput>; json: TerraformJson; stackName: string } {
  const app = Testing.app();
  const props = { environment: sampleConfig('dev'), deployment: DEFAULT_DEPLOYMENT };
  const network = new NetworkStack(app, props);
  const vaultAccess = new VaultAccessStack(app, { ...props, network });
  const stack = new VpnStack(app, { ...props, network, vaultAccess });
  for (const s of [network, vaultAccess, stack]) s.prepareStack();
  const json = JSON.parse(Testing.synth(stack)) as TerraformJson;
  return { outputs: json.output as Record<string, SynthesizedOutput>, json, stackName: stack.stackName };
}

/** `${type.name.attribute}` of a single resource reference, else undefined. */
function reference(value: string): { type: string; name: string; attribute: string } | undefined {
  const match = /^\$\{([a-z0-9_]+)\.([\w-]+)\.([a-z_]+)\}$/.exec(value);
  return match ? { type: match[1], name: match[2], attribute: match[3] } : undefined;
}

const only = (json: TerraformJson, type: string): [string, TerraformJson] => {
  const entries = Object.entries(resourcesOf(json, type));
  if (entries.length !== 1) throw new Error(`expected one ${type}, found ${entries.length}`);
  return entries[0];
};

describe('vpn:client against the synthesized vpn-dev outputs', () => {
  let outputs: Record<string, SynthesizedOutput>;
  let json: TerraformJson;
  let stackName: string;
  let ca: TestCa;
  let serverKeyOwner: TestCa;
  let dir: string;

  /** What `terraform output` would print for each synthesized output after an apply. */
  function appliedValues(): OutputValues {
    const [endpointName] = only(json, 'aws_ec2_client_vpn_endpoint');
    const [caCertName, caCert] = only(json, 'tls_self_signed_cert');
    const resolve = (id: string, value: string): string => {
      const ref = reference(value);
      if (!ref) {
        if (value.includes('${')) throw new Error(`output ${id}: unexpected expression ${value}`);
        return value;
      }
      if (ref.type === 'aws_ec2_client_vpn_endpoint' && ref.name === endpointName && ref.attribute === 'id') return ENDPOINT_ID;
      if (ref.type === 'aws_ec2_client_vpn_endpoint' && ref.name === endpointName && ref.attribute === 'dns_name') return DNS_NAME;
      if (ref.type === 'tls_self_signed_cert' && ref.name === caCertName && ref.attribute === 'cert_pem') return ca.certificatePem;
      if (ref.type === 'tls_private_key' && ref.attribute === 'private_key_pem') {
        // The CA key is the key the self-signed CA certificate is made from; any other key (the server's) differs.
        return value === caCert.private_key_pem ? ca.keyPkcs1Pem : serverKeyOwner.keyPkcs1Pem;
      }
      return `${ref.attribute}-of-${ref.type}`;
    };
    return Object.fromEntries(Object.entries(outputs).map(([id, output]) => [id, resolve(id, output.value)]));
  }

  /** `terraform output -json`, with the sensitivity the stack declares. */
  function terraformOutputs(values: OutputValues): string {
    const parsed = JSON.parse(terraformOutputJson(values)) as Record<string, { sensitive: boolean }>;
    for (const [id, entry] of Object.entries(parsed)) entry.sensitive = outputs[id].sensitive === true;
    return JSON.stringify(parsed, null, 2);
  }

  async function expectProfileVerifies(file: string): Promise<void> {
    const profile = parseProfile(readFileSync(file, 'utf8'), file);
    const certificate = new NodeX509Certificate(profile.cert);
    const caCertificate = new NodeX509Certificate(ca.certificatePem);
    expect(certificate.checkIssued(caCertificate)).toBe(true);
    expect(certificate.verify(caCertificate.publicKey)).toBe(true);
    expect(certificate.checkPrivateKey(createPrivateKey(profile.key))).toBe(true);
    expect(profile.options).toContainEqual(['remote', expect.stringMatching(new RegExp(`^[0-9a-f]{8}\\.${ENDPOINT_ID}\\.prod\\.clientvpn\\.eu-west-1\\.amazonaws\\.com$`)), '443']);
  }

  beforeAll(async () => {
    ({ outputs, json, stackName } = synthDevOutputs());
    [ca, serverKeyOwner] = await Promise.all([createTestCa({ commonName: 'vaultplat dev VPN root CA' }), createTestCa({ commonName: 'server key' })]);
  }, 60_000);
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the outputs of the stack that holds the VPN', () => {
    expect(stackNameFor('dev')).toBe(stackName);
  });

  it('finds every output it reads among the outputs the stack defines, the CA key sensitive', () => {
    const missing = Object.values(OUTPUT_NAMES).filter((name) => !(name in outputs));
    expect(missing).toEqual([]);
    expect(outputs[OUTPUT_NAMES.caPrivateKeyPem].sensitive).toBe(true);
    expect(outputs[OUTPUT_NAMES.caCertificatePem].sensitive).toBeUndefined();
  });

  it('reads each output from the resource attribute it needs', () => {
    const [endpointName] = only(json, 'aws_ec2_client_vpn_endpoint');
    const [caCertName, caCert] = only(json, 'tls_self_signed_cert');
    expect(outputs[OUTPUT_NAMES.endpointId].value).toBe(`\${aws_ec2_client_vpn_endpoint.${endpointName}.id}`);
    expect(outputs[OUTPUT_NAMES.dnsName].value).toBe(`\${aws_ec2_client_vpn_endpoint.${endpointName}.dns_name}`);
    expect(outputs[OUTPUT_NAMES.caCertificatePem].value).toBe(`\${tls_self_signed_cert.${caCertName}.cert_pem}`);
    expect(outputs[OUTPUT_NAMES.caPrivateKeyPem].value).toBe(caCert.private_key_pem);
  });

  it('issues a verifying profile from terraform output -json of the stack', async () => {
    writeFile(dir, 'vpn-outputs.dev.json', terraformOutputs(appliedValues()));
    const issued = await runVpnClient(['--env', 'dev', '--name', 'alice'], { out: () => {}, err: () => {}, cwd: dir, now: NOW });
    expect(issued?.endpointId).toBe(ENDPOINT_ID);
    await expectProfileVerifies(join(dir, 'alice-dev.ovpn'));
  }, 60_000);

  it('issues a verifying profile from cdktf output --outputs-file of the stack', async () => {
    writeFile(dir, 'vpn-outputs.dev.json', cdktfOutputsFile({ [stackName]: appliedValues() }));
    await runVpnClient(['--env', 'dev', '--name', 'bob'], { out: () => {}, err: () => {}, cwd: dir, now: NOW });
    await expectProfileVerifies(join(dir, 'bob-dev.ovpn'));
  }, 60_000);
});
