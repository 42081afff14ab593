/**
 * A function's floor: the smallest module that does the AWS part of its first request. It creates
 * the SDK clients the function's manifest access requires (configured as shared/data/dynamodb.ts,
 * s3.ts and shared/email/mailer.ts configure them), bundles the presigning modules the function
 * bundles, makes the first AWS call the function made (recorded on the wire, replayed as is) and,
 * when the function's answer carried a presigned link or form, signs one. Bundled with the same
 * settings, started the same way: what remains between a function and its floor is the
 * function's own code (validation, domain, routing) and its other calls.
 */
import type { ResourceAccess } from '../../../shared/manifest.ts';
import type { AwsCall } from './coldStart.ts';

export interface FloorSpec {
  /** File name and report label, e.g. `dynamodb-s3-post__dynamodb-Query`. */
  id: string;
  dynamodb: boolean;
  s3: boolean;
  presignedPost: boolean;
  requestPresigner: boolean;
  ses: boolean;
  /** The function's first AWS call, replayed by the floor; none for a function without clients. */
  firstCall?: AwsCall;
  /** The function's answer carried a presigned form (post) or link (get). */
  presigns?: 'post' | 'get';
}

/** The clients a function must create, from its manifest access and what it bundles. */
export function floorSpecOf(access: ResourceAccess, packages: Set<string>, calls: AwsCall[], answer: unknown): FloorSpec {
  const s3 = Object.keys(access.buckets ?? {}).length > 0;
  const presignedPost = s3 && packages.has('@aws-sdk/s3-presigned-post');
  const requestPresigner = s3 && packages.has('@aws-sdk/s3-request-presigner');
  // A presigned link carries its signature in the query; a presigned POST form as a field next to its Policy.
  const answerText = JSON.stringify(answer ?? null);
  const presigns: FloorSpec['presigns'] =
    requestPresigner && /X-Amz-Signature=/.test(answerText) ? 'get' : presignedPost && /x-amz-signature/i.test(answerText) && /Policy/.test(answerText) ? 'post' : undefined;
  const spec = {
    dynamodb: access.table !== undefined,
    s3,
    presignedPost,
    requestPresigner,
    ses: access.sendEmail === true,
    ...(calls[0] ? { firstCall: calls[0] } : {}),
    ...(presigns ? { presigns } : {}),
  };
  const parts = [spec.dynamodb && 'dynamodb', spec.s3 && 's3', spec.presignedPost && 'post', spec.requestPresigner && 'get', spec.ses && 'ses'].filter(Boolean);
  const call = spec.firstCall ? `${spec.firstCall.service}-${spec.firstCall.operation}` : 'no-call';
  return { id: `${parts.join('-') || 'no-client'}__${call}${presigns ? `__sign-${presigns}` : ''}`, ...spec };
}

/** Which clients, for the report: `DynamoDB + S3 (presigned POST)`. */
export function clientsLabel(spec: FloorSpec): string {
  const s3 = spec.s3 ? `S3${spec.presignedPost || spec.requestPresigner ? ` (${[spec.presignedPost && 'presigned POST', spec.requestPresigner && 'presigned GET'].filter(Boolean).join(', ')})` : ''}` : '';
  return [spec.dynamodb && 'DynamoDB', s3, spec.ses && 'SES'].filter(Boolean).join(' + ') || 'none';
}

const callLabel = (call: AwsCall) => `${{ dynamodb: 'DynamoDB', s3: 'S3', ses: 'SES' }[call.service]} ${call.operation}`;

/** The calls in order, repeats folded: `DynamoDB Query ×3, DynamoDB PutItem`. */
export function callsLabel(calls: AwsCall[]): string[] {
  const folded: { label: string; count: number }[] = [];
  for (const call of calls) {
    const label = callLabel(call);
    const last = folded.at(-1);
    if (last?.label === label) last.count += 1;
    else folded.push({ label, count: 1 });
  }
  return folded.map(({ label, count }) => (count > 1 ? `${label} ×${count}` : label));
}

