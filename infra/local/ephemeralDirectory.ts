/**
 * Scratch space for the S3 emulator in ephemeral mode, in shared memory (/dev/shm) where the
 * machine has it. A local cloud killed with SIGKILL cannot remove its own directory, so each
 * directory carries its owner's pid, and every start removes those whose owner is gone.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PREFIX = 'support-desk-s3-';

export const scratchRoot = () => (existsSync('/dev/shm') ? '/dev/shm' : tmpdir());

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes scratch directories left by local clouds that no longer run; returns their names. */
export function removeOrphanedScratch(root = scratchRoot()): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(root)) {
    const owner = new RegExp(`^${PREFIX}(\\d+)-`).exec(name)?.[1];
    if (owner === undefined || isAlive(Number(owner))) continue;
    rmSync(join(root, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

export function createScratchDirectory(root = scratchRoot()): string {
  removeOrphanedScratch(root);
  return mkdtempSync(join(root, `${PREFIX}${process.pid}-`));
}
