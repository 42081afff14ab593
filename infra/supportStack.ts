/**
 * The whole backend on AWS, built from the route manifest: a function per HTTP route, stream
 * consumer, bucket-event consumer and scheduled job, each bound to exactly the resources its
 * manifest entry declares. The local cloud (infra/local/) is built from the same manifest.
 */
import { CfnOutput, Duration, NestedStack, Stack, Tags, Validations } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ENV } from '../shared/environmentNames.ts';
import { manifest as defaultManifest, functionDefaults, routeKey } from '../shared/manifest.ts';
import type { Manifest, ResourceAccess } from '../shared/manifest.ts';
import { BackendFunction } from './constructs/backendFunction.ts';
import type { BackendResources } from './constructs/backendFunction.ts';
import { CustomerIdentity } from './constructs/customerIdentity.ts';
import { FileBuckets, createSupportTable } from './constructs/storage.ts';
import { SupportApi, gatewayVerifiesToken } from './constructs/supportApi.ts';
import type { ExternalIssuer, SupportSettings } from './settings.ts';

export interface SupportStackProps extends StackProps, SupportSettings {
  /** Tests inject manifests with extra consumers; deployments use the real one. */
  manifest?: Manifest;
}

// The local cloud applies the same defaults (shared/manifest.ts).
const httpDefaults = { timeoutSeconds: functionDefaults.httpTimeoutSeconds, memoryMb: functionDefaults.memoryMb };
const consumerDefaults = { timeoutSeconds: functionDefaults.eventTimeoutSeconds, memoryMb: functionDefaults.memoryMb };
/** Async invocations (S3 events, schedules) retried this often before they go to the DLQ. */
const asyncRetryAttempts = 2;

const pascalCase = (text: string): string =>
  text
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');

export class SupportStack extends Stack {
  /**
   * Every backend function, by what it serves: the route key (`GET /v1/health`) for routes,
   * `stream <name>`, `bucket <name>` or `schedule <name>` for consumers.
   */
  readonly functions = new Map<string, BackendFunction>();
  readonly api: SupportApi;
  readonly identity: CustomerIdentity | undefined;
  readonly deadLetterQueue: sqs.Queue | undefined;

