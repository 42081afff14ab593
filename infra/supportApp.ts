/**
 * What `cdk synth` builds: the stack for one stage, configured from context, checked by cdk-nag.
 * Kept apart from app.ts so the infra tests build exactly the same thing.
 */
import { Validations } from 'aws-cdk-lib';
import type { App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { Manifest } from '../shared/manifest.ts';
import { readSettings } from './settings.ts';
import { SupportStack } from './supportStack.ts';

export function defineSupportApp(app: App, manifest?: Manifest): SupportStack {
  const settings = readSettings(app);
  // Environment-agnostic (no env): synthesizes offline, without credentials or lookups.
  const stack = new SupportStack(app, `support-desk-${settings.stage}`, {
    ...settings,
    ...(manifest ? { manifest } : {}),
    description: `Technical support backend (${settings.stage})`,
  });
  // cdk-nag 3 runs as a CDK validation plugin: a finding that is neither fixed nor acknowledged
  // with a reason fails the synth. The acknowledgements are copied into the template metadata.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }));
  return stack;
}
