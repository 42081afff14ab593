/** Ticket notifications and auto-close in the CDK stack: the stream mapping, the SES grant, the schedule. */
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { ENV } from '../../shared/environmentNames.ts';
import { manifest } from '../../shared/manifest.ts';
import { asArray, logicalId, statementsOfRole, synthSupportApp, templateResource } from './support.ts';

const { stack, template } = synthSupportApp();
const consumer = manifest.streamConsumers.find((entry) => entry.name === 'ticket-notifications')!;
const notifier = stack.functions.get('stream ticket-notifications')!;
const notifierId = logicalId(notifier.function);
const autoClose = stack.functions.get('schedule auto-close')!;
const autoCloseId = logicalId(autoClose.function);
const tableId = logicalId(stack.node.findChild('Table'));
const deadLetterQueueArn = { 'Fn::GetAtt': [logicalId(stack.deadLetterQueue!), 'Arn'] };

const sesActionsOf = (role: IConstruct) =>
  statementsOfRole(template, logicalId(role))
    .flatMap((statement) => asArray(statement.Action))
    .filter((action) => action.startsWith('ses:'));

describe('ticket notifications stream consumer', () => {
  it('reads the table stream with partial batch failures, bisection, finite retries and an on-failure destination', () => {
    expect(consumer).toMatchObject({ handler: 'functions/streams/ticketNotifications.ts', access: { table: 'read-write', sendEmail: true } });
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')).filter(
      (mapping) => mapping.Properties.FunctionName?.Ref === notifierId,
    );
    expect(mappings).toHaveLength(1);
    expect(mappings[0]!.Properties).toEqual(
      expect.objectContaining({
        EventSourceArn: { 'Fn::GetAtt': [tableId, 'StreamArn'] },
        StartingPosition: 'LATEST',
        BatchSize: consumer.batchSize,
        MaximumRetryAttempts: consumer.maxRetries,
        BisectBatchOnFunctionError: true,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        DestinationConfig: { OnFailure: { Destination: deadLetterQueueArn } },
      }),
    );
    expect(consumer.maxRetries).toBeGreaterThan(0);
    expect(templateResource(template, notifierId).Properties.Timeout).toBe(consumer.timeoutSeconds);
  });

  it('may send e-mail only as the configured sender, and gets the sender, the table and the portal URL', () => {
    const environment = templateResource(template, notifierId).Properties.Environment.Variables;
    expect(environment[ENV.tableName]).toEqual({ Ref: tableId });
    expect(environment[ENV.mailFrom]).toEqual(expect.any(String));
    expect(environment[ENV.portalUrl]).toEqual(expect.any(String));

    const sesStatements = statementsOfRole(template, logicalId(notifier.role)).filter((statement) =>
      asArray(statement.Action).some((action) => action.startsWith('ses:')),
    );
    expect(sesStatements).toHaveLength(1);
    expect(asArray(sesStatements[0]!.Action).sort()).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
    expect(sesStatements[0]!.Condition).toEqual({ StringEquals: { 'ses:FromAddress': environment[ENV.mailFrom] } });
    expect(JSON.stringify(sesStatements[0]!.Resource)).not.toContain('"*"');
  });

  it('is the only function of the stack that may send e-mail', () => {
    const senders = [...stack.functions.entries()].filter(([, backendFunction]) => sesActionsOf(backendFunction.role).length > 0).map(([key]) => key);
    expect(senders).toEqual(['stream ticket-notifications']);
    const withSender = [...stack.functions.entries()]
      .filter(([, backendFunction]) => ENV.mailFrom in (templateResource(template, logicalId(backendFunction.function)).Properties.Environment?.Variables ?? {}))
      .map(([key]) => key);
    expect(withSender).toEqual(['stream ticket-notifications']);
  });
});

describe('auto-close job', () => {
  it('runs every 15 minutes from an EventBridge rule, with retries and the dead-letter queue', () => {
    const rules = Object.values(template.findResources('AWS::Events::Rule')).filter((rule) =>
      (rule.Properties.Targets as Array<{ Arn: unknown }>).some(
        (target) => JSON.stringify(target.Arn) === JSON.stringify({ 'Fn::GetAtt': [autoCloseId, 'Arn'] }),
      ),
    );
    expect(rules).toHaveLength(1);
    expect(rules[0]!.Properties).toMatchObject({ ScheduleExpression: 'rate(15 minutes)', State: 'ENABLED' });
    expect(rules[0]!.Properties.Targets[0]).toMatchObject({ DeadLetterConfig: { Arn: deadLetterQueueArn }, RetryPolicy: { MaximumRetryAttempts: 2 } });
  });

  it('may read and write the table but not send e-mail (the stream consumer tells the customer)', () => {
    const environment = templateResource(template, autoCloseId).Properties.Environment.Variables;
    expect(environment[ENV.tableName]).toEqual({ Ref: tableId });
    expect(environment).not.toHaveProperty(ENV.mailFrom);
    const actions = statementsOfRole(template, logicalId(autoClose.role)).flatMap((statement) => asArray(statement.Action));
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:UpdateItem']));
    expect(actions.some((action) => action.startsWith('ses:') || action.startsWith('s3:'))).toBe(false);
  });
});
