import { type EnvironmentInput } from '../../environments/schema';
import { SHARD_MAX_LENGTH, TEAM_MAX_LENGTH, groupByShard, shardOf } from '../../environments/service-shards';
import { secretIdIssuerNames } from '../../constructs/vault/secret-id-issuer-grants';
import { problemsAfter, problemsOf, sampleInput } from '../helpers';

type Service = NonNullable<EnvironmentInput['vault']['services']>[number];

/** Problems after changing one service of the dev sample (0 payments-api, 1 orders, 2 ledger-worker, 3 grafana). */
function serviceProblems(index: number, change: (service: Service & Record<string, unknown>) => void): string[] {
  return problemsAfter((input) => change(input.vault.services![index] as Service & Record<string, unknown>));
}

/** A deterministic pseudo-random sequence (mulberry32), so a failing case can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Declared {
  readonly name: string;
  readonly team: string;
  readonly shard?: string;
}

describe('shardOf', () => {
  it('puts a service in services-<team> or, with a shard, services-<team>-<shard>', () => {
    expect(shardOf({ team: 'payments' })).toEqual({ team: 'payments', id: 'payments', kind: 'services-payments' });
    expect(shardOf({ team: 'payments', shard: 'batch' })).toEqual({ team: 'payments', shard: 'batch', id: 'payments-batch', kind: 'services-payments-batch' });
  });

  it('never moves a service when others are added, removed or renamed (property over generated catalogs)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const next = random(seed);
      const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
      const teams = ['payments', 'commerce', 'observability', 'identity', 'search'];
      const shards = [undefined, undefined, 'batch', 'api'];
      let counter = 0;
      const make = (): Declared => ({ name: `svc${counter++}`, team: pick(teams), shard: pick(shards) });
      const before: Declared[] = Array.from({ length: 1 + Math.floor(next() * 40) }, make);
      const after = [...before];
      const edits = 1 + Math.floor(next() * 5);
      const renamed = new Map<string, string>();
      for (let e = 0; e < edits; e++) {
        const op = pick(['add', 'remove', 'rename'] as const);
        if (op === 'add') after.splice(Math.floor(next() * (after.length + 1)), 0, make());
        else if (after.length > 0 && op === 'remove') after.splice(Math.floor(next() * after.length), 1);
        else if (after.length > 0) {
          const i = Math.floor(next() * after.length);
          const name = `renamed${counter++}`;
          renamed.set(name, after[i].name);
          after[i] = { ...after[i], name };
        }
      }
      const shardOfName = (catalog: readonly Declared[]) => new Map(groupByShard(catalog).flatMap(({ key, services }) => services.map((s) => [s.name, key.kind])));
      const was = shardOfName(before);
      for (const [name, kind] of shardOfName(after)) {
        const original = renamed.get(name) ?? name;
        if (was.has(original)) expect([seed, name, kind]).toEqual([seed, name, was.get(original)]);
        else expect(kind).toBe(shardOf(after.find((s) => s.name === name)!).kind);
      }
    }
  });

  it('groups services by shard, shards sorted by id, services in declaration order', () => {
    const services = [
      { name: 'a', team: 'zeta' },
      { name: 'b', team: 'alpha', shard: 'x' },
      { name: 'c', team: 'zeta' },
      { name: 'd', team: 'alpha' },
    ];
    expect(groupByShard(services).map(({ key, services: s }) => [key.kind, s.map((x) => x.name)])).toEqual([
      ['services-alpha', ['d']],
      ['services-alpha-x', ['b']],
      ['services-zeta', ['a', 'c']],
    ]);
  });

  it('keeps every name derived from the longest team and shard within its limit', () => {
    const id = shardOf({ team: 'a'.repeat(TEAM_MAX_LENGTH), shard: 'b'.repeat(SHARD_MAX_LENGTH) }).id;
    const longestSlug = 'p'.repeat(24);
    expect(`${longestSlug}-services-${id}-${longestSlug}`).toHaveLength(90); // HCP Terraform workspace name limit
    expect(secretIdIssuerNames(id).name.length).toBeLessThanOrEqual(52); // CronJob name limit
    expect(id.length).toBeLessThanOrEqual(63); // label value (app.kubernetes.io/instance)
  });
});

describe('environment schema: service shards', () => {
  it('accepts the sample catalog: payments (payments-api, ledger-worker), commerce (orders), observability (grafana)', () => {
    expect(problemsOf([sampleInput('dev')])).toEqual([]);
  });

  it('requires a team on every service', () => {
    expect(serviceProblems(1, (s) => Reflect.deleteProperty(s, 'team'))).toEqual(['dev.vault.services[1].team: is required (expected string)']);
  });

  it('fails a team or shard name that is not a short DNS label, saying why the limit', () => {
    expect(serviceProblems(1, (s) => (s.team = 'Commerce_Team'))).toEqual([
      "dev.vault.services[1].team: expected a team name: a DNS-1123 label (lower-case letters, digits or '-', starting and ending with a letter or digit) (got \"Commerce_Team\")",
    ]);
    expect(serviceProblems(1, (s) => (s.team = 'commerce-and-marketplace'))).toEqual([
      'dev.vault.services[1].team: expected a team name of at most 20 characters: it is part of the service stack and HCP Terraform workspace names (`<project>-services-<team>-<shard>-<env>`, at most 90 characters) (got "commerce-and-marketplace")',
    ]);
    expect(serviceProblems(1, (s) => (s.shard = 'reporting-jobs'))).toEqual([
      'dev.vault.services[1].shard: expected a shard name of at most 10 characters: it is part of the service stack and HCP Terraform workspace names (`<project>-services-<team>-<shard>-<env>`, at most 90 characters) (got "reporting-jobs")',
    ]);
  });

  it('fails two services of different shards in one namespace of one cluster, naming both and the fix', () => {
    expect(serviceProblems(2, (s) => (s.team = 'ledger'))).toEqual([
      'dev.vault.services[2].namespace: namespace "payments" on the application cluster belongs to the stack services-payments-<env> (payments-api), but ledger-worker is in services-ledger-<env>: ' +
        'a namespace and its policies, quota and vault-ca ConfigMap live in one service stack. Give ledger-worker the team and shard of payments-api (vault.services[0]), or a namespace of its own (got "payments")',
    ]);
    // The same namespace name on the other cluster belongs to another namespace: allowed in another shard.
    expect(serviceProblems(3, (s) => (s.namespace = 'payments'))).toEqual([]);
  });

  it('fails a shard that would use one namespace name on both clusters', () => {
    expect(serviceProblems(3, (s) => Object.assign(s, { team: 'payments', namespace: 'payments' }))).toEqual([
      'dev.vault.services[3].namespace: the stack services-payments-<env> already has namespace "payments" on the application cluster (vault.services[0]); within one service stack a namespace name is used on one cluster only (its objects are addressed by name): choose another namespace name, or another shard (got "payments")',
    ]);
  });

  it('fails two (team, shard) pairs that give one stack', () => {
    expect(
      problemsAfter((input) => {
        input.vault.services![1].team = 'payments-batch';
        input.vault.services![2].shard = 'batch';
        input.vault.services![0].shard = 'batch';
      }),
    ).toEqual([
      'dev.vault.services[1].team: team "payments-batch" and team "payments", shard "batch" (vault.services[0]) both give the stack services-payments-batch-<env>; rename the team or the shard of one of them (got "payments-batch")',
    ]);
  });

  it("fails a tooling service named like the platform's roles on the tooling cluster's auth method", () => {
    expect(serviceProblems(3, (s) => Object.assign(s, { name: 'secret-id-issuer-payments', serviceAccount: 'x' }))).toEqual([
      'dev.vault.services[3].name: is reserved on the tooling cluster: its Kubernetes auth roles "platform-raft-snapshot" (raft snapshots) and "secret-id-issuer-<shard>" (AppRole secret-ID issuers) belong to the platform; rename the service (got "secret-id-issuer-payments")',
    ]);
  });

  it('fails an environment name that ends with another environment\'s name (its service workspaces would match that group)', () => {
    const other = { ...sampleInput('dev'), name: 'eu-dev' };
    expect(problemsOf([sampleInput('dev'), other]).filter((p) => p.includes('ends with'))).toEqual([
      'eu-dev.name: ends with "-dev", the name of another environment: its service stacks (services-<team>-eu-dev) and workspaces would also match that environment\'s (services-*-dev); choose a name that does not end with another environment\'s name (got "eu-dev")',
    ]);
  });
});
