import { describe, expect, it } from 'vitest';
import { functionDefaults, manifest } from '../../shared/manifest.ts';
import { logicalId, manifestWithConsumers, synthSupportApp, templateResource } from './support.ts';

const { stack, template } = synthSupportApp({ manifest: manifestWithConsumers });
const [streamConsumer] = manifestWithConsumers.streamConsumers;
const [bucketConsumer] = manifestWithConsumers.bucketEventConsumers;
const [job] = manifestWithConsumers.scheduledJobs;

const functionId = (key: string) => logicalId(stack.functions.get(key)!.function);
const tableId = logicalId(stack.node.findChild('Table'));
const deadLetterQueueArn = { 'Fn::GetAtt': [logicalId(stack.deadLetterQueue!), 'Arn'] };
const queuePolicyStatements = (): unknown[] =>
  Object.values(template.findResources('AWS::SQS::QueuePolicy')).flatMap(
    (policy) => policy.Properties.PolicyDocument.Statement,
  );

describe('consumers injected into the manifest', () => {
  it('have one encrypted, TLS-only dead-letter queue between them', () => {
    template.resourceCountIs('AWS::SQS::Queue', 1);
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1_209_600 });
    expect(queuePolicyStatements()).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 'sqs:*',
        Principal: { AWS: '*' },
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
  });

  it('a stream consumer reads the table stream in batches, reports item failures, bisects and dead-letters', () => {
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'));
    expect(mappings).toHaveLength(1);
    expect(mappings[0]!.Properties).toEqual(
      expect.objectContaining({
        FunctionName: { Ref: functionId(`stream ${streamConsumer!.name}`) },
        EventSourceArn: { 'Fn::GetAtt': [tableId, 'StreamArn'] },
        StartingPosition: 'LATEST',
        BatchSize: streamConsumer!.batchSize,
        MaximumRetryAttempts: streamConsumer!.maxRetries,
        BisectBatchOnFunctionError: true,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        DestinationConfig: { OnFailure: { Destination: deadLetterQueueArn } },
      }),
    );
  });

  it('a bucket consumer is notified of objects created under its prefix, and dead-letters failed invocations', () => {
    const attachmentsId = logicalId(stack.node.findChild('Files').node.findChild('Attachments'));
    const notifications = Object.values(template.findResources('Custom::S3BucketNotifications'));
    expect(notifications).toHaveLength(1);
    expect(notifications[0]!.Properties.BucketName).toEqual({ Ref: attachmentsId });
    expect(notifications[0]!.Properties.NotificationConfiguration).toEqual({
      LambdaFunctionConfigurations: [
        {
          Events: ['s3:ObjectCreated:*'],
          Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: bucketConsumer!.prefix }] } },
          LambdaFunctionArn: { 'Fn::GetAtt': [functionId(`bucket ${bucketConsumer!.name}`), 'Arn'] },
        },
      ],
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 's3.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [functionId(`bucket ${bucketConsumer!.name}`), 'Arn'] },
      SourceArn: { 'Fn::GetAtt': [attachmentsId, 'Arn'] },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: functionId(`bucket ${bucketConsumer!.name}`) },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: deadLetterQueueArn } },
    });
  });

  it('a scheduled job runs on its rate, with retries, a maximum event age and the dead-letter queue', () => {
    const rules = Object.values(template.findResources('AWS::Events::Rule'));
    expect(rules).toHaveLength(1);
    expect(rules[0]!.Properties.ScheduleExpression).toBe(`rate(${job!.everyMinutes} minutes)`);
    expect(rules[0]!.Properties.Targets).toEqual([
      expect.objectContaining({
        Arn: { 'Fn::GetAtt': [functionId(`schedule ${job!.name}`), 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: job!.everyMinutes * 60 },
        DeadLetterConfig: { Arn: deadLetterQueueArn },
      }),
    ]);
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: functionId(`schedule ${job!.name}`) },
      DestinationConfig: { OnFailure: { Destination: deadLetterQueueArn } },
    });
    // EventBridge may put undeliverable events on the queue, and only from this rule.
    const ruleArn = { 'Fn::GetAtt': [Object.keys(template.findResources('AWS::Events::Rule'))[0], 'Arn'] };
    expect(queuePolicyStatements()).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Condition: { ArnEquals: { 'aws:SourceArn': ruleArn } },
      }),
    );
  });

  it('functions without settings of their own get the shared defaults for their kind', () => {
    const consumer = templateResource(template, functionId(`stream ${streamConsumer!.name}`)).Properties;
    expect(consumer.Timeout).toBe(functionDefaults.eventTimeoutSeconds);
    expect(consumer.MemorySize).toBe(functionDefaults.memoryMb);
    const route = templateResource(template, functionId('GET /v1/health')).Properties;
    expect(route.Timeout).toBe(functionDefaults.httpTimeoutSeconds);
  });
});

describe('a manifest of HTTP routes only', () => {
  const real = synthSupportApp({
    manifest: { ...manifest, streamConsumers: [], bucketEventConsumers: [], scheduledJobs: [] },
  });

  it('creates no event source mapping, bucket notification, schedule or dead-letter queue', () => {
    real.template.resourceCountIs('AWS::Lambda::EventSourceMapping', 0);
    real.template.resourceCountIs('Custom::S3BucketNotifications', 0);
    real.template.resourceCountIs('AWS::Events::Rule', 0);
    real.template.resourceCountIs('AWS::SQS::Queue', 0);
    expect(real.stack.deadLetterQueue).toBeUndefined();
  });
});
