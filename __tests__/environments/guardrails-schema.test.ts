import { DEFAULT_GUARDRAILS, MANDATORY_TAGS, policyOptions } from '../../environments/guardrails-schema';
import { validateEnvironments } from '../../environments/schema';
import { defaultTags } from '../../stacks/platform-stack';
import { STACK_KINDS } from '../../stacks/stack-kinds';
import { problemsAfter, sampleConfig, sampleInput } from '../helpers';

describe('guardrails schema section', () => {
  it('builds policy options from the tier defaults when the section is absent', () => {
    const prod = sampleConfig('prod');
    expect(prod.guardrails).toBeUndefined();
    expect(policyOptions(prod)).toEqual({
      tier: 'prod',
      requiredTags: [...MANDATORY_TAGS],
      minLogRetentionDays: 365,
      allowedInstanceTypes: DEFAULT_GUARDRAILS.prod.allowedInstanceTypes,
      allowedDbInstanceClasses: DEFAULT_GUARDRAILS.prod.allowedDbInstanceClasses,
      vaultAdminPolicies: ['platform-admin'],
      maxVaultTokenTtlSeconds: 3600,
      maxVaultTokenMaxTtlSeconds: 86400,
      minDbBackupRetentionDays: 7,
      acceptedDbOverrides: {},
      alarmTopicName: 'vaultplat-prod-alarms',
    });
    expect(policyOptions(sampleConfig('dev')).minLogRetentionDays).toBe(7);
  });

  it('passes the database overrides VP-RDS-3 checks, with their reasons, to the policy pack', () => {
    const input = sampleInput('prod');
    Object.assign(input.database ?? {}, {
      multiAz: false,
      copyTagsToSnapshot: false,
      overrides: [
        { setting: 'multiAz', reason: 'single-AZ until the Q3 capacity review, CHG-1234' },
        { setting: 'copyTagsToSnapshot', reason: 'snapshots are tagged by the backup vault policy, CHG-1235' },
      ],
    });
    const [prod] = validateEnvironments([input], STACK_KINDS);
    // copyTagsToSnapshot is not a VP-RDS-3 check: nothing to accept there.
    expect(policyOptions(prod).acceptedDbOverrides).toEqual({ multiAz: 'single-AZ until the Q3 capacity review, CHG-1234' });
  });

  it('uses the lists of the environment when given', () => {
    const input = { ...sampleInput('staging'), guardrails: { allowedInstanceTypes: ['m7i.large'], allowedDbInstanceClasses: ['db.r7g.large'] } };
    const [staging] = validateEnvironments([input], STACK_KINDS);
    expect(policyOptions(staging)).toMatchObject({ allowedInstanceTypes: ['m7i.large'], allowedDbInstanceClasses: ['db.r7g.large'] });
  });

  it('requires every tag the platform stacks apply as default tags', () => {
    expect(Object.keys(defaultTags(sampleConfig('dev'), 'network-dev'))).toEqual(expect.arrayContaining([...MANDATORY_TAGS]));
  });

  it('fails when an instance type or class is malformed', () => {
    expect(problemsAfter((i) => (i.guardrails = { allowedInstanceTypes: ['huge'], allowedDbInstanceClasses: ['r7g.large'] }))).toEqual([
      'dev.guardrails.allowedInstanceTypes[0]: expected an EC2 instance type such as m7i.large (got "huge")',
      'dev.guardrails.allowedDbInstanceClasses[0]: expected an RDS instance class such as db.r7g.large (got "r7g.large")',
    ]);
  });

  it('fails when a list is empty or repeats an entry', () => {
    expect(problemsAfter((i) => (i.guardrails = { allowedInstanceTypes: [], allowedDbInstanceClasses: ['db.t4g.small', 'db.t4g.small'] }))).toEqual([
      'dev.guardrails.allowedInstanceTypes: expected at least one entry (got [])',
      'dev.guardrails.allowedDbInstanceClasses: entries must not repeat (got ["db.t4g.small","db.t4g.small"])',
    ]);
  });

  it('fails on an unknown field', () => {
    expect(problemsAfter((i) => (i.guardrails = { allowedNodeSizes: ['m7i.large'] } as never))).toEqual([
      'dev.guardrails.allowedNodeSizes: unknown field; expected one of allowedInstanceTypes, allowedDbInstanceClasses',
    ]);
  });

  it('fails when prod allows burstable types', () => {
    expect(problemsAfter((i) => (i.guardrails = { allowedInstanceTypes: ['m7i.large', 't3.large'], allowedDbInstanceClasses: ['db.t4g.medium'] }), 'prod')).toEqual([
      'prod.guardrails.allowedInstanceTypes[1]: burstable (t-family) types are not allowed in the prod tier; pick an m- or r-family size (got "t3.large")',
      'prod.guardrails.allowedDbInstanceClasses[0]: burstable (t-family) types are not allowed in the prod tier; pick an m- or r-family size (got "db.t4g.medium")',
    ]);
  });
});
