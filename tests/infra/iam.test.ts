import { describe, expect, it } from 'vitest';
import { routeKey } from '../../shared/manifest.ts';
import type { ResourceAccess } from '../../shared/manifest.ts';
import { asArray, logicalId, manifestWithConsumers, statementsOfRole, synthSupportApp, templateResource } from './support.ts';
import type { Statement } from './support.ts';

const { stack, template } = synthSupportApp({ manifest: manifestWithConsumers });

const tableId = logicalId(stack.node.findChild('Table'));
const bucketIds = {
  attachments: logicalId(stack.node.findChild('Files').node.findChild('Attachments')),
  downloads: logicalId(stack.node.findChild('Files').node.findChild('Downloads')),
};

const tableWriteActions = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
/** What the stream event source mapping needs, whatever the consumer declares. */
const streamReadActions = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'];
const objectWriteActions = ['s3:PutObject'];
const objectDeleteActions = ['s3:DeleteObject*'];
const objectReadActions = ['s3:GetObject*'];

type Kind = 'route' | 'stream' | 'bucket' | 'schedule';
const entries: [string, Kind, ResourceAccess][] = [
  ...manifestWithConsumers.routes.map((r) => [routeKey(r), 'route', r.access] as [string, Kind, ResourceAccess]),
  ...manifestWithConsumers.streamConsumers.map((c) => [`stream ${c.name}`, 'stream', c.access] as [string, Kind, ResourceAccess]),
  ...manifestWithConsumers.bucketEventConsumers.map((c) => [`bucket ${c.name}`, 'bucket', c.access] as [string, Kind, ResourceAccess]),
  ...manifestWithConsumers.scheduledJobs.map((j) => [`schedule ${j.name}`, 'schedule', j.access] as [string, Kind, ResourceAccess]),
];

