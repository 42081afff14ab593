import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { manifest as supportManifest } from '../../shared/manifest.ts';
import { cdkJsonContext, repoRoot } from './support.ts';

const outdirs: string[] = [];

/** Runs infra/app.ts the way the CDK CLI does (context and output directory in the environment). */
function runApp(context: Record<string, unknown>) {
  const outdir = mkdtempSync(path.join(tmpdir(), 'support-desk-app-'));
  outdirs.push(outdir);
  // No AWS_* variables at all: synthesis must need neither credentials nor a region.
  const environment = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'infra/app.ts'], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: {
      ...environment,
      CDK_OUTDIR: outdir,
      CDK_CONTEXT_JSON: JSON.stringify({ ...cdkJsonContext, 'aws:cdk:bundling-stacks': [], ...context }),
    },
  });
  return { ...result, outdir };
}

afterAll(() => {
  for (const outdir of outdirs) rmSync(outdir, { recursive: true, force: true });
});

describe('infra/app.ts (what cdk synth runs)', () => {
  it('synthesizes one environment-agnostic stack per stage, offline and without credentials', () => {
    const run = runApp({ stage: 'ci', portalUrl: 'https://portal.example.org', ticketNumberMask: 'T-%y-%n%n%n%n%n', autoCloseHours: '48' });
    expect(run.stderr).not.toMatch(/AwsSolutions-/);
    expect(run.status).toBe(0);

    const manifest = JSON.parse(readFileSync(path.join(run.outdir, 'manifest.json'), 'utf8')) as {
      artifacts: Record<string, { type: string; environment?: string }>;
    };
    const stacks = Object.entries(manifest.artifacts).filter(([, artifact]) => artifact.type === 'aws:cloudformation:stack');
    expect(stacks.map(([name]) => name)).toEqual(['support-desk-ci']);
    expect(stacks[0]![1].environment).toBe('aws://unknown-account/unknown-region');

    // The functions live in nested stacks, one template file each beside the stack's own.
    const templates = readdirSync(run.outdir)
      .filter((file) => file.startsWith('supportdeskci') || file === 'support-desk-ci.template.json')
      .filter((file) => file.endsWith('.template.json'))
      .map((file) => JSON.parse(readFileSync(path.join(run.outdir, file), 'utf8')) as { Resources: Record<string, { Type: string; Properties: any }> });
    expect(templates.length).toBeGreaterThan(1);
    const functions = templates
      .flatMap((template) => Object.values(template.Resources))
      // CDK's inline custom-resource handler (bucket notifications) is not one of ours.
      .filter((resource) => resource.Type === 'AWS::Lambda::Function' && resource.Properties.Code?.ZipFile === undefined);
    expect(functions).toHaveLength(
      supportManifest.routes.length +
        supportManifest.streamConsumers.length +
        supportManifest.bucketEventConsumers.length +
        supportManifest.scheduledJobs.length,
    );
    expect(functions.length).toBeGreaterThan(0);
    for (const fn of functions) {
      expect(fn.Properties.Environment.Variables.PORTAL_URL).toBe('https://portal.example.org');
      expect(fn.Properties.Environment.Variables.TICKET_NUMBER_MASK).toBe('T-%y-%n%n%n%n%n');
      expect(fn.Properties.Environment.Variables.AUTO_CLOSE_HOURS).toBe('48');
    }
  });

  it.each([
    [{ ticketNumberMask: '%n%n' }, 'context ticketNumberMask: Use %n, %A'],
    [{ ticketNumberMask: '%n%n%n%n/x' }, 'context ticketNumberMask: Use %n, %A'],
    [{ autoCloseHours: '-1' }, 'context autoCloseHours:'],
    [{ openTicketLimitPerGuestIpHour: '0' }, 'context openTicketLimitPerGuestIpHour:'],
    [{ attachmentTypes: 'image/svg+xml' }, 'context attachmentTypes:'],
  ])('fails the synth on a function setting the functions would refuse (%o)', (context, message) => {
    const run = runApp(context);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(message);
  });

  it('fails the synth, naming the problem, when the context is wrong', () => {
    const run = runApp({ issuer: 'https://login.example.com' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('issuer and audience go together');
  });
});
