import { problemsAfter, sampleConfig } from '../helpers';

describe('delivery schema section', () => {
  it('defaults every field when the section is absent', () => {
    expect(sampleConfig('prod').delivery).toEqual({
      terraformVersion: '1.13.5',
      vaultDynamicCredentials: false,
      agents: { desiredCount: 2, cpu: 1024, memoryMiB: 2048 },
    });
  });

  it('keeps what the environment sets and defaults the rest', () => {
    const problems = problemsAfter((input) => {
      input.delivery = { terraformVersion: '1.14.0', agents: { cpu: 2048, memoryMiB: 8192 } };
    });
    expect(problems).toEqual([]);
  });

  it('reports every bad value with its path', () => {
    const problems = problemsAfter((input) => {
      input.delivery = { terraformVersion: '1.10.5', vaultDynamicCredentials: 'yes' as never, agents: { desiredCount: 0, cpu: 1024, memoryMiB: 1024 } };
    });
    expect(problems).toEqual([
      'dev.delivery.terraformVersion: expected Terraform 1.11.0 or later (write-only attributes) (got "1.10.5")',
      'dev.delivery.vaultDynamicCredentials: expected true or false (got "yes")',
      'dev.delivery.agents.desiredCount: expected 1-10 agents (got 0)',
      'dev.delivery.agents.memoryMiB: expected a Fargate task size: memory in steps of 1024 MiB, 1024-4096 MiB for 512 CPU units, 2048-8192 MiB for 1024 CPU units, 4096-16384 MiB for 2048 CPU units, 8192-30720 MiB for 4096 CPU units; 1024 CPU units cannot have this memory (got 1024)',
    ]);
    expect(
      problemsAfter((input) => {
        input.delivery = { terraformVersion: 'latest', agents: { cpu: 3000 } };
      }),
    ).toEqual([
      'dev.delivery.terraformVersion: expected an exact Terraform version such as 1.13.5 (no ranges, no "latest") (got "latest")',
      'dev.delivery.agents.cpu: expected Fargate CPU units 512, 1024, 2048, 4096 (got 3000)',
    ]);
  });
});
