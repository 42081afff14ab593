/**
 * Attachments and downloads in the CDK stack: each bucket notifies its verifying function of
 * objects created under `pending/`, unverified uploads expire while verified files stay, browsers
 * may POST presigned forms, and every function of the feature may touch exactly the bucket and
 * key prefixes it needs, at the level it needs.
 *
 * The stack is synthesized from this feature's manifest entries alone: the whole manifest has
 * outgrown CloudFormation's 500-resource limit for a single stack (reported to the lead), and
 * what is asserted here is per function and per bucket anyway.
 */
import { describe, expect, it } from 'vitest';
import { ENV } from '../../shared/environmentNames.ts';
import { manifest, routeKey, type Manifest } from '../../shared/manifest.ts';
import { asArray, logicalId, statementsOfRole, synthSupportApp, templateResource, type Statement } from './support.ts';

const featureManifest: Manifest = {
  routes: manifest.routes.filter((route) => route.tag === 'Attachments' || route.tag === 'Downloads'),
  streamConsumers: manifest.streamConsumers.filter((consumer) => consumer.name === 'store-attachments'),
  bucketEventConsumers: manifest.bucketEventConsumers,
  scheduledJobs: [],
};

const { stack, template } = synthSupportApp({
  manifest: featureManifest,
  context: { allowedOrigins: 'https://panel.example.com' },
});
const files = stack.node.findChild('Files');
const bucketIds = {
  attachments: logicalId(files.node.findChild('Attachments')),
  downloads: logicalId(files.node.findChild('Downloads')),
};
const bucketNameOf = Object.fromEntries(Object.entries(bucketIds).map(([name, id]) => [id, name]));
const functionId = (key: string) => logicalId(stack.functions.get(key)!.function);

/**
 * Every S3 action a function holds on objects, as `<bucket>:<key pattern>` (e.g.
 * `attachments:pending/*`); bucket-level actions (List, GetBucket*) are left out.
 */
function objectGrants(key: string): Map<string, Set<string>> {
  const statements: Statement[] = statementsOfRole(template, logicalId(stack.functions.get(key)!.role));
  const grants = new Map<string, Set<string>>();
  for (const statement of statements) {
    const actions = asArray(statement.Action).filter((action) => action.startsWith('s3:'));
    for (const resource of asArray(statement.Resource) as Array<Record<string, any>>) {
      const joined = resource['Fn::Join']?.[1] as [{ 'Fn::GetAtt': [string, string] }, string] | undefined;
      if (!joined) continue; // the bucket itself
      const target = `${bucketNameOf[joined[0]['Fn::GetAtt'][0]]}:${joined[1].replace(/^\//, '')}`;
      for (const action of actions) grants.set(action, new Set([...(grants.get(action) ?? []), target]));
    }
  }
  return grants;
}

const targetsOf = (grants: Map<string, Set<string>>, action: string) => [...(grants.get(action) ?? [])].sort();

describe('bucket notifications', () => {
  const notifications = Object.values(template.findResources('Custom::S3BucketNotifications'));

  it.each([
    ['attachments', 'verify-attachment-upload'],
    ['downloads', 'verify-download-upload'],
  ] as const)('send ObjectCreated under pending/ of the %s bucket to %s, which S3 may invoke', (bucket, consumer) => {
    const notification = notifications.find((resource) => resource.Properties.BucketName.Ref === bucketIds[bucket]);
    expect(notification?.Properties.NotificationConfiguration).toEqual({
      LambdaFunctionConfigurations: [
        {
          Events: ['s3:ObjectCreated:*'],
          Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'pending/' }] } },
          LambdaFunctionArn: { 'Fn::GetAtt': [functionId(`bucket ${consumer}`), 'Arn'] },
        },
      ],
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 's3.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [functionId(`bucket ${consumer}`), 'Arn'] },
      SourceArn: { 'Fn::GetAtt': [bucketIds[bucket], 'Arn'] },
    });
  });

  it('give the downloads verifier time to copy large files', () => {
    expect(templateResource(template, functionId('bucket verify-download-upload')).Properties.Timeout).toBe(300);
  });

  it('feed the attachment store from the table stream, with partial batch failures and retries', () => {
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'));
    expect(mappings).toEqual([
      expect.objectContaining({
        Properties: expect.objectContaining({
          FunctionName: { Ref: functionId('stream store-attachments') },
          FunctionResponseTypes: ['ReportBatchItemFailures'],
          MaximumRetryAttempts: 5,
        }),
      }),
    ]);
  });
});

