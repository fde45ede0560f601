import { spawnSync } from 'child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ClusterOidcProvider } from '../../../constructs/compute/cluster-oidc-provider';
import { SnapshotBucket } from '../../../constructs/vault-server/snapshot-bucket';
import { VaultSnapshots, snapshotSchedule, snapshotScript } from '../../../constructs/vault-server/vault-snapshots';
import { KmsKey } from '../../../constructs/security/kms-key';
import { resourceAt, synthStack, testStack } from '../../helpers';
import { testAlarmSpec } from '../observability/alarm-fixtures';

/** The script as the shell receives it: Terraform turns `$${` into `${`. */
const renderedScript = () => snapshotScript().replace(/\$\$\{/g, '${');

function runSnapshot(): { status: number; output: string; calls: string[]; leftover: boolean } {
  const dir = mkdtempSync(join(tmpdir(), 'vault-snapshot-'));
  const calls = join(dir, 'calls');
  writeFileSync(calls, '');
  const stub = (name: string, body: string) => {
    writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  };
  stub(
    'vault',
    [
      'echo "vault $* token=$VAULT_TOKEN" >> "$CALLS"',
      'case "$1 $2" in',
      '  "write -field=token") echo "stub-session-value" ;;',
      '  "operator raft") echo data > "$5" ;;',
      'esac',
    ].join('\n'),
  );
  stub('aws', 'echo "aws $*" >> "$CALLS"');
  const snapshotDir = join(dir, 'snapshot');
  const script = renderedScript().replace(/\/snapshot\//g, `${snapshotDir}/`).replace('/var/run/secrets/vault/token', join(dir, 'token'));
  spawnSync('mkdir', [snapshotDir]);
  const result = spawnSync('/bin/sh', ['-c', script], {
    encoding: 'utf8',
    env: { PATH: `${dir}:/usr/bin:/bin`, CALLS: calls, VAULT_AUTH_PATH: 'kubernetes-tooling', VAULT_ROLE: 'platform-raft-snapshot', BUCKET: 'b', KMS_KEY_ARN: 'arn:k' },
  });
  const recorded = readFileSync(calls, 'utf8').split('\n').filter((l) => l !== '');
  const leftover = existsSync(snapshotDir) && spawnSync('ls', [snapshotDir], { encoding: 'utf8' }).stdout.trim() !== '';
  rmSync(dir, { recursive: true, force: true });
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}`, calls: recorded, leftover };
}

describe('snapshotScript', () => {
  it('logs in with its own role, snapshots, revokes its token, uploads under snapshots/<date>/ and prints no token', () => {
    const run = runSnapshot();
    expect(run.status).toBe(0);
    expect(run.output).toMatch(/^raft snapshot stored as s3:\/\/b\/snapshots\/\d{4}\/\d{2}\/\d{2}\/vault-\d{8}T\d{6}Z\.snap\n$/);
    expect(run.calls[0]).toMatch(/^vault write -field=token auth\/kubernetes-tooling\/login role=platform-raft-snapshot jwt=@.*token token=$/);
    expect(run.calls[1]).toMatch(/^vault operator raft snapshot save .*vault-\d{8}T\d{6}Z\.snap token=stub-session-value$/);
    expect(run.calls[2]).toBe('vault token revoke -self token=stub-session-value');
    expect(run.calls[3]).toMatch(/^aws s3 cp .* s3:\/\/b\/snapshots\/.* --sse aws:kms --sse-kms-key-id arn:k --only-show-errors$/);
    expect(run.output).not.toContain('stub-session-value');
    expect(run.leftover).toBe(false);
  });
});

describe('snapshotSchedule', () => {
  it('turns an interval in hours into a UTC cron expression', () => {
    expect(snapshotSchedule(1, 17)).toBe('17 * * * *');
    expect(snapshotSchedule(6, 5)).toBe('5 */6 * * *');
    expect(snapshotSchedule(24, 0)).toBe('0 0 * * *');
  });
});

const SNAPSHOT_SPEC = testAlarmSpec(
  'vault-snapshot-missing',
  { kind: 'metric', namespace: 'AWS/S3', metricName: 'PutRequests', statistic: 'Sum', dimensions: { BucketName: null, FilterId: 'snapshots' } },
  { periodSeconds: 86400, comparison: 'LessThanThreshold', threshold: 1, treatMissingData: 'breaching' },
);

describe('VaultSnapshots and SnapshotBucket', () => {
  const props = (stack: ReturnType<typeof testStack>) => ({
    namePrefix: 'vaultplat-dev',
    accountId: '111111111111',
    oidcProvider: new ClusterOidcProvider(stack, 'oidc', { issuerUrl: 'https://oidc.eks.eu-west-1.amazonaws.com/id/X', name: 'x' }),
    intervalHours: 24,
    minute: 17,
    retentionDays: 7,
    objectLock: { mode: 'GOVERNANCE' as const, retentionDays: 1 },
    missingAlarm: { topicArn: 'arn:aws:sns:eu-west-1:111111111111:alarms', spec: SNAPSHOT_SPEC },
    vaultAuthPath: 'kubernetes-tooling',
  });

  it('fails on an interval that is no divisor of a day, a minute out of range and a replica region without its provider', () => {
    const stack = testStack();
    expect(() => new VaultSnapshots(stack, 'snapshots', { ...props(stack), intervalHours: 5, minute: 60, replicaRegion: 'eu-central-1' })).toThrow(
      'test/snapshots: intervalHours: expected one of 1, 2, 3, 4, 6, 8, 12, 24, got 5; minute: expected 0-59, got 60; replicaRegion: give both replicaProvider and replicaRegion, or neither',
    );
  });

  it('alarms with the catalog spec on the upload metric of its own bucket', () => {
    const stack = testStack();
    new VaultSnapshots(stack, 'snapshots', props(stack));
    const alarm = resourceAt(synthStack(stack), 'aws_cloudwatch_metric_alarm', 'snapshots/missing-alarm');
    expect(alarm).toMatchObject({ alarm_name: 'test-vault-snapshot-missing', metric_name: 'PutRequests', period: 86400, treat_missing_data: 'breaching' });
    expect(alarm.dimensions).toEqual({ BucketName: expect.stringMatching(/^\$\{aws_s3_bucket\.snapshots_bucket_[0-9A-F]{8}\.bucket\}$/), FilterId: 'snapshots' });
  });

  it('fails when the alarm watches another metric or its period is not one snapshot interval', () => {
    const stack = testStack();
    const hourly = { ...SNAPSHOT_SPEC, periodSeconds: 3600 };
    expect(() => new VaultSnapshots(stack, 'snapshots', { ...props(stack), missingAlarm: { topicArn: 'arn:aws:sns:eu-west-1:111111111111:alarms', spec: hourly } })).toThrow(
      'test/snapshots: missingAlarm: expected a period of one snapshot interval (86400 s), got 3600',
    );
    const other = { ...SNAPSHOT_SPEC, query: { ...SNAPSHOT_SPEC.query, metricName: 'GetRequests' } } as typeof SNAPSHOT_SPEC;
    const second = testStack();
    expect(() => new VaultSnapshots(second, 'snapshots-other', { ...props(second), missingAlarm: { topicArn: 'x', spec: other } })).toThrow(
      'test/snapshots-other: missingAlarm: expected an alarm on AWS/S3 PutRequests of the request-metrics filter "snapshots"',
    );
  });

  it('refuses a lock longer than the retention and a bad bucket name', () => {
    const stack = testStack();
    const kmsKey = new KmsKey(stack, 'key', { alias: 'k', description: 'k' });
    expect(() => new SnapshotBucket(stack, 'bucket', { bucketName: 'Bad_Name', kmsKey, retentionDays: 7, objectLock: { mode: 'COMPLIANCE', retentionDays: 30 } })).toThrow(
      `test/bucket: bucketName: expected 3-63 lower-case letters, digits or '-', got "Bad_Name"; objectLock.retentionDays: expected at most retentionDays (7), got 30`,
    );
  });
});