const statementsOf = (key: string): Statement[] => {
  const backendFunction = stack.functions.get(key)!;
  return statementsOfRole(template, logicalId(backendFunction.role));
};
const actionsOf = (statements: Statement[]) => statements.flatMap((statement) => asArray(statement.Action));
const referencedIds = (statement: Statement): string[] =>
  [...JSON.stringify(statement.Resource).matchAll(/"Fn::GetAtt":\["(\w+)"|"Ref":"(\w+)"/g)]
    .map((match) => (match[1] ?? match[2]) as string)
    .filter((id) => !id.startsWith('AWS::'));

describe('IAM: one role per function, least privilege', () => {
  it('gives every function a role of its own, with no managed policies and no inline role policies', () => {
    const roleIds = [...stack.functions.values()].map((backendFunction) => {
      const properties = templateResource(template, logicalId(backendFunction.function)).Properties;
      return properties.Role['Fn::GetAtt'][0] as string;
    });
    expect(new Set(roleIds).size).toBe(stack.functions.size);
    for (const roleId of roleIds) {
      const role = templateResource(template, roleId).Properties;
      expect(role.ManagedPolicyArns).toBeUndefined();
      expect(role.Policies).toBeUndefined();
      expect(role.AssumeRolePolicyDocument.Statement).toEqual([
        expect.objectContaining({ Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }),
      ]);
    }
  });

  it.each(entries)('%s (%s) may write logs only to its own log group', (key) => {
    const backendFunction = stack.functions.get(key)!;
    const logStatements = statementsOf(key).filter((s) => actionsOf([s]).some((a) => a.startsWith('logs:')));
    expect(actionsOf(logStatements).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    for (const statement of logStatements) {
      expect(statement.Resource).toEqual({ 'Fn::GetAtt': [logicalId(backendFunction.logGroup), 'Arn'] });
    }
  });

  it.each(entries)('%s (%s) holds only the services its access declares', (key, kind, access) => {
    const services = new Set(actionsOf(statementsOf(key)).map((action) => action.split(':')[0]));
    const expected = new Set(['logs']);
    if (access.table || kind === 'stream') expected.add('dynamodb');
    if (Object.keys(access.buckets ?? {}).length > 0) expected.add('s3');
    if (access.sendEmail) expected.add('ses');
    if (kind !== 'route') expected.add('sqs'); // failures go to the dead-letter queue
    expect([...services].sort()).toEqual([...expected].sort());
  });

  it.each(entries)('%s (%s) touches the table as declared: nothing, read only, or read-write', (key, kind, access) => {
    const dynamoActions = actionsOf(statementsOf(key)).filter((action) => action.startsWith('dynamodb:'));
    if (!access.table) {
      expect(dynamoActions.filter((action) => !streamReadActions.includes(action))).toEqual([]);
      if (kind !== 'stream') expect(dynamoActions).toEqual([]);
    } else if (access.table === 'read') {
      expect(dynamoActions).toContain('dynamodb:Query');
      expect(dynamoActions).not.toContain('dynamodb:Scan');
      expect(dynamoActions.filter((action) => tableWriteActions.includes(action))).toEqual([]);
    } else {
      expect(dynamoActions).toEqual(expect.arrayContaining(tableWriteActions));
      expect(dynamoActions).not.toContain('dynamodb:Scan');
    }
    // Only stream consumers may read the stream; every other function reads the table alone.
    if (kind !== 'stream') expect(dynamoActions.filter((action) => streamReadActions.includes(action))).toEqual([]);
    for (const statement of statementsOf(key).filter((s) => actionsOf([s]).some((a) => a.startsWith('dynamodb:')))) {
      if (statement.Resource === '*') continue; // ListStreams, checked below
      expect(new Set(referencedIds(statement))).toEqual(new Set([tableId]));
    }
  });

  it.each(entries)('%s (%s) touches only the buckets it declares, at the declared level', (key, _kind, access) => {
    const s3Statements = statementsOf(key).filter((s) => actionsOf([s]).some((a) => a.startsWith('s3:')));
    const declared = access.buckets ?? {};
    const touched = new Set(s3Statements.flatMap(referencedIds));
    expect(touched).toEqual(new Set(Object.keys(declared).map((name) => bucketIds[name as keyof typeof bucketIds])));

    for (const [name, access] of Object.entries(declared)) {
      const actions = actionsOf(s3Statements.filter((s) => referencedIds(s).includes(bucketIds[name as keyof typeof bucketIds])));
      const has = (list: string[]) => list.every((action) => actions.includes(action));
      // A whole-bucket level, or levels per key prefix (prefix scoping: tests/infra/files.test.ts).
      const levels = typeof access === 'string' ? [access] : Object.values(access);
      expect(has(objectReadActions)).toBe(levels.some((level) => level !== 'write'));
      expect(has(objectWriteActions)).toBe(levels.some((level) => level !== 'read'));
      expect(has(objectDeleteActions)).toBe(levels.includes('read-write'));
    }
  });

  it('lets only a sendEmail function send mail, and only as the configured sender identity', () => {
    for (const [key, , access] of entries) {
      const sesStatements = statementsOf(key).filter((s) => actionsOf([s]).some((a) => a.startsWith('ses:')));
      if (!access.sendEmail) {
        expect(sesStatements).toEqual([]);
        continue;
      }
      expect(sesStatements).toHaveLength(1);
      const [statement] = sesStatements as [Statement];
      expect(asArray(statement.Action).sort()).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
      const identities = asArray(statement.Resource).map((resource) => JSON.stringify(resource));
      expect(identities).toHaveLength(2);
      expect(identities.some((arn) => arn.endsWith(':identity/support@example.com"]]}'))).toBe(true);
      expect(identities.some((arn) => arn.endsWith(':identity/example.com"]]}'))).toBe(true);
      expect(statement.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'support@example.com' } });
    }
  });

  it('has no policy in the stack allowing Action "*" or a whole service; Resource "*" only for dynamodb:ListStreams', () => {
    const allowedOnAnyResource = ['dynamodb:ListStreams']; // has no resource-level permissions
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement as Statement[],
    );
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements.filter((s) => s.Effect === 'Allow')) {
      for (const action of asArray(statement.Action)) {
        expect(action).not.toBe('*');
        expect(action).not.toMatch(/^[a-z0-9-]+:\*$/);
      }
      if (asArray(statement.Resource).includes('*')) {
        expect(asArray(statement.Resource)).toEqual(['*']);
        expect(asArray(statement.Action).every((action) => allowedOnAnyResource.includes(action))).toBe(true);
      }
    }
  });
});