describe.each(['Attachments', 'Downloads'])('the %s bucket', (bucketId) => {
  const bucket = templateResource(template, logicalId(files.node.findChild(bucketId))).Properties;

  it('expires unverified uploads under pending/ and nothing else, so verified files under tickets/ and files/ stay', () => {
    const expiring = bucket.LifecycleConfiguration.Rules.filter((rule: { ExpirationInDays?: number }) => rule.ExpirationInDays !== undefined);
    expect(expiring).toEqual([expect.objectContaining({ Prefix: 'pending/', ExpirationInDays: 1, Status: 'Enabled' })]);
  });

  it('lets the portal POST presigned forms from the browser', () => {
    expect(bucket.CorsConfiguration.CorsRules).toEqual([
      expect.objectContaining({ AllowedOrigins: ['https://panel.example.com'], AllowedMethods: expect.arrayContaining(['POST', 'GET']) }),
    ]);
  });
});

describe('grants, per function, limited to bucket and key prefix', () => {
  it.each([
    // [function, objects it may read, write, delete]
    ['POST /v1/uploads', [], ['attachments:pending/*'], []],
    ['GET /v1/tickets/{number}/attachments/{attachmentId}', ['attachments:pending/*', 'attachments:tickets/*'], [], []],
    ['GET /v1/staff/tickets/{number}/attachments/{attachmentId}', ['attachments:pending/*', 'attachments:tickets/*'], [], []],
    ['POST /v1/downloads/{id}/link', ['downloads:files/*'], [], []],
    ['POST /v1/staff/downloads', [], ['downloads:pending/*'], []],
    ['PATCH /v1/staff/downloads/{id}', [], ['downloads:pending/*'], []],
    ['DELETE /v1/staff/downloads/{id}', ['downloads:files/*'], ['downloads:files/*'], ['downloads:files/*']],
    ['bucket verify-attachment-upload', ['attachments:pending/*'], ['attachments:pending/*'], ['attachments:pending/*']],
    ['bucket verify-download-upload', ['downloads:files/*', 'downloads:pending/*'], ['downloads:files/*', 'downloads:pending/*'], ['downloads:files/*', 'downloads:pending/*']],
    // Copies pending/ → tickets/ and deletes nothing: the lifecycle rule removes the original.
    ['stream store-attachments', ['attachments:pending/*'], ['attachments:tickets/*'], []],
  ])('%s may read %j, write %j, delete %j', (key, reads, writes, deletes) => {
    const grants = objectGrants(key);
    expect(targetsOf(grants, 's3:GetObject*')).toEqual(reads);
    expect(targetsOf(grants, 's3:PutObject')).toEqual(writes);
    expect(targetsOf(grants, 's3:DeleteObject*')).toEqual(deletes);
    // No grant anywhere covers every object of a bucket.
    for (const targets of grants.values()) for (const target of targets) expect(target).not.toMatch(/:\*$/);
  });

  it('gives the bucket names only to functions bound to the bucket, and no S3 right to the others', () => {
    for (const route of featureManifest.routes) {
      const key = routeKey(route);
      const environment = templateResource(template, functionId(key)).Properties.Environment.Variables;
      const buckets = Object.keys(route.access.buckets ?? {});
      expect(environment[ENV.attachmentsBucket] !== undefined, key).toBe(buckets.includes('attachments'));
      expect(environment[ENV.downloadsBucket] !== undefined, key).toBe(buckets.includes('downloads'));
      if (buckets.length === 0) expect(objectGrants(key).size, key).toBe(0);
    }
  });
});
