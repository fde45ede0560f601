import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withChildSlot } from './child-slot';

describe('withChildSlot', () => {
  // A lock of its own, so these cases never hold up the real slot of the workers running beside them.
  let dir: string;
  let lock: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'child-slot-'));
    lock = join(dir, 'slot.lock');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the function, returns its value and releases the slot', () => {
    expect(withChildSlot(() => (existsSync(lock) ? 'held' : 'free'), lock)).toBe('held');
    expect(existsSync(lock)).toBe(false);
  });

  it('releases the slot when the function throws', () => {
    expect(() =>
      withChildSlot(() => {
        throw new Error('synth failed');
      }, lock),
    ).toThrow('synth failed');
    expect(existsSync(lock)).toBe(false);
  });

  it('takes over the slot of a worker that is no longer alive', () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(lock, String(dead));
    const started = Date.now();
    expect(withChildSlot(() => 'ran', lock)).toBe('ran');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('waits while a live process holds the slot', async () => {
    const script = `setTimeout(() => require('node:fs').rmSync(${JSON.stringify(lock)}), 400); setTimeout(() => {}, 600);`;
    const holder = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
    writeFileSync(lock, String(holder.pid));
    const exited = new Promise((resolve) => holder.on('exit', resolve));
    const started = Date.now();
    withChildSlot(() => undefined, lock);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    await exited;
  });
});
