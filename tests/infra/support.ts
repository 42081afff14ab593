/**
 * Builds the CDK app exactly as `cdk synth` does (defineSupportApp, cdk.json context) without
 * bundling, and reads what the tests need out of the synthesized template.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, NestedStack, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { defineSupportApp } from '../../infra/supportApp.ts';
import { manifest } from '../../shared/manifest.ts';
import type { Manifest } from '../../shared/manifest.ts';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');

export const cdkJsonContext = (JSON.parse(readFileSync(path.join(repoRoot, 'cdk.json'), 'utf8')) as { context: object })
  .context;

export interface SynthOptions {
  context?: Record<string, string>;
  manifest?: Manifest;
}

/** The app and stack, not yet synthesized. */
export function buildSupportApp(options: SynthOptions = {}) {
  const app = new App({
    // An empty bundling list skips esbuild for every stack: assets become placeholders.
    context: { ...cdkJsonContext, 'aws:cdk:bundling-stacks': [], ...options.context },
  });
  const stack = defineSupportApp(app, options.manifest);
  return { app, stack };
}

export function synthSupportApp(options: SynthOptions = {}) {
  const { app, stack } = buildSupportApp(options);
  // Synthesizes the app, which also runs the cdk-nag plugin: an unacknowledged finding throws here.
  const template = flattenedTemplate(stack);
  return { app, stack, template };
}

type Json = unknown;

/** Replaces every `{Ref: name}` and `{Fn::GetAtt: [id, attribute]}` for which `replace` has an answer. */
function substitute(value: Json, replace: (node: Record<string, Json>) => Json | undefined): Json {
  if (Array.isArray(value)) return value.map((item) => substitute(item, replace));
  if (value === null || typeof value !== 'object') return value;
  const replaced = replace(value as Record<string, Json>);
  if (replaced !== undefined) return replaced;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substitute(item, replace)]));
}

/**
 * The stack and its nested stacks (the functions, one per feature) as ONE template, the way the
 * deployment behaves: parameters a nested stack receives are replaced by what the parent passes,
 * and the parent's reads of nested outputs by the output's value. Tests then assert on one
 * template whatever stack a resource lives in. Logical IDs must not collide.
 */
export function flattenedTemplate(stack: Stack): Template {
  const parent = Template.fromStack(stack).toJSON() as { Resources: Record<string, any>; [key: string]: Json };
  const nestedStacks = stack.node.findAll().filter((node): node is NestedStack => node instanceof NestedStack);
  const resources: Record<string, any> = {};
  const outputsByNestedId = new Map<string, Record<string, { Value: Json }>>();
  const nestedTemplates: Array<{ parameters: Record<string, Json>; template: { Resources: Record<string, any>; Outputs?: Record<string, { Value: Json }> } }> = [];
  for (const nested of nestedStacks) {
    const resourceId = logicalId(nested.nestedStackResource!);
    const template = Template.fromStack(nested).toJSON() as { Resources: Record<string, any>; Outputs?: Record<string, { Value: Json }> };
    outputsByNestedId.set(resourceId, template.Outputs ?? {});
    nestedTemplates.push({ parameters: parent.Resources[resourceId].Properties.Parameters ?? {}, template });
  }
  const nestedOutput = (node: Record<string, Json>) => {
    const getAtt = node['Fn::GetAtt'];
    if (!Array.isArray(getAtt) || typeof getAtt[1] !== 'string' || !getAtt[1].startsWith('Outputs.')) return undefined;
    return outputsByNestedId.get(getAtt[0] as string)?.[getAtt[1].slice('Outputs.'.length)]?.Value;
  };
  for (const { parameters, template } of nestedTemplates) {
    const withParameters = substitute(template.Resources, (node) =>
      typeof node.Ref === 'string' && node.Ref in parameters ? substitute(parameters[node.Ref], nestedOutput) : undefined,
    ) as Record<string, any>;
    for (const [id, resource] of Object.entries(withParameters)) {
      if (id in resources || id in parent.Resources) throw new Error(`logical ID ${id} appears in two stacks`);
      resources[id] = resource;
    }
  }
  for (const [id, resource] of Object.entries(parent.Resources)) {
    if (resource.Type !== 'AWS::CloudFormation::Stack') resources[id] = substitute(resource, nestedOutput);
  }
  return Template.fromJSON({ ...parent, Resources: resources, Outputs: substitute(parent.Outputs ?? {}, nestedOutput) });
}

const fixtureHandler = 'tests/infra/fixtures/noopConsumer.ts';

/** The real routes, plus routes with bucket access and one consumer of each kind. */
export const manifestWithConsumers: Manifest = {
  routes: [
    ...manifest.routes,
    {
      method: 'GET',
      path: '/v1/test/downloads/{id}',
      handler: fixtureHandler,
      auth: 'customer-or-guest',
      access: { table: 'read', buckets: { downloads: 'read' } },
      summary: 'test route that reads downloads',
      tag: 'Test',
      response: { status: 200 },
    },
    {
      method: 'PUT',
      path: '/v1/test/attachments',
      handler: fixtureHandler,
      auth: 'customer',
      access: { buckets: { attachments: 'write' } },
      summary: 'test route that writes attachments',
      tag: 'Test',
      response: { status: 204 },
    },
  ],
  streamConsumers: [
    {
      name: 'notifyReplies',
      handler: fixtureHandler,
      access: { table: 'read', sendEmail: true },
      batchSize: 25,
      maxRetries: 3,
    },
  ],
  bucketEventConsumers: [
    {
      name: 'verifyAttachment',
      handler: fixtureHandler,
      bucket: 'attachments',
      prefix: 'pending/',
      access: { table: 'read-write', buckets: { attachments: 'read-write' } },
    },
  ],
  scheduledJobs: [{ name: 'probeServers', handler: fixtureHandler, everyMinutes: 5, access: { table: 'read-write' } }],
};

export const logicalId = (element: IConstruct): string => {
  const cfn = (element.node.defaultChild ?? element) as CfnElement;
  return Stack.of(element).resolve(cfn.logicalId) as string;
};

export interface Statement {
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

export const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Every statement of every inline policy attached to the role. */
export function statementsOfRole(template: Template, roleLogicalId: string): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) =>
      (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleLogicalId),
    )
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
}

export function templateResource(template: Template, id: string): { Type: string; Properties: any } {
  const resource = template.toJSON().Resources[id];
  if (!resource) throw new Error(`no resource ${id} in the template`);
  return resource;
}

