import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { PrivateKey } from '@cdktf/provider-tls/lib/private-key';
import { TlsProvider } from '@cdktf/provider-tls/lib/provider';
import { App, TerraformOutput, TerraformResource, TerraformStack, TerraformVariable } from 'cdktf';
import { STATE_SHARING_DOC_PATH, stateSharingDocument } from '../../scripts/generate-state-sharing-doc';
import { ORDER_ONLY_DEPENDENCIES, SERVICE_STACK_DEPENDENCIES, composeApp } from '../../stacks/compose';
import { DEFAULT_DEPLOYMENT } from '../../stacks/deployment';
import { STACK_KINDS } from '../../stacks/stack-kinds';
import { PINNED_PROVIDERS } from '../../stacks/state-secret-contract';
import { type StateSharingReport, type SynthesizedStack, analyzeStateSharing, readSynthesizedApp } from '../../stacks/state-sharing';
import { sampleConfig } from '../helpers';
import { releaseMainSynth, shippedApp } from '../shared-synth';

describe('state sharing of the composed app (every environment, synthesized JSON)', () => {
  let stacks: SynthesizedStack[];
  let environments: string[];
  let report: StateSharingReport;
  beforeAll(() => {
    ({ stacks, environments } = shippedApp());
    report = analyzeStateSharing(stacks);
  }, 120_000);
  afterAll(releaseMainSynth);

  const environmentOf = (stack: string) => environments.find((env) => stack.endsWith(`-${env}`));

  it('synthesizes every stack kind of every environment', () => {
    expect(environments).toEqual(['dev', 'staging', 'prod']);
    // Every platform stack, the service stacks of the sample catalog and the environment's bootstrap (its workspace is a state too).
    const services = ['services-commerce', 'services-observability', 'services-payments'];
    expect(stacks.map((s) => s.name).sort()).toEqual(environments.flatMap((env) => [...STACK_KINDS, ...services, 'bootstrap'].map((kind) => `${kind}-${env}`)).sort());
  });

  it('finds no remote-state producer whose state holds a private key or a secret', () => {
    expect(report.problems).toEqual([]);
  });

  it('resolves every remote-state read to a stack of the same environment', () => {
    expect(report.reads.length).toBeGreaterThan(0);
    for (const read of report.reads) {
      expect(read.producer).toBeDefined();
      expect(environmentOf(read.producer ?? '')).toBe(environmentOf(read.consumer));
    }
  });

  it('sees in the remote-state blocks exactly the stack dependencies cdktf recorded (manifest.json), besides the order-only edges', () => {
    for (const stack of stacks) {
      const env = environmentOf(stack.name);
      const orderOnly = stack.name.startsWith('services-')
        ? SERVICE_STACK_DEPENDENCIES.map((e) => `${e.after}-${env}`)
        : ORDER_ONLY_DEPENDENCIES.filter((e) => `${e.stack}-${env}` === stack.name).map((e) => `${e.after}-${env}`);
      const producers = [...new Set([...report.reads.filter((r) => r.consumer === stack.name).map((r) => r.producer), ...orderOnly])].sort();
      expect({ stack: stack.name, producers }).toEqual({ stack: stack.name, producers: stack.dependencies });
    }
  });

  it.each(['dev', 'staging', 'prod'])('%s: no stack reads the vpn stack, whose state holds the VPN CA key', (env) => {
    expect(report.consumersOf.get(`vpn-${env}`)).toBeUndefined();
    expect(report.reads.filter((read) => read.producer === `vpn-${env}`)).toEqual([]);
    const held = (report.secrets.get(`vpn-${env}`) ?? []).map((s) => `${s.address} ${s.attribute ?? ''}`.trim());
    expect(held).toContain('tls_private_key.client-vpn_ca-key_EA8F2603 private_key_pem');
    expect(held).toContain('tls_locally_signed_cert.client-vpn_server-certificate_5716A2E9 ca_private_key_pem');
    expect(held).toContain('output.vpn-ca-private-key-pem');
  });

  it('finds secrets in the vpn states (the VPN CA) and the bootstrap states (the agent token) only', () => {
    const holding = [...report.secrets.entries()].filter(([, secrets]) => secrets.length > 0).map(([stack]) => stack);
    expect(holding.sort()).toEqual(environments.flatMap((env) => [`bootstrap-${env}`, `vpn-${env}`]).sort());
  });

  it('classifies every resource and data source type the app uses (stacks/state-secret-contract.ts)', () => {
    expect(report.unclassified.map((u) => `${u.stack}: ${u.key}`)).toEqual([]);
  });

  it('reads the contract at the provider versions the app pins', () => {
    const used = new Map<string, string>();
    for (const stack of stacks) {
      for (const [name, requirement] of Object.entries<{ version: string }>(stack.json.terraform.required_providers)) used.set(name, requirement.version);
    }
    expect(used.size).toBeGreaterThan(0);
    for (const [name, version] of used) expect({ name, version }).toEqual({ name, version: PINNED_PROVIDERS[name as keyof typeof PINNED_PROVIDERS]?.version });
  });

  it('docs/state-sharing.md is the generated text (run npm run docs:state-sharing after changing stacks or the contract)', () => {
    expect(readFileSync(STATE_SHARING_DOC_PATH, 'utf8')).toBe(stateSharingDocument(stacks, environments));
  });

  it('documents the vpn workspace as shared with no workspace and vault-access (read by vpn and cluster-tooling) as holding no secret', () => {
    const text = stateSharingDocument(stacks, environments);
    expect(text).toMatch(/^\| `vaultplat-vault-access-<env>` \| `vaultplat-vpn-<env>`, `vaultplat-cluster-tooling-<env>`(, `[^`]+`)* \| no \|$/m);
    expect(text).toMatch(/Shared with \*\*no\*\* workspace \(remote state sharing off\): [^\n]*`vaultplat-vpn-<env>` \(holds secrets: [^)]*`tls_private_key.private_key_pem`/);
    expect(text).not.toMatch(/\| `vaultplat-vpn-<env>` \|/);
  });
});

/** Synthesizes a small app built by `build` (stacks with local state) and reads it back like the real one. */
function synthesizeFixture(build: (app: App) => void): SynthesizedStack[] {
  const outdir = mkdtempSync(join(tmpdir(), 'state-sharing-fixture-'));
  try {
    const app = new App({ outdir });
    build(app);
    app.synth();
    return readSynthesizedApp(outdir);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function awsStack(app: App, id: string): TerraformStack {
  const stack = new TerraformStack(app, id);
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  return stack;
}

/** A consumer that reads one value of `producer` (a cross-stack reference: remote state plus a dependency). */
function readsFrom(app: App, id: string, value: string): TerraformStack {
  const consumer = awsStack(app, id);
  new TerraformOutput(consumer, 'read', { value });
  return consumer;
}

describe('state sharing check on fixture apps', () => {
  it('reports a read stack that holds a tls_private_key, naming the stack and the resource', () => {
    const report = analyzeStateSharing(
      synthesizeFixture((app) => {
        const producer = awsStack(app, 'producer');
        new TlsProvider(producer, 'tls');
        const key = new PrivateKey(producer, 'ca-key', { algorithm: 'RSA', rsaBits: 2048 });
        readsFrom(app, 'consumer', key.publicKeyPem);
      }),
    );
    expect(report.consumersOf.get('producer')).toEqual(['consumer']);
    expect(report.problems).toHaveLength(1);
    const [header, ...items] = report.problems[0].split('\n');
    expect(header).toBe('producer is read by consumer (remote state), but its state holds secrets:');
    expect(items).toEqual([
      expect.stringMatching(/^ {4}- tls_private_key\.ca-key \[private_key_pem\]: the generated private key \(PEM\) \(always in state\)$/),
      expect.stringMatching(/^ {4}- tls_private_key\.ca-key \[private_key_pem_pkcs8\]: /),
      expect.stringMatching(/^ {4}- tls_private_key\.ca-key \[private_key_openssh\]: /),
    ]);
  });

  it('reports the real stacks when cluster-tooling is wired to read the vpn stack (and vault-config, which reads cluster-tooling)', () => {
    const report = analyzeStateSharing(
      synthesizeFixture((app) => {
        const [dev] = composeApp(app, [sampleConfig('dev')], DEFAULT_DEPLOYMENT);
        new TerraformOutput(dev.clusters.tooling, 'vpn-security-group', { value: dev.vpn.vpn.securityGroup.id });
      }),
    );
    expect(report.consumersOf.get('vpn-dev')).toEqual(['cluster-tooling-dev']);
    const headlines = report.problems.map((p) => p.split('\n')[0]);
    expect(headlines).toHaveLength(2);
    expect(headlines[0]).toMatch(/^cluster-tooling-dev is read by (.+, )?vault-config-dev(, .+)? \(remote state\), but its state holds secrets:$/);
    expect(headlines[1]).toBe('vpn-dev is read by cluster-tooling-dev (remote state), but its state holds secrets:');
    expect(report.problems[0]).toContain('data.terraform_remote_state.cross-stack-reference-input-vpn-dev [outputs]: holds every output of vpn-dev, including the secret output(s) vpn-ca-private-key-pem');
    expect(report.problems[1]).toContain('tls_private_key.client-vpn_ca-key_EA8F2603 [private_key_pem]');
  }, 60_000);

  it('says nothing of a secret-holding stack that no stack reads', () => {
    const report = analyzeStateSharing(
      synthesizeFixture((app) => {
        const vpn = awsStack(app, 'vpn');
        new TlsProvider(vpn, 'tls');
        const key = new PrivateKey(vpn, 'ca-key', { algorithm: 'RSA', rsaBits: 2048 });
        new TerraformOutput(vpn, 'ca-key-pem', { value: key.privateKeyPem, sensitive: true });
        const network = awsStack(app, 'network');
        const group = new SecurityGroup(network, 'group', { name: 'group' });
        readsFrom(app, 'vpn-reader-of-network', group.id);
      }),
    );
    expect(report.problems).toEqual([]);
    expect(report.consumersOf.get('vpn')).toBeUndefined();
    expect(report.secrets.get('vpn')?.map((s) => s.address)).toEqual([
      'tls_private_key.ca-key',
      'tls_private_key.ca-key',
      'tls_private_key.ca-key',
      'output.ca-key-pem',
    ]);
  });

  it("reports a consumer that re-exports nothing secret but holds a producer's secret output, once a third stack reads it", () => {
    const report = analyzeStateSharing(
      synthesizeFixture((app) => {
        const access = awsStack(app, 'access');
        const group = new SecurityGroup(access, 'group', { name: 'group' });
        new TerraformOutput(access, 'api-token', { value: 'not-read-by-anyone', sensitive: true });
        const cluster = readsFrom(app, 'cluster', group.id);
        const node = new SecurityGroup(cluster, 'node', { name: 'node' });
        readsFrom(app, 'config', node.id);
      }),
    );
    expect(report.problems).toEqual([
      'access is read by cluster (remote state), but its state holds secrets:\n    - output.api-token: output declared sensitive',
      'cluster is read by config (remote state), but its state holds secrets:\n' +
        '    - data.terraform_remote_state.cross-stack-reference-input-access [outputs]: holds every output of access, including the secret output(s) api-token',
    ]);
  });

  it('reports a password set from a variable and accepts a write-only one', () => {
    const report = analyzeStateSharing(
      synthesizeFixture((app) => {
        for (const [id, writeOnly] of [
          ['write-only', true],
          ['stored', false],
        ] as const) {
          const data = awsStack(app, id);
          const password = new TerraformVariable(data, 'password', { type: 'string', sensitive: true });
          const db = new DbInstance(data, 'db', {
            instanceClass: 'db.t4g.micro',
            engine: 'postgres',
            allocatedStorage: 20,
            username: 'admin_user',
            ...(writeOnly ? { passwordWo: password.stringValue, passwordWoVersion: 1 } : { password: password.stringValue }),
          });
          readsFrom(app, `${id}-reader`, db.address);
        }
      }),
    );
    expect(report.problems).toEqual([
      'stored is read by stored-reader (remote state), but its state holds secrets:\n' +
        '    - aws_db_instance.db [password]: the master password (set from an expression, stored as given)',
    ]);
  });

  it('reports a read stack with a resource type the contract does not list', () => {
    const report = analyzeStateSharing(
      synthesizeFixture((app) => {
        const producer = awsStack(app, 'producer');
        const random = new TerraformResource(producer, 'generated', { terraformResourceType: 'random_password' });
        readsFrom(app, 'consumer', random.getStringAttribute('id'));
      }),
    );
    expect(report.unclassified).toEqual([{ stack: 'producer', key: 'resource.random_password', address: 'random_password.generated' }]);
    expect(report.problems).toEqual([
      'producer is read by consumer (remote state), but holds types the secret contract does not list (stacks/state-secret-contract.ts): resource.random_password',
    ]);
  });
});
