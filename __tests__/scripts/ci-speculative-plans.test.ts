import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChangesFile, detectChanges } from '../../scripts/ci/changed-stacks';
import { HcpTerraformClient } from '../../scripts/ci/hcp-terraform-client';
import { runSpeculativePlans, stackArchive } from '../../scripts/ci/speculative-plans';
import { tarGzip } from '../../scripts/ci/tarball';
import { fakeApi, jsonApi } from './ci-fake-api';

const FIXTURES = join(__dirname, 'fixtures', 'ci');
const noWait = { pollIntervalMs: 1, sleep: async () => undefined };

describe('tarGzip', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'vaultplat-tar-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes an archive GNU tar lists and extracts byte for byte', () => {
    const content = Buffer.from(`${JSON.stringify({ resource: { a: 1 } })}\n`.repeat(40));
    const file = join(dir, 'config.tar.gz');
    writeFileSync(file, tarGzip([{ name: 'cdk.tf.json', content }, { name: 'sub/empty.txt', content: Buffer.alloc(0) }]));
    const list = spawnSync('tar', ['-tzf', file], { encoding: 'utf8' });
    expect(list.status).toBe(0);
    expect(list.stdout.split('\n').filter(Boolean)).toEqual(['cdk.tf.json', 'sub/empty.txt']);
    const extracted = spawnSync('tar', ['-xzOf', file, 'cdk.tf.json']);
    expect(extracted.status).toBe(0);
    expect(Buffer.compare(extracted.stdout, content)).toBe(0);
  });

  it('is deterministic and rejects paths that leave the archive', () => {
    const files = [{ name: 'cdk.tf.json', content: Buffer.from('{}') }];
    expect(tarGzip(files).equals(tarGzip(files))).toBe(true);
    expect(() => tarGzip([{ name: '../x', content: Buffer.alloc(1) }])).toThrow('tarball: "../x" is not a relative path of 1-100 bytes');
    expect(() => tarGzip([{ name: '/etc/x', content: Buffer.alloc(1) }])).toThrow('tarball: "/etc/x" is not a relative path of 1-100 bytes');
  });
});

