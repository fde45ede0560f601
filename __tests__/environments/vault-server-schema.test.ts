import { type EnvironmentInput } from '../../environments/schema';
import { problemsAfter, sampleConfig } from '../helpers';

type Environment = 'dev' | 'staging' | 'prod';
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Raw = Record<string, any>;

/** Problems after changing the `vaultServer` section (or the whole input) of one sample environment. */
function problems(name: Environment, mutate: (server: Raw, input: Raw) => void): string[] {
  return problemsAfter((input: EnvironmentInput & Record<string, unknown>) => mutate(input.vaultServer as unknown as Raw, input as unknown as Raw), name);
}

describe('vaultServer schema', () => {
  it('applies the documented defaults and keeps the per-environment values', () => {
    expect(sampleConfig('dev').vaultServer).toEqual({
      replicas: 1,
      resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } },
      dataStorageGi: 10,
      auditStorageGi: 10,
      logLevel: 'info',
      init: { recoveryShares: 3, recoveryThreshold: 2 },
      breakGlassRoleArn: 'arn:aws:iam::111111111111:role/vault-break-glass',
      snapshots: { intervalHours: 24, minute: 17, retentionDays: 7, objectLock: { mode: 'GOVERNANCE', retentionDays: 1 } },
    });
    expect(sampleConfig('staging').vaultServer.replicas).toBe(3);
    expect(sampleConfig('prod').vaultServer.snapshots).toEqual({ intervalHours: 1, minute: 17, retentionDays: 90, objectLock: { mode: 'COMPLIANCE', retentionDays: 30 }, replicaRegion: 'eu-central-1' });
  });

  it('accepts the sample environments', () => {
    for (const name of ['dev', 'staging', 'prod'] as const) expect(problems(name, () => {})).toEqual([]);
  });

  describe('fails with the environment, field, value and what is allowed when', () => {
    it('the number of voters is even, too large, or below 3 outside dev', () => {
      expect(problems('dev', (s) => (s.replicas = 2))).toEqual([
        'dev.vaultServer.replicas: expected an odd number of replicas: raft needs a majority, an even count adds a voter without adding tolerance (got 2)',
      ]);
      expect(problems('dev', (s) => (s.replicas = 9))).toEqual(['dev.vaultServer.replicas: expected an odd number of replicas from 1 to 7 (got 9)']);
      expect(problems('prod', (s) => (s.replicas = 1))).toEqual(['prod.vaultServer.replicas: prod runs at least 3 raft voters so that quorum survives the loss of one pod (got 1)']);
    });

    it('one availability zone would hold a quorum outside dev', () => {
      expect(
        problems('staging', (_, input) => {
          input.network.availabilityZones = ['eu-west-1a', 'eu-west-1b'];
          input.vaultAccess.vpn.associatedAzCount = 2;
        }),
      ).toEqual([
        'staging.vaultServer.replicas: 3 voters over 2 availability zones put 2 in one zone, a quorum (2): losing that zone stops Vault; use more zones or more voters (got 3)',
      ]);
    });

    it('the tooling node groups cannot give every Vault pod its own node', () => {
      expect(problems('prod', (_, input) => (input.clusters.tooling.nodeGroups.system.minSize = 2))).toEqual([
        'prod.vaultServer.replicas: each Vault pod needs its own node (required anti-affinity), but the tooling node groups guarantee only 2 (sum of minSize) (got 3)',
      ]);
    });

    it('resources are not Kubernetes quantities, or the memory limit is below the request', () => {
      expect(
        problems('dev', (s) => {
          s.resources.requests.cpu = '1 core';
          s.resources.limits.memory = '128Mi';
        }),
      ).toEqual([
        'dev.vaultServer.resources.requests.cpu: expected a CPU quantity such as "250m" or "1" (got "1 core")',
        'dev.vaultServer.resources.limits.memory: must be at least the request (256Mi) (got "128Mi")',
      ]);
      expect(problems('dev', (s) => (s.resources.limits.memory = '1G'))).toEqual(['dev.vaultServer.resources.limits.memory: expected a memory quantity in Mi or Gi such as "512Mi" (got "1G")']);
    });

    it('the recovery threshold exceeds the shares, or is 1 outside dev', () => {
      expect(problems('dev', (s) => (s.init = { recoveryShares: 2, recoveryThreshold: 3 }))).toEqual(['dev.vaultServer.init.recoveryThreshold: must not exceed recoveryShares (2) (got 3)']);
      expect(problems('staging', (s) => (s.init = { recoveryShares: 1, recoveryThreshold: 1 }))).toEqual([
        'staging.vaultServer.init.recoveryThreshold: staging needs at least 2 recovery key holders to generate a root token (got 1)',
      ]);
    });

    it('the break-glass role is missing, not a role, or in another account', () => {
      expect(problems('dev', (s) => delete s.breakGlassRoleArn)).toEqual(['dev.vaultServer.breakGlassRoleArn: is required: the IAM role ARN of the break-glass operators']);
      expect(problems('dev', (s) => (s.breakGlassRoleArn = 'arn:aws:iam::111111111111:user/alice'))).toEqual([
        'dev.vaultServer.breakGlassRoleArn: expected an IAM role ARN such as arn:aws:iam::111111111111:role/vault-break-glass (got "arn:aws:iam::111111111111:user/alice")',
      ]);
      expect(problems('dev', (s) => (s.breakGlassRoleArn = 'arn:aws:iam::999999999999:role/x'))).toEqual([
        'dev.vaultServer.breakGlassRoleArn: expected a role in one of the environment\'s accounts (111111111111) (got "arn:aws:iam::999999999999:role/x")',
      ]);
    });

    it('prod snapshots are not hourly, not COMPLIANCE-locked, not replicated, or kept too briefly', () => {
      expect(
        problems('prod', (s) => {
          s.snapshots.intervalHours = 6;
          s.snapshots.retentionDays = 14;
          s.snapshots.objectLock = { mode: 'GOVERNANCE', retentionDays: 7 };
          delete s.snapshots.replicaRegion;
        }),
      ).toEqual([
        'prod.vaultServer.snapshots.intervalHours: prod takes a raft snapshot every hour (1) (got 6)',
        'prod.vaultServer.snapshots.retentionDays: the prod tier keeps snapshots at least 30 days (got 14)',
        'prod.vaultServer.snapshots.objectLock.mode: prod locks snapshots in COMPLIANCE mode (no one, not even the account root, can delete them early) (got "GOVERNANCE")',
        'prod.vaultServer.snapshots.replicaRegion: is required in prod (snapshots replicated to a second region)',
      ]);
    });

    it('the interval is not a divisor of a day, the lock outlives the retention, or the replica is in the same region', () => {
      expect(
        problems('staging', (s) => {
          s.snapshots.intervalHours = 5;
          s.snapshots.objectLock.retentionDays = 60;
          s.snapshots.replicaRegion = 'eu-west-1';
        }),
      ).toEqual([
        'staging.vaultServer.snapshots.intervalHours: expected one of 1, 2, 3, 4, 6, 8, 12, 24 hours (got 5)',
        'staging.vaultServer.snapshots.objectLock.retentionDays: must not exceed snapshots.retentionDays (30): a locked version outlives its lifecycle expiry (got 60)',
        "staging.vaultServer.snapshots.replicaRegion: must differ from the environment's region (eu-west-1) (got \"eu-west-1\")",
      ]);
    });

    it('the RDS CA checksum is not a SHA-256, or a field is unknown', () => {
      expect(problems('dev', (s) => (s.rdsCaBundleSha256 = 'ABC'))).toEqual(['dev.vaultServer.rdsCaBundleSha256: expected 64 lower-case hex digits (sha256sum of global-bundle.pem) (got "ABC")']);
      expect(problems('dev', (s) => (s.replica = 3))).toEqual(['dev.vaultServer.replica: unknown field; did you mean `replicas`?']);
    });
  });
});
