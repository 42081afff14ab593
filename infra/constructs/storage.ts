/**
 * The data the backend keeps: the single DynamoDB table, built from the shared table definition
 * (the local cloud builds its DynamoDB Local table from the same one), and the two file buckets
 * that browsers upload to and download from with presigned requests.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { tableDefinition } from '../../shared/data/tableDefinition.ts';
import type { BucketName } from '../../shared/manifest.ts';
import { abandonedUploadDays, bucketCors, pendingUploadPrefix } from '../../shared/data/bucketDefinitions.ts';

const stringKey = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });

export function createSupportTable(scope: Construct, id: string): dynamodb.Table {
  const table = new dynamodb.Table(scope, id, {
    partitionKey: stringKey(tableDefinition.partitionKey),
    sortKey: stringKey(tableDefinition.sortKey),
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    stream: dynamodb.StreamViewType[tableDefinition.streamViewType],
    timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
    // Tickets and their history are the product: neither a stack deletion nor a console click
    // may drop the table.
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  for (const index of tableDefinition.globalSecondaryIndexes) {
    table.addGlobalSecondaryIndex({
      indexName: index.indexName,
      partitionKey: stringKey(index.partitionKey),
      sortKey: stringKey(index.sortKey),
      projectionType: dynamodb.ProjectionType.ALL,
    });
  }
  return table;
}

export interface FileBucketsProps {
  allowedOrigins: string[];
}

export class FileBuckets extends Construct {
  readonly buckets: Record<BucketName, s3.Bucket>;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: FileBucketsProps) {
    super(scope, id);
    // Log delivery is granted by a bucket policy, not the LogDeliveryWrite ACL: ACLs are
    // disabled (BucketOwnerEnforced) on every bucket here. Set on this scope, before the buckets.
    this.node.setContext(cxapi.S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);

    const privateBucket = {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    } satisfies s3.BucketProps;

    // Who fetched or uploaded which file, with which presigned URL: the audit trail of the files.
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      ...privateBucket,
      lifecycleRules: [{ id: 'expire-old-logs', expiration: Duration.days(365) }],
    });

    const fileBucket = (bucketId: string, name: BucketName) =>
      new s3.Bucket(this, bucketId, {
        ...privateBucket,
        serverAccessLogsBucket: this.accessLogs,
        serverAccessLogsPrefix: `${name}/`,
        cors: [
          {
            allowedOrigins: props.allowedOrigins,
            allowedMethods: bucketCors.allowedMethods.map((method) => s3.HttpMethods[method]),
            allowedHeaders: bucketCors.allowedHeaders,
            exposedHeaders: bucketCors.exposedHeaders,
            maxAge: bucketCors.maxAgeSeconds,
          },
        ],
        lifecycleRules: [
          { id: 'expire-abandoned-uploads', prefix: pendingUploadPrefix, expiration: Duration.days(abandonedUploadDays) },
          { id: 'abort-incomplete-multipart-uploads', abortIncompleteMultipartUploadAfter: Duration.days(abandonedUploadDays) },
        ],
      });

    this.buckets = {
      attachments: fileBucket('Attachments', 'attachments'),
      downloads: fileBucket('Downloads', 'downloads'),
    };
  }
}
