import { describe, expect, it } from 'vitest';
import { tableDefinition } from '../../shared/data/tableDefinition.ts';
import { logicalId, synthSupportApp, templateResource } from './support.ts';

const { stack, template } = synthSupportApp({
  context: { allowedOrigins: 'https://support.example.com,https://panel.example.com' },
});
const files = stack.node.findChild('Files');

describe('the table', () => {
  const tables = Object.values(template.findResources('AWS::DynamoDB::Table'));
  const table = tables[0]!;

  it('is the only table, keyed and indexed as the shared table definition says', () => {
    expect(tables).toHaveLength(1);
    expect(table.Properties.KeySchema).toEqual([
      { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
      { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
    ]);
    expect(table.Properties.GlobalSecondaryIndexes).toEqual(
      tableDefinition.globalSecondaryIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    );
    for (const definition of table.Properties.AttributeDefinitions) expect(definition.AttributeType).toBe('S');
  });

  it('is on-demand, point-in-time recoverable, streams new and old images and expires items by TTL', () => {
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      StreamSpecification: { StreamViewType: tableDefinition.streamViewType },
      TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
    });
  });

  it('survives a stack deletion and refuses a delete-table call', () => {
    expect(table.Properties.DeletionProtectionEnabled).toBe(true);
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
  });

  it('is an output', () => {
    template.hasOutput('TableName', { Value: { Ref: logicalId(stack.node.findChild('Table')) } });
  });
});

describe.each(['Attachments', 'Downloads'])('the %s bucket', (bucketId) => {
  const id = logicalId(files.node.findChild(bucketId));
  const bucket = templateResource(template, id) as { Properties: any; DeletionPolicy?: string };
  const bucketPolicy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find(
    (policy) => policy.Properties.Bucket.Ref === id,
  );

  it('blocks every kind of public access and has ACLs disabled', () => {
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
  });

  it('encrypts objects with S3-managed keys', () => {
    expect(bucket.Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
  });

  it('denies every request that does not use TLS', () => {
    expect(bucketPolicy?.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 's3:*',
        Principal: { AWS: '*' },
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
  });

  it('lets browsers of the allowed origins GET, PUT and POST presigned requests', () => {
    expect(bucket.Properties.CorsConfiguration.CorsRules).toEqual([
      expect.objectContaining({
        AllowedOrigins: ['https://support.example.com', 'https://panel.example.com'],
        AllowedMethods: expect.arrayContaining(['GET', 'PUT', 'POST']),
      }),
    ]);
    expect(bucket.Properties.CorsConfiguration.CorsRules[0].AllowedMethods).toHaveLength(3);
  });

  it('expires unverified uploads under pending/ after a day and aborts incomplete multipart uploads', () => {
    const rules = bucket.Properties.LifecycleConfiguration.Rules;
    expect(rules).toContainEqual(
      expect.objectContaining({ Prefix: 'pending/', ExpirationInDays: 1, Status: 'Enabled' }),
    );
    expect(rules).toContainEqual(
      expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' }),
    );
    // Nothing outside pending/ expires: verified files are kept.
    for (const rule of rules) if (rule.ExpirationInDays !== undefined) expect(rule.Prefix).toBe('pending/');
  });

  it('writes server access logs to the access-log bucket, which accepts them by bucket policy', () => {
    const accessLogsId = logicalId(files.node.findChild('AccessLogs'));
    expect(bucket.Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: accessLogsId },
      LogFilePrefix: `${bucketId.toLowerCase()}/`,
    });
    const logPolicy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find(
      (policy) => policy.Properties.Bucket.Ref === accessLogsId,
    );
    expect(logPolicy?.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Condition: expect.objectContaining({ ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [id, 'Arn'] } } }),
      }),
    );
  });

  it('is retained when the stack is deleted, and is an output', () => {
    expect(bucket.DeletionPolicy).toBe('Retain');
    template.hasOutput(`${bucketId}BucketName`, { Value: { Ref: id } });
  });
});

describe('the access-log bucket', () => {
  it('is private, encrypted, TLS-only and keeps logs for a year', () => {
    const accessLogsId = logicalId(files.node.findChild('AccessLogs'));
    const accessLogs = templateResource(template, accessLogsId).Properties;
    const logPolicy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find(
      (policy) => policy.Properties.Bucket.Ref === accessLogsId,
    );
    expect(logPolicy?.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    expect(accessLogs.PublicAccessBlockConfiguration.BlockPublicPolicy).toBe(true);
    expect(accessLogs.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(accessLogs.LifecycleConfiguration.Rules).toEqual([expect.objectContaining({ ExpirationInDays: 365 })]);
    template.resourceCountIs('AWS::S3::Bucket', 3);
  });
});
