/**
 * Helpers for tests of presigned uploads and downloads: posting a presigned form the way a
 * browser does, waiting for the bucket events, and looking at the emulators directly where the
 * API rightly shows nothing (stored objects, items a refused request must not have written).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { api, apiUrl } from './api.ts';

interface LocalInfo {
  s3Url: string;
  dynamodbUrl: string;
  tableName: string;
  buckets: { attachments: string; downloads: string };
}

let info: Promise<LocalInfo> | undefined;
export const localInfo = () => (info ??= fetch(`${apiUrl()}/_local/info`).then((response) => response.json() as Promise<LocalInfo>));

// The local cloud's emulator credentials (s3rver accepts only this pair).
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const region = 'eu-central-1';

export async function s3(): Promise<S3Client> {
  return new S3Client({ endpoint: (await localInfo()).s3Url, region, credentials, forcePathStyle: true });
}

async function table(): Promise<{ client: DynamoDBDocumentClient; name: string }> {
  const { dynamodbUrl, tableName } = await localInfo();
  return { client: DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: dynamodbUrl, region, credentials })), name: tableName };
}

/** Every stored upload of an owner: test-side proof of what a request did (or did not) write. */
export async function uploadsOwnedBy(owner: string): Promise<Record<string, unknown>[]> {
  const { client, name } = await table();
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: name,
        FilterExpression: 'entity = :upload AND #owner = :owner',
        ExpressionAttributeNames: { '#owner': 'owner' },
        ExpressionAttributeValues: { ':upload': 'upload', ':owner': owner },
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** Moves an upload's claim deadline into the past, as if its 12 hours had gone by. */
export async function expireUpload(uploadId: string): Promise<void> {
  const { client, name } = await table();
  const past = new Date(Date.now() - 60_000);
  await client.send(
    new UpdateCommand({
      TableName: name,
      Key: { pk: `UPLOAD#${uploadId}`, sk: 'UPLOAD' },
      UpdateExpression: 'SET claimableUntil = :iso, expiresAt = :epoch',
      ExpressionAttributeValues: { ':iso': past.toISOString(), ':epoch': Math.floor(past.getTime() / 1000) },
    }),
  );
}

/** Whether an object exists in a bucket of the local cloud. */
export async function objectExists(bucket: 'attachments' | 'downloads', key: string): Promise<boolean> {
  try {
    await (await s3()).send(new HeadObjectCommand({ Bucket: (await localInfo()).buckets[bucket], Key: key }));
    return true;
  } catch {
    return false;
  }
}

/** Writes an object straight into a bucket, past any form: what S3 would refuse but the emulator does not. */
export async function putObject(bucket: 'attachments' | 'downloads', key: string, body: Buffer, contentType: string): Promise<void> {
  await (await s3()).send(new PutObjectCommand({ Bucket: (await localInfo()).buckets[bucket], Key: key, Body: body, ContentType: contentType }));
}

/** Returns once every pending stream record and S3 event has been handled. */
export async function settle(): Promise<void> {
  const response = await fetch(`${apiUrl()}/_local/settle`, { method: 'POST' });
  expect(response.status).toBe(200);
}

export interface UploadForm {
  url: string;
  fields: Record<string, string>;
}

/** POSTs a presigned form as a browser does: every field in order, then the file. */
export async function postForm(form: UploadForm, bytes: Buffer, contentType: string, filename = 'file'): Promise<Response> {
  const body = new FormData();
  for (const [name, value] of Object.entries(form.fields)) body.append(name, value);
  body.append('file', new Blob([new Uint8Array(bytes)], { type: contentType }), filename);
  return fetch(form.url, { method: 'POST', body });
}

/** The signed POST policy, decoded. */
export function policyOf(fields: Record<string, string>): { expiration: string; conditions: unknown[] } {
  return JSON.parse(Buffer.from(fields.Policy!, 'base64').toString('utf8'));
}

export interface FileSpec {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

/** Creates an upload for the caller, posts the file and waits until it is verified; returns its id. */
export async function uploadAttachment(
  file: FileSpec,
  access: { token?: string; headers?: Record<string, string>; ticketNumber?: string } = {},
): Promise<string> {
  const created = await api('POST', '/v1/uploads', {
    ...(access.token ? { token: access.token } : {}),
    ...(access.headers ? { headers: access.headers } : {}),
    body: {
      filename: file.filename,
      contentType: file.contentType,
      size: file.bytes.length,
      ...(access.ticketNumber ? { ticketNumber: access.ticketNumber } : {}),
    },
  });
  expect(created.status, created.text).toBe(201);
  const posted = await postForm(created.body, file.bytes, file.contentType, file.filename);
  expect(posted.status).toBe(204);
  await settle();
  return created.body.uploadId;
}

export const png = (size = 64): FileSpec => ({
  filename: 'zrzut ekranu.png',
  contentType: 'image/png',
  // A PNG signature then filler: the bytes only need to be recognisable when they come back.
  bytes: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(size - 8, 7)]),
});
