import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * One large child process at a time across the workers of one jest run: a synth of every stack (about 250 MB with
 * its esbuild service), the cdktf CLI, ESLint, or a script bundled by run-ts. Two such children beside two busy
 * workers would pass npm test's 1 GB budget (scripts/test.cjs). A worker that finds the slot taken waits; what the
 * test runs and checks is unchanged.
 *
 * The slot is a lock file named after the jest process that started the workers (their parent), holding the pid of
 * the worker in it; a lock whose holder is no longer alive is taken over, so a crashed worker cannot block the run.
 */
export const CHILD_SLOT_LOCK = join(tmpdir(), `vaultplat-child-slot-${process.ppid}.lock`);
const WAIT = new Int32Array(new SharedArrayBuffer(4));

/** The pid in the lock file; undefined when the lock was released meanwhile or is still being written. */
function holderPid(lock: string): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(lock, 'utf8'));
  } catch {
    return undefined;
  }
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `run` (which starts a large child process and waits for it) while holding the slot.
 * @param lock the slot's lock file (a test of this helper uses its own)
 */
export function withChildSlot<T>(run: () => T, lock: string = CHILD_SLOT_LOCK): T {
  for (;;) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = holderPid(lock);
      if (holder !== undefined && !alive(holder)) {
        // Take over a dead worker's slot, unless another waiter already did.
        if (holderPid(lock) === holder) rmSync(lock, { force: true });
      } else Atomics.wait(WAIT, 0, 0, 100);
    }
  }
  try {
    return run();
  } finally {
    rmSync(lock, { force: true });
  }
}