  constructor(scope: Construct, id: string, props: SupportStackProps) {
    super(scope, id, props);
    const manifest = props.manifest ?? defaultManifest;
    Tags.of(this).add('project', 'support-desk');
    Tags.of(this).add('stage', props.stage);

    const table = createSupportTable(this, 'Table');
    const files = new FileBuckets(this, 'Files', { allowedOrigins: props.allowedOrigins });
    const resources: BackendResources = { table, buckets: files.buckets, mailFrom: props.mailFrom };

    let jwt: ExternalIssuer;
    if (props.externalIssuer) {
      this.identity = undefined;
      jwt = props.externalIssuer;
    } else {
      this.identity = new CustomerIdentity(this, 'Identity');
      jwt = this.identity.jwt;
    }

    this.api = new SupportApi(this, 'Api', {
      jwt,
      allowedOrigins: props.allowedOrigins,
      methods: manifest.routes.map((route) => route.method),
    });

    // CloudFormation allows 500 resources per stack and each function brings four (function, role,
    // policy, log group): the functions live in one nested stack per feature (routes by their tag,
    // event consumers and jobs together), the shared resources and the API in this stack.
    const nestedStacks = new Map<string, NestedStack>();
    const functionsOf = (group: string): NestedStack => {
      let nested = nestedStacks.get(group);
      if (!nested) {
        nested = new NestedStack(this, `${pascalCase(group)}Functions`, { description: `support-desk functions: ${group}` });
        nestedStacks.set(group, nested);
      }
      return nested;
    };

    const createFunction = (
      group: string,
      key: string,
      constructId: string,
      entry: { handler: string; access: ResourceAccess; timeoutSeconds?: number; memoryMb?: number },
      defaults: { timeoutSeconds: number; memoryMb: number },
      environment: Record<string, string>,
    ): BackendFunction => {
      const backendFunction = new BackendFunction(functionsOf(group), constructId, {
        handler: entry.handler,
        access: entry.access,
        resources,
        environment: { [ENV.portalUrl]: props.portalUrl, ...props.functionEnvironment, ...environment },
        timeout: Duration.seconds(entry.timeoutSeconds ?? defaults.timeoutSeconds),
        memorySize: entry.memoryMb ?? defaults.memoryMb,
        description: key,
      });
      this.functions.set(key, backendFunction);
      return backendFunction;
    };

    for (const route of manifest.routes) {
      const key = routeKey(route);
      // Routes API Gateway lets through without a token verify an optional one themselves.
      const jwtEnvironment: Record<string, string> = gatewayVerifiesToken(route.auth)
        ? {}
        : { [ENV.jwtIssuer]: jwt.issuer, [ENV.jwtAudience]: jwt.audience, [ENV.jwksUrl]: jwt.jwksUrl };
      const backendFunction = createFunction(route.tag, key, pascalCase(key), route, httpDefaults, jwtEnvironment);
      this.api.addRoute(route, backendFunction.function);
    }

    // Created with the first consumer: a stack of HTTP routes only has nothing to dead-letter.
    let deadLetterQueue: sqs.Queue | undefined;
    const sharedDeadLetterQueue = () => (deadLetterQueue ??= this.createDeadLetterQueue());

    for (const consumer of manifest.streamConsumers) {
      const key = `stream ${consumer.name}`;
      const backendFunction = createFunction('Events', key, `Stream${pascalCase(consumer.name)}`, consumer, consumerDefaults, {});
      backendFunction.function.addEventSource(
        new DynamoEventSource(table, {
          // New changes only: a consumer added later must not replay a day of old changes
          // (and, say, re-send their e-mails).
          startingPosition: StartingPosition.LATEST,
          batchSize: consumer.batchSize,
          retryAttempts: consumer.maxRetries,
          bisectBatchOnError: true,
          reportBatchItemFailures: true,
          onFailure: new SqsDlq(sharedDeadLetterQueue()),
        }),
      );
      backendFunction.acknowledgeWildcard(
        'Resource::*',
        'dynamodb:ListStreams has no resource-level permissions (AWS requires Resource "*"); the event source ' +
          "mapping uses it to find the table's stream. Every other stream action is limited to this table's stream.",
      );
    }

    for (const consumer of manifest.bucketEventConsumers) {
      const key = `bucket ${consumer.name}`;
      const backendFunction = createFunction('Events', key, `Bucket${pascalCase(consumer.name)}`, consumer, consumerDefaults, {});
      files.buckets[consumer.bucket].addEventNotification(
        s3.EventType.OBJECT_CREATED,
        new LambdaDestination(backendFunction.function),
        ...(consumer.prefix ? [{ prefix: consumer.prefix }] : []),
      );
      backendFunction.function.configureAsyncInvoke({
        retryAttempts: asyncRetryAttempts,
        onFailure: new SqsDestination(sharedDeadLetterQueue()),
      });
    }

    // CDK's singleton custom resource that writes the buckets' notification configuration.
    const notificationsHandler = this.node.children.find((child) =>
      child.node.id.startsWith('BucketNotificationsHandler'),
    );
    if (notificationsHandler) {
      Validations.of(notificationsHandler).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          "CDK's deploy-time custom resource that writes the bucket notification configuration; it runs only " +
          'during deployments and its only other permission is s3:PutBucketNotification on the buckets involved.',
      });
    }

    for (const job of manifest.scheduledJobs) {
      const key = `schedule ${job.name}`;
      const backendFunction = createFunction('Events', key, `Schedule${pascalCase(job.name)}`, job, consumerDefaults, {});
      const interval = Duration.minutes(job.everyMinutes);
      // In the function's stack: the rule names the function and the function's permission names the rule.
      new events.Rule(functionsOf('Events'), `Schedule${pascalCase(job.name)}Rule`, {
        description: `Runs ${job.handler} every ${job.everyMinutes} minute(s)`,
        schedule: events.Schedule.rate(interval),
        targets: [
          new targets.LambdaFunction(backendFunction.function, {
            retryAttempts: asyncRetryAttempts,
            // A run older than one interval is superseded by the next one.
            maxEventAge: interval,
            deadLetterQueue: sharedDeadLetterQueue(),
          }),
        ],
      });
      backendFunction.function.configureAsyncInvoke({
        retryAttempts: asyncRetryAttempts,
        onFailure: new SqsDestination(sharedDeadLetterQueue()),
      });
    }

    this.deadLetterQueue = deadLetterQueue;

    new CfnOutput(this, 'ApiUrl', { value: this.api.url });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'AttachmentsBucketName', { value: files.buckets.attachments.bucketName });
    new CfnOutput(this, 'DownloadsBucketName', { value: files.buckets.downloads.bucketName });
    new CfnOutput(this, 'JwtIssuer', { value: jwt.issuer });
    new CfnOutput(this, 'JwtAudience', { value: jwt.audience });
    if (this.identity) {
      new CfnOutput(this, 'UserPoolId', { value: this.identity.userPool.userPoolId });
      new CfnOutput(this, 'UserPoolClientId', { value: this.identity.client.userPoolClientId });
    }
    if (this.deadLetterQueue) {
      new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.deadLetterQueue.queueUrl });
    }
  }

  /** Where stream batches, S3 events and scheduled runs end up when every retry has failed. */
  private createDeadLetterQueue(): sqs.Queue {
    const queue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the stack (failure destination of the consumers).',
    });
    return queue;
  }
}
