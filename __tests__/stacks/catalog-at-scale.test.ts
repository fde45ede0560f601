import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateEnvironments } from '../../environments/schema';
import { composeApp } from '../../stacks/compose';
import { DEFAULT_DEPLOYMENT } from '../../stacks/deployment';
import { SERVICE_STACK_RESOURCE_LIMIT } from '../../stacks/service-stack';
import { STACK_KINDS } from '../../stacks/stack-kinds';
import { synthesizeApp } from '../../stacks/synth';
import { generatedServices, sampleInput } from '../helpers';

describe('the service catalog at 500 services per environment', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'catalog-at-scale-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('synthesizes one environment with 50 teams of 10 services besides the samples: one bounded stack per team, policy pack passing', () => {
    const input = sampleInput('dev');
    input.vault.services = [...input.vault.services!, ...generatedServices(50, 10)];
    const messages: string[] = [];
    const code = synthesizeApp((app) => composeApp(app, validateEnvironments([input], STACK_KINDS), DEFAULT_DEPLOYMENT), {}, { outdir, report: (m) => messages.push(m), print: () => undefined });
    expect([code, messages]).toEqual([0, []]);
    const stacks = readdirSync(join(outdir, 'stacks'));
    const services = stacks.filter((s) => s.startsWith('services-team'));
    expect(services).toHaveLength(50);
    for (const stack of services) {
      const json = JSON.parse(readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as { resource: Record<string, object>; data: Record<string, object> };
      const count = [...Object.values(json.resource), ...Object.values(json.data)].reduce((n, r) => n + Object.keys(r).length, 0);
      expect([stack, count <= SERVICE_STACK_RESOURCE_LIMIT, count > 50]).toEqual([stack, true, true]);
    }
    // The platform stacks hold no service: vault-config stays the size it has without them.
    const vaultConfig = JSON.parse(readFileSync(join(outdir, 'stacks', 'vault-config-dev', 'cdk.tf.json'), 'utf8')) as { resource: Record<string, object> };
    expect(Object.values(vaultConfig.resource).reduce((n, r) => n + Object.keys(r).length, 0)).toBeLessThan(40);
  });
});
