import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { mainSynthPaths } from '../../scripts/test-synth.cjs';
import { type Step, plan, runSteps } from '../../scripts/test.cjs';

const ROOT = join(__dirname, '..', '..');
const SCRIPTS = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;

/** A step that finishes after `ms` with `code`, recording when it ran. */
function fakeStep(name: string, ms: number, code: number, log: string[], options: Partial<Step> = {}): Step {
  return {
    name,
    memoryMb: 100,
    ...options,
    run: () =>
      new Promise((resolve) => {
        log.push(`start ${name}`);
        setTimeout(() => {
          log.push(`end ${name}`);
          resolve({ code, output: `output of ${name}` });
        }, ms);
      }),
  };
}

describe('npm test (scripts/test.cjs)', () => {
  it('runs every check: the type-check, ESLint, actionlint, the secrets lint and jest, each an npm script of its own', () => {
    expect(SCRIPTS.test).toBe('node scripts/test.cjs');
    const steps = plan('/tmp/shared');
    expect(steps.map((s) => s.name).sort()).toEqual(['lint:eslint', 'lint:secrets', 'lint:workflows', 'synth', 'test:cli', 'test:unit', 'typecheck']);
    for (const step of steps.filter((s) => s.name !== 'synth')) expect([step.name, SCRIPTS[step.script!]]).toEqual([step.name, expect.any(String)]);
    expect(SCRIPTS['lint:eslint']).toBe('eslint --max-warnings 0 .');
    expect(SCRIPTS.typecheck).toMatch(/^node node_modules\/typescript-7\/bin\/tsc --noEmit\b/);
    expect(SCRIPTS['test:unit']).toMatch(/^node (--[a-z-]+(=\d+)? )*node_modules\/jest\/bin\/jest\.js --ci$/);
  });

  it('gives the secrets lint and jest the shared synth, and starts them only after it', () => {
    const steps = plan('/tmp/shared');
    const secrets = steps.find((s) => s.name === 'lint:secrets')!;
    expect(secrets.after).toEqual(['synth']);
    expect(secrets.args).toEqual(['--synth-dir', mainSynthPaths('/tmp/shared').outdir]);
    const jest = steps.find((s) => s.name === 'test:unit')!;
    expect(jest.after).toEqual(['synth']);
    expect(jest.env).toEqual({ VAULTPLAT_TEST_SYNTH: '/tmp/shared', VAULTPLAT_TEST_WITHOUT_CLI: '1' });
  });

  it('runs every jest suite exactly once between test:unit (without the cdktf CLI suite) and test:cli', () => {
    const listed = (env: Record<string, string>, ...args: string[]) =>
      execFileSync(process.execPath, [join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--listTests', ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' })
        .split('\n')
        .filter(Boolean)
        .map((path) => relative(ROOT, path))
        .sort();
    const all = listed({ VAULTPLAT_TEST_WITHOUT_CLI: '' });
    const unit = listed({ VAULTPLAT_TEST_WITHOUT_CLI: '1' });
    const cli = listed({ VAULTPLAT_TEST_WITHOUT_CLI: '' }, ...SCRIPTS['test:cli'].split(' --runTestsByPath ')[1].split(' '));
    expect(cli).toEqual(['__tests__/cdktf-synth.test.ts']);
    expect([...unit, ...cli].sort()).toEqual(all);
    expect(all.length).toBeGreaterThan(100);
  });

  it('runs every step even when one fails, and prints the outputs in plan order', async () => {
    const log: string[] = [];
    const written: string[] = [];
    const results = await runSteps([fakeStep('slow', 60, 0, log), fakeStep('failing', 5, 2, log), fakeStep('fast', 5, 0, log)], {
      budgetMb: 1000,
      write: (text) => written.push(text),
    });
    expect(results.map((r) => [r.name, r.code])).toEqual([
      ['slow', 0],
      ['failing', 2],
      ['fast', 0],
    ]);
    expect(log.slice(0, 3)).toEqual(['start slow', 'start failing', 'start fast']);
    expect(written.map((text) => text.split('\n')[1])).toEqual([
      expect.stringMatching(/^=== slow \(\d+\.\d s\) passed$/),
      expect.stringMatching(/^=== failing \(\d+\.\d s\) FAILED \(exit 2\)$/),
      expect.stringMatching(/^=== fast \(\d+\.\d s\) passed$/),
    ]);
    expect(written.join('')).toContain('output of failing');
  });

  it('keeps the steps running together within the memory budget, and waits for the steps a step comes after', async () => {
    const log: string[] = [];
    await runSteps(
      [
        fakeStep('big', 30, 0, log, { memoryMb: 600 }),
        fakeStep('needs-big', 5, 0, log, { memoryMb: 100, after: ['big'] }),
        fakeStep('also-big', 5, 0, log, { memoryMb: 500 }),
        fakeStep('small', 5, 0, log, { memoryMb: 300 }),
      ],
      { budgetMb: 1000, write: () => undefined },
    );
    // big (600) + small (300) fit; also-big (500) waits for big to end; needs-big starts only after big.
    expect(log.indexOf('start also-big')).toBeGreaterThan(log.indexOf('end big'));
    expect(log.indexOf('start needs-big')).toBeGreaterThan(log.indexOf('end big'));
    expect(log.indexOf('start small')).toBeLessThan(log.indexOf('end big'));
  });

  it('runs a step larger than the budget alone rather than never', async () => {
    const log: string[] = [];
    const results = await runSteps([fakeStep('huge', 5, 0, log, { memoryMb: 5000 }), fakeStep('after', 5, 0, log)], { budgetMb: 1000, write: () => undefined });
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    expect(log).toEqual(['start huge', 'end huge', 'start after', 'end after']);
  });
});
