import { App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { defineSupportApp } from './supportApp.ts';
const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
const stack = defineSupportApp(app);
const r = new AwsSolutionsChecks(undefined, {}).validateScope(stack);
for (const v of r.violations) console.log(v.severity, v.ruleName, v.violatingResources.map((x) => x.constructPath).slice(0, 4));
