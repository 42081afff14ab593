import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Template } from 'aws-cdk-lib/assertions';
import { defineSupportApp } from './supportApp.ts';
import { manifest } from '../shared/manifest.ts';
const disable = process.argv[2] === 'noack';
if (disable) (Validations.prototype as any).acknowledge = function () {};
const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
const h = 'functions/http/health.ts';
const stack = defineSupportApp(app, { ...manifest, streamConsumers: [{ name: 'notifyReplies', handler: h, access: { table: 'read', sendEmail: true }, batchSize: 10, maxRetries: 3 }],
  bucketEventConsumers: [{ name: 'verifyAttachment', handler: h, bucket: 'attachments', prefix: 'pending/', access: { buckets: { attachments: 'read-write' }, table: 'read-write' } }],
  scheduledJobs: [{ name: 'probeServers', handler: h, everyMinutes: 5, access: { table: 'read-write' } }] });
const r = new AwsSolutionsChecks(undefined, {}).validateScope(stack);
for (const v of r.violations) console.log(v.severity, v.ruleName, v.violatingResources.map((x) => x.constructPath).slice(0, 3));
if (!disable) console.log(JSON.stringify(Template.fromStack(stack).toJSON(), null, 1));
