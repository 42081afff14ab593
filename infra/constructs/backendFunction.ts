/**
 * One Lambda function of the backend: the handler module bundled as minified ESM, its own log
 * group and its own role, and exactly the resources its manifest entry declares. Binding a
 * resource sets its environment variable and grants its permissions in the same step, so a
 * function can never read a name it has no right to use, or hold a right it has no name for.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArnFormat, Names, Stack, Validations } from 'aws-cdk-lib';
import type { Duration } from 'aws-cdk-lib';
import type { CfnTable, ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { CfnBucket, IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ENV } from '../../shared/environmentNames.ts';
import type { BucketAccess, BucketAccessLevel, BucketName, ResourceAccess } from '../../shared/manifest.ts';
import { lambdaBundling, lambdaNodeOptions } from './lambdaBundling.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Everything a function may be bound to; each function gets only what its access declares. */
export interface BackendResources {
  table: ITable;
  buckets: Record<BucketName, IBucket>;
  /** SES sender identity (an e-mail address) the functions may send from. */
  mailFrom: string;
}

export interface BackendFunctionProps {
  /** Handler module relative to the repository root; it exports `handler`. */
  handler: string;
  access: ResourceAccess;
  resources: BackendResources;
  /** Settings beyond resource bindings (PORTAL_URL, JWT_* …). */
  environment: Record<string, string>;
  timeout: Duration;
  memorySize: number;
  description: string;
}

const bucketEnvironmentVariable: Record<BucketName, string> = {
  attachments: ENV.attachmentsBucket,
  downloads: ENV.downloadsBucket,
};

/** The CDK grant for each access level, on the objects matching a key pattern, and the wildcard actions it is known to produce. */
const bucketGrants: Record<
  BucketAccessLevel,
  { grant: (bucket: IBucket, role: iam.IRole, keyPattern: string) => void; wildcardActions: string[] }
> = {
  read: {
    grant: (bucket, role, keyPattern) => bucket.grantRead(role, keyPattern),
    wildcardActions: ['s3:GetObject*', 's3:GetBucket*', 's3:List*'],
  },
  write: {
    grant: (bucket, role, keyPattern) => bucket.grantPut(role, keyPattern),
    wildcardActions: ['s3:Abort*'],
  },
  'read-write': {
    grant: (bucket, role, keyPattern) => bucket.grantReadWrite(role, keyPattern),
    wildcardActions: ['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'],
  },
};

/** Object key patterns and their levels: `*` for a whole-bucket level, `<prefix>*` for each prefix. */
const grantsOf = (access: BucketAccess): [string, BucketAccessLevel][] =>
  typeof access === 'string' ? [['*', access]] : Object.entries(access).map(([prefix, level]) => [`${prefix}*`, level]);

/**
 * Table actions by declared access, listed rather than taken from CDK's grantReadData and
 * grantReadWriteData, which also allow Scan and stream reads: no function scans, and only stream
 * consumers read the stream (their event source grants that). Transactions need no action of
 * their own; each item in one is authorized by the action it performs.
 */
const tableActions = {
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'],
  'read-write': [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:ConditionCheckItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
  ],
} as const;

export class BackendFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: BackendFunctionProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, 'LogGroup', { retention: logs.RetentionDays.ONE_MONTH });

    // An own role with no managed policy: AWSLambdaBasicExecutionRole would allow writing to
    // every log group in the account; this one may write only to its own.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.handler}`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: path.join(repoRoot, props.handler),
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: path.join(repoRoot, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      description: props.description,
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        NODE_OPTIONS: lambdaNodeOptions,
        ...props.environment,
      },
      // Minified ESM with a linked source map, AWS SDK bundled (shared with the benchmarks).
      bundling: lambdaBundling,
    });

    this.bind(props.access, props.resources);
  }

  private bind(access: ResourceAccess, resources: BackendResources): void {
    if (access.table) {
      this.function.addEnvironment(ENV.tableName, resources.table.tableName);
      resources.table.grant(this.role, ...tableActions[access.table]);
      this.acknowledgeWildcard(
        `Resource::<${this.arnTokenOf(resources.table.node.defaultChild as CfnTable)}>/index/*`,
        "The table's own global secondary indexes (gsi1…gsi7), queried by repositories; no other table.",
      );
    }

    for (const [name, bucketAccess] of Object.entries(access.buckets ?? {}) as [BucketName, BucketAccess][]) {
      const bucket = resources.buckets[name];
      this.function.addEnvironment(bucketEnvironmentVariable[name], bucket.bucketName);
      const bucketArn = this.arnTokenOf(bucket.node.defaultChild as CfnBucket);
      for (const [keyPattern, level] of grantsOf(bucketAccess)) {
        bucketGrants[level].grant(bucket, this.role, keyPattern);
        this.acknowledgeWildcard(
          `Resource::<${bucketArn}>/${keyPattern}`,
          `Objects of the ${name} bucket under ${keyPattern === '*' ? 'any key' : keyPattern} only: keys are per ticket/file and chosen at run time (presigned URLs).`,
        );
        for (const action of bucketGrants[level].wildcardActions) {
          this.acknowledgeWildcard(
            `Action::${action}`,
            `Action group of the CDK bucket ${level} grant, limited to the ${name} bucket and its objects.`,
          );
        }
      }
    }

    if (access.sendEmail) {
      this.function.addEnvironment(ENV.mailFrom, resources.mailFrom);
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['ses:SendEmail', 'ses:SendRawEmail'],
          // SES authorizes against the verified identity: the address itself or its domain.
          resources: [resources.mailFrom, resources.mailFrom.split('@')[1] as string].map((identity) =>
            Stack.of(this).formatArn({
              service: 'ses',
              resource: 'identity',
              resourceName: identity,
              arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
            }),
          ),
          // Whichever identity matches, mail may only leave as the configured sender.
          conditions: { StringEquals: { 'ses:FromAddress': resources.mailFrom } },
        }),
      );
    }
  }

  /** cdk-nag 3 acknowledges each wildcard finding of the role by its exact text, with a reason. */
  acknowledgeWildcard(finding: string, reason: string): void {
    Validations.of(this.role).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
  }

  /**
   * How cdk-nag spells the resource's ARN in this function's policy: `<LogicalId.Arn>` in the same
   * stack, or the parameter CDK passes it through (`<referenceto…Arn>`) in a nested stack.
   */
  private arnTokenOf(resource: CfnTable | CfnBucket): string {
    if (Stack.of(resource) === Stack.of(this)) return `${Stack.of(this).resolve(resource.logicalId) as string}.Arn`;
    return `referenceto${Names.uniqueId(resource)}Arn`;
  }
}
