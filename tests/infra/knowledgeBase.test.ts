/** Announcements and knowledge base in the CDK stack: the index-rebuild stream consumer, its grants, the routes. */
import { describe, expect, it } from 'vitest';
import { ENV } from '../../shared/environmentNames.ts';
import { manifest } from '../../shared/manifest.ts';
import { asArray, logicalId, statementsOfRole, synthSupportApp, templateResource } from './support.ts';

const { stack, template } = synthSupportApp();
const consumer = manifest.streamConsumers.find((entry) => entry.name === 'kb-search-index')!;
const rebuild = stack.functions.get('stream kb-search-index')!;
const rebuildId = logicalId(rebuild.function);
const tableId = logicalId(stack.node.findChild('Table'));

const actionsOf = (key: string) => {
  const backendFunction = stack.functions.get(key)!;
  return statementsOfRole(template, logicalId(backendFunction.role)).flatMap((statement) => asArray(statement.Action));
};

describe('search index rebuild', () => {
  it('is fed by the table stream in batches of 100, 3 retries, partial batch failures reported', () => {
    expect(consumer).toMatchObject({ handler: 'functions/streams/rebuildSearchIndex.ts', batchSize: 100, maxRetries: 3 });
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')).filter(
      (mapping) => mapping.Properties.FunctionName?.Ref === rebuildId,
    );
    expect(mappings).toHaveLength(1);
    expect(mappings[0]!.Properties).toMatchObject({
      BatchSize: 100,
      MaximumRetryAttempts: 3,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      StartingPosition: 'LATEST',
    });
    expect(mappings[0]!.Properties.EventSourceArn).toEqual({ 'Fn::GetAtt': [tableId, 'StreamArn'] });
  });

  it('may read and write the table (articles in, index chunks out) and nothing else', () => {
    const environment = templateResource(template, rebuildId).Properties.Environment.Variables;
    expect(environment[ENV.tableName]).toEqual({ Ref: tableId });
    expect(environment).not.toHaveProperty(ENV.attachmentsBucket);
    const actions = actionsOf('stream kb-search-index');
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:BatchWriteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']));
    expect(actions.some((action) => action.startsWith('s3:') || action.startsWith('ses:'))).toBe(false);
  });
});

describe('announcement and knowledge-base routes', () => {
  it('lets customer search read the table but not write it', () => {
    const actions = actionsOf('GET /v1/kb/search');
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
    expect(actions).not.toContain('dynamodb:PutItem');
    expect(actions).not.toContain('dynamodb:UpdateItem');
  });

  it('serves customer routes without the JWT authorizer and staff routes behind it', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'));
    const byKey = (key: string) => routes.find((route) => route.Properties.RouteKey === key)!.Properties;
    for (const key of ['GET /v1/announcements', 'GET /v1/announcements/rss', 'GET /v1/kb/search', 'GET /v1/kb/suggestions', 'POST /v1/kb/articles/{slug}/vote']) {
      expect(byKey(key).AuthorizationType).toBe('NONE');
    }
    for (const key of ['POST /v1/staff/announcements', 'PATCH /v1/staff/kb/articles/{id}', 'POST /v1/staff/kb/search-index/rebuild']) {
      expect(byKey(key).AuthorizationType).toBe('JWT');
    }
  });
});