describe('speculative plans', () => {
  const changes: ChangesFile = detectChanges(join(FIXTURES, 'head'), join(FIXTURES, 'base'));

  function api() {
    return fakeApi({
      'GET /organizations/acme-platform/workspaces/vaultplat-cluster-dev': jsonApi('ws-cluster', {}),
      'GET /organizations/acme-platform/workspaces/vaultplat-config-dev': jsonApi('ws-config', {}),
      'GET /organizations/acme-platform/workspaces/vaultplat-workloads-dev': { status: 404, body: { errors: [{ status: '404' }] } },
      'POST /workspaces/ws-cluster/configuration-versions': jsonApi('cv-cluster', { 'upload-url': 'https://archivist.terraform.io/v1/object/cluster' }),
      'POST /workspaces/ws-config/configuration-versions': jsonApi('cv-config', { 'upload-url': 'https://archivist.terraform.io/v1/object/config' }),
      'PUT /v1/object/cluster': { status: 200 },
      'PUT /v1/object/config': { status: 200 },
      'GET /configuration-versions/cv-cluster': [jsonApi('cv-cluster', { status: 'pending' }), jsonApi('cv-cluster', { status: 'uploaded' })],
      'GET /configuration-versions/cv-config': jsonApi('cv-config', { status: 'uploaded' }),
      'POST /runs': (req) => jsonApi(String(req.body).includes('cv-cluster') ? 'run-cluster' : 'run-config', {}),
      'GET /runs/run-cluster': [jsonApi('run-cluster', { status: 'planning' }), jsonApi('run-cluster', { status: 'planned_and_finished' }, { plan: { data: { id: 'plan-cluster' } } })],
      'GET /plans/plan-cluster': jsonApi('plan-cluster', { status: 'finished', 'resource-additions': 3, 'resource-changes': 1, 'resource-destructions': 2, 'resource-imports': 0, 'has-changes': true }),
      'GET /runs/run-config': jsonApi('run-config', { status: 'errored' }, { plan: { data: { id: 'plan-config' } } }),
      'GET /plans/plan-config': jsonApi('plan-config', { status: 'errored' }),
    });
  }

  it('plans every changed workspace stack in order, records counts and links, and keeps going after a failure', async () => {
    const { fetch, requests } = api();
    const client = new HcpTerraformClient({ token: 'test-token', fetch, ...noWait });
    const summary = await runSpeculativePlans(changes, {
      client,
      archive: (stack) => stackArchive(join(FIXTURES, 'head'), stack),
      message: 'Speculative plan of 4f1c2d3e5a6b',
      commit: '4f1c2d3e5a6b7c8d',
      base: '9a8b7c6d',
    });
    expect(summary).toEqual({
      commit: '4f1c2d3e5a6b7c8d',
      base: '9a8b7c6d',
      removed: ['legacy-dev'],
      stacks: [
        { stack: 'bootstrap-dev', status: 'modified', outcome: 'bootstrap', organization: 'acme-platform', workspace: 'vaultplat-bootstrap-dev' },
        {
          stack: 'cluster-dev',
          status: 'modified',
          outcome: 'planned',
          organization: 'acme-platform',
          workspace: 'vaultplat-cluster-dev',
          runId: 'run-cluster',
          url: 'https://app.terraform.io/app/acme-platform/workspaces/vaultplat-cluster-dev/runs/run-cluster',
          additions: 3,
          changes: 1,
          destructions: 2,
          imports: 0,
        },
        {
          stack: 'config-dev',
          status: 'modified',
          outcome: 'errored',
          organization: 'acme-platform',
          workspace: 'vaultplat-config-dev',
          runId: 'run-config',
          url: 'https://app.terraform.io/app/acme-platform/workspaces/vaultplat-config-dev/runs/run-config',
          error: 'the run ended errored; see the run for the plan log',
        },
        {
          stack: 'workloads-dev',
          status: 'added',
          outcome: 'skipped',
          organization: 'acme-platform',
          workspace: 'vaultplat-workloads-dev',
          error: 'workspace vaultplat-workloads-dev does not exist yet: it is created when the bootstrap of its environment is applied after merge',
        },
      ],
    });

    // The API contract: JSON:API bodies with the token, a speculative configuration version, a plan-only run, and
    // the archive PUT to the upload URL without the token.
    const apiCalls = requests.filter((r) => r.url.startsWith('https://app.terraform.io/api/v2/'));
    for (const r of apiCalls) expect(r.headers).toEqual({ Authorization: 'Bearer test-token', 'Content-Type': 'application/vnd.api+json' });
    const cv = requests.find((r) => r.method === 'POST' && r.url.endsWith('/workspaces/ws-cluster/configuration-versions'))!;
    expect(JSON.parse(String(cv.body))).toEqual({ data: { type: 'configuration-versions', attributes: { 'auto-queue-runs': false, speculative: true } } });
    const put = requests.find((r) => r.method === 'PUT' && r.url.endsWith('/cluster'))!;
    expect(put.headers).toEqual({ 'Content-Type': 'application/octet-stream' });
    const dir = mkdtempSync(join(tmpdir(), 'vaultplat-put-'));
    try {
      writeFileSync(join(dir, 'a.tar.gz'), put.body as Buffer);
      expect(JSON.parse(spawnSync('tar', ['-xzOf', join(dir, 'a.tar.gz'), 'cdk.tf.json'], { encoding: 'utf8' }).stdout)).toEqual(
        JSON.parse(readFileSync(join(FIXTURES, 'head', 'stacks', 'cluster-dev', 'cdk.tf.json'), 'utf8')),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const run = requests.find((r) => r.method === 'POST' && r.url.endsWith('/runs') && String(r.body).includes('cv-cluster'))!;
    expect(JSON.parse(String(run.body))).toEqual({
      data: {
        type: 'runs',
        attributes: { 'plan-only': true, message: 'Speculative plan of 4f1c2d3e5a6b' },
        relationships: { workspace: { data: { type: 'workspaces', id: 'ws-cluster' } }, 'configuration-version': { data: { type: 'configuration-versions', id: 'cv-cluster' } } },
      },
    });
    // Producers first: cluster-dev is planned before config-dev.
    const order = apiCalls.filter((r) => r.method === 'POST' && r.url.endsWith('/runs')).map((r) => (String(r.body).includes('cv-cluster') ? 'cluster' : 'config'));
    expect(order).toEqual(['cluster', 'config']);
  });

  it('records an API failure of one stack with its reason and plans the rest', async () => {
    const { fetch } = fakeApi({
      'GET /organizations/acme-platform/workspaces/vaultplat-cluster-dev': { status: 401, body: { errors: ['unauthorized'] } },
      'GET /organizations/acme-platform/workspaces/vaultplat-config-dev': jsonApi('ws-config', {}),
      'GET /organizations/acme-platform/workspaces/vaultplat-workloads-dev': jsonApi('ws-workloads', {}),
      'POST /configuration-versions': { status: 500, body: {} },
    });
    const client = new HcpTerraformClient({ token: 'test-token', fetch, ...noWait });
    const summary = await runSpeculativePlans(changes, { client, archive: () => Buffer.alloc(0), message: 'm', commit: 'c' });
    expect(summary.stacks.map((s) => [s.stack, s.outcome, s.error])).toEqual([
      ['bootstrap-dev', 'bootstrap', undefined],
      ['cluster-dev', 'errored', 'GET /organizations/acme-platform/workspaces/vaultplat-cluster-dev: HTTP 401 {"errors":["unauthorized"]}'],
      ['config-dev', 'errored', 'POST /workspaces/ws-config/configuration-versions: HTTP 500 {}'],
      ['workloads-dev', 'errored', 'POST /workspaces/ws-workloads/configuration-versions: HTTP 500 {}'],
    ]);
  });

  it('stops waiting at the timeout, and refuses to start without a token', async () => {
    let clock = 0;
    const { fetch } = fakeApi({ 'GET /runs/run-1': jsonApi('run-1', { status: 'planning' }) });
    const client = new HcpTerraformClient({ token: 'test-token', fetch, pollIntervalMs: 1000, timeoutMs: 5000, sleep: async (ms) => void (clock += ms), now: () => clock });
    await expect(client.waitForPlan('run-1')).rejects.toThrow('timed out after 5 s waiting for run run-1');
    expect(() => new HcpTerraformClient({ token: '' })).toThrow('no HCP Terraform token: set TFE_TOKEN in the step that runs this script');
  });
});