/** The document client's command for each DynamoDB operation. */
const documentCommands: Record<string, string> = {
  GetItem: 'GetCommand',
  PutItem: 'PutCommand',
  UpdateItem: 'UpdateCommand',
  DeleteItem: 'DeleteCommand',
  Query: 'QueryCommand',
  BatchGetItem: 'BatchGetCommand',
  BatchWriteItem: 'BatchWriteCommand',
  TransactGetItems: 'TransactGetCommand',
  TransactWriteItems: 'TransactWriteCommand',
};

const s3Commands: Record<string, string> = {
  HeadObject: 'HeadObjectCommand',
  GetObject: 'GetObjectCommand',
  PutObject: 'PutObjectCommand',
  CopyObject: 'CopyObjectCommand',
  DeleteObject: 'DeleteObjectCommand',
};

/**
 * A DynamoDB attribute value as the document client takes it. Sets and binaries cannot travel in
 * JSON; they are tagged here and revived by the floor (`revive` in its source).
 */
function plain(value: Record<string, unknown>): unknown {
  const [type, inner] = Object.entries(value)[0]!;
  switch (type) {
    case 'S':
    case 'BOOL':
      return inner;
    case 'N':
      return Number(inner);
    case 'NULL':
      return null;
    case 'L':
      return (inner as Record<string, unknown>[]).map(plain);
    case 'M':
      return plainMap(inner as Record<string, Record<string, unknown>>);
    case 'B':
      return { $binary: inner };
    case 'SS':
      return { $set: inner };
    case 'NS':
      return { $set: (inner as string[]).map(Number) };
    case 'BS':
      return { $set: (inner as string[]).map((item) => ({ $binary: item })) };
    default:
      throw new Error(`unknown attribute value type ${type}`);
  }
}

const plainMap = (map: Record<string, Record<string, unknown>>) => Object.fromEntries(Object.entries(map).map(([name, value]) => [name, plain(value)]));

const attributeMaps = new Set(['Key', 'Item', 'ExpressionAttributeValues', 'ExclusiveStartKey']);

/** A DynamoDB request body (wire format) as the document client's command input. */
export function documentInput(wire: unknown): unknown {
  if (Array.isArray(wire)) return wire.map(documentInput);
  if (typeof wire !== 'object' || wire === null) return wire;
  return Object.fromEntries(
    Object.entries(wire).map(([name, value]) => {
      if (attributeMaps.has(name)) return [name, plainMap(value as Record<string, Record<string, unknown>>)];
      if (name === 'Keys') return [name, (value as Record<string, Record<string, unknown>>[]).map(plainMap)];
      return [name, documentInput(value)];
    }),
  );
}

/** The floor's event: the call to replay (document-client input) and what to sign. */
export function floorEvent(spec: FloorSpec, buckets: { attachments: string; downloads: string }) {
  const call = spec.firstCall;
  return {
    ...(call ? { call: { service: call.service, operation: call.operation, input: call.service === 'dynamodb' ? documentInput(call.input) : call.input } } : {}),
    ...(spec.presigns ? { sign: { bucket: buckets.attachments, key: 'pending/0123456789abcdef0123456789abcdef' } } : {}),
  };
}

