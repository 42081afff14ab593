import { Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildSupportApp, manifestWithConsumers, synthSupportApp } from './support.ts';
import type { SynthOptions } from './support.ts';

const variants: [string, SynthOptions][] = [
  ['the real manifest with Cognito', {}],
  ['a manifest with every kind of consumer', { manifest: manifestWithConsumers }],
  ['an external issuer', { context: { issuer: 'https://login.example.com', audience: 'support-api' } }],
];

const findings = (scope: IConstruct) => new AwsSolutionsChecks().validateScope(scope).violations;

interface Acknowledgement {
  path: string;
  id: string;
  reason: string;
}

function acknowledgementsIn(scope: IConstruct): Acknowledgement[] {
  return scope.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          // CDK records ids without a known plugin prefix as `Annotation::<id>`; cdk-nag reads them so.
          id: id.replace(/^Annotation::/, ''),
          reason,
        })),
      ),
  );
}

const ruleOf = (id: string) => id.replace(/\[.*$/, '');

describe.each(variants)('cdk-nag AwsSolutions on %s', (_name, options) => {
  const { stack } = synthSupportApp(options);

  it('reports no error', () => {
    expect(findings(stack).filter((finding) => finding.severity === 'error')).toEqual([]);
  });

  it('reports no warning', () => {
    expect(findings(stack).filter((finding) => finding.severity === 'warning')).toEqual([]);
  });

  it('has a written reason for every acknowledged finding', () => {
    const acknowledgements = acknowledgementsIn(stack);
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const acknowledgement of acknowledgements) {
      expect(acknowledgement.id).toMatch(/^AwsSolutions-/);
      expect(acknowledgement.reason.length, `${acknowledgement.id} at ${acknowledgement.path}`).toBeGreaterThan(40);
    }
  });
});

describe('cdk-nag acknowledgements', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('silence only these rules; a new kind of exception must be reviewed here', () => {
    const rules = new Set(acknowledgementsIn(buildSupportApp({ manifest: manifestWithConsumers }).stack).map((a) => ruleOf(a.id)));
    expect([...rules].sort()).toEqual([
      'AwsSolutions-APIG4', // public and guest routes (reason per route)
      'AwsSolutions-COG2', // MFA optional, not required
      'AwsSolutions-COG8', // Essentials, not Plus feature plan
      'AwsSolutions-IAM4', // CDK's own bucket-notifications custom resource
      'AwsSolutions-IAM5', // table indexes, bucket objects, CDK grant action groups, ListStreams
      'AwsSolutions-SQS3', // the dead-letter queue has no dead-letter queue
    ]);
  });

  it('each silence a finding that really occurs (none is stale)', () => {
    const acknowledged = acknowledgementsIn(buildSupportApp({ manifest: manifestWithConsumers }).stack);

    vi.spyOn(Validations.prototype, 'acknowledge').mockImplementation(() => {});
    const { app, stack: unacknowledged } = buildSupportApp({ manifest: manifestWithConsumers });
    expect(acknowledgementsIn(unacknowledged)).toEqual([]);
    // Synthesis resolves the references into the nested function stacks (`<referenceto…Arn>`),
    // which is how acknowledgements spell them; it fails here on purpose, every finding unacknowledged.
    expect(() => app.synth()).toThrow();
    const found = new Set(findings(unacknowledged).map((finding) => finding.ruleName));

    for (const acknowledgement of acknowledged) {
      expect(found, `${acknowledgement.id} at ${acknowledgement.path}`).toContain(acknowledgement.id);
    }
  });

  it('are not blanket: an unacknowledged resource added to the stack fails the synth', () => {
    const { app, stack } = buildSupportApp();
    new s3.Bucket(stack, 'CarelessBucket');
    expect(findings(stack).map((finding) => finding.ruleName)).toEqual(
      expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']),
    );
    expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
  });
});
