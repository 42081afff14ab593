import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createScratchDirectory, removeOrphanedScratch } from '../../infra/local/ephemeralDirectory.ts';

describe('ephemeral scratch directories', () => {
  it('removes directories of local clouds that no longer run, and keeps live ones', () => {
    const root = mkdtempSync(join(tmpdir(), 'scratch-test-'));
    const deadPid = spawnSync('true').pid!;
    mkdirSync(join(root, `support-desk-s3-${deadPid}-abc`));
    const mine = createScratchDirectory(root);
    mkdirSync(join(root, 'unrelated'));

    expect(existsSync(join(root, `support-desk-s3-${deadPid}-abc`))).toBe(false);
    expect(mine).toContain(`support-desk-s3-${process.pid}-`);
    expect(removeOrphanedScratch(root)).toEqual([]);
    expect(readdirSync(root).sort()).toEqual([mine.split('/').pop(), 'unrelated'].sort());
  });
});