/** The floor module's source (JavaScript, bundled like a function). */
export function floorSource(spec: FloorSpec): string {
  const call = spec.firstCall;
  // No function's first AWS call is to SES (e-mail follows a read); one that is would need its replay here.
  if (call?.service === 'ses') throw new Error('the floors replay DynamoDB and S3 calls, not SES');
  const lines: string[] = [
    `// Floor ${spec.id}: generated by tests/bench/functionCosts/floors.ts for the cold-start benchmark.`,
  ];
  const documentCommand = call?.service === 'dynamodb' ? documentCommands[call.operation] : undefined;
  const s3Command = call?.service === 's3' ? s3Commands[call.operation] : undefined;
  if (call && !documentCommand && !s3Command) throw new Error(`no floor replay for ${call.service} ${call.operation}`);
  if (spec.dynamodb) {
    lines.push(
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
      `import { DynamoDBDocumentClient${documentCommand ? `, ${documentCommand}` : ''} } from '@aws-sdk/lib-dynamodb';`,
    );
  }
  const s3Imports = [s3Command, spec.requestPresigner && spec.presigns === 'get' && s3Command !== 'GetObjectCommand' && 'GetObjectCommand'].filter(Boolean);
  if (spec.s3) lines.push(`import { S3Client${s3Imports.length ? `, ${s3Imports.join(', ')}` : ''} } from '@aws-sdk/client-s3';`);
  if (spec.presignedPost) lines.push("import { createPresignedPost } from '@aws-sdk/s3-presigned-post';");
  if (spec.requestPresigner) lines.push("import { getSignedUrl } from '@aws-sdk/s3-request-presigner';");
  if (spec.ses) lines.push("import { SESClient } from '@aws-sdk/client-ses';");
  lines.push('', 'const env = process.env;');
  if (spec.dynamodb) {
    lines.push(
      'const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient(env.DYNAMODB_ENDPOINT ? { endpoint: env.DYNAMODB_ENDPOINT } : {}), {',
      '  marshallOptions: { removeUndefinedValues: true },',
      '});',
    );
  }
  if (spec.s3) {
    lines.push(
      "const s3Client = new S3Client({ ...(env.S3_ENDPOINT ? { endpoint: env.S3_ENDPOINT, forcePathStyle: true } : {}), requestChecksumCalculation: 'WHEN_REQUIRED' });",
    );
  }
  if (spec.ses) {
    lines.push(
      'export const ses = new SESClient({ ...(env.SES_ENDPOINT ? { endpoint: env.SES_ENDPOINT } : {}), maxAttempts: 3, requestHandler: { connectionTimeout: 2000, requestTimeout: 5000 } });',
    );
  }
  // Bundled because the function bundles them, whether or not this request signs anything.
  if (spec.presignedPost) lines.push('export { createPresignedPost };');
  if (spec.requestPresigner) lines.push('export { getSignedUrl };');
  if (documentCommand) {
    lines.push(
      '',
      '// Sets and binaries arrive tagged (JSON has neither).',
      'const revive = (value) =>',
      "  Array.isArray(value) ? value.map(revive) : value === null || typeof value !== 'object' ? value",
      "  : '$set' in value ? new Set(value.$set.map(revive)) : '$binary' in value ? Buffer.from(value.$binary, 'base64')",
      '  : Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, revive(inner)]));',
    );
  }
  lines.push('', 'export const handler = async (event) => {');
  if (documentCommand || s3Command) {
    const send = documentCommand ? `documentClient.send(new ${documentCommand}(revive(event.call.input)))` : `s3Client.send(new ${s3Command}(event.call.input))`;
    lines.push(
      '  try {',
      `    await ${send};`,
      '  } catch (error) {',
      '    // A replayed conditional write may now fail its condition: the round trip is what counts.',
      '    if (!error.$metadata) throw error;',
      '  }',
    );
  }
  if (spec.presigns === 'post') {
    lines.push(
      "  await createPresignedPost(s3Client, { Bucket: event.sign.bucket, Key: event.sign.key, Fields: { 'Content-Type': 'image/png' }, Conditions: [['content-length-range', 1, 1000]], Expires: 900 });",
    );
  }
  if (spec.presigns === 'get') {
    lines.push(
      "  await getSignedUrl(s3Client, new GetObjectCommand({ Bucket: event.sign.bucket, Key: event.sign.key, ResponseContentDisposition: 'attachment', ResponseContentType: 'image/png' }), { expiresIn: 300 });",
    );
  }
  lines.push("  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{}' };", '};', '');
  return lines.join('\n');
}
