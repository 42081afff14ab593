/** Reading, copying and deleting stored files: what the event functions do to objects. */
import { CopyObjectCommand, DeleteObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import type { S3EventRecord } from 'aws-lambda';
import type { StoredObject } from '../domain/attachments.ts';
import { s3Client } from './s3.ts';

const isMissing = (error: unknown) =>
  error instanceof Error && (error.name === 'NotFound' || error.name === 'NoSuchKey');

export const objectStorage = {
  /** Size and type of an object as stored, or undefined when there is none. */
  async head(bucket: string, key: string): Promise<StoredObject | undefined> {
    try {
      const head = await s3Client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return { size: head.ContentLength ?? 0, contentType: head.ContentType };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  },

  /** Copies an object within a bucket, keeping its type; false when the source is gone. */
  async copy(bucket: string, from: string, to: string): Promise<boolean> {
    try {
      await s3Client.send(
        new CopyObjectCommand({ Bucket: bucket, CopySource: `${bucket}/${encodeURIComponent(from).replace(/%2F/g, '/')}`, Key: to }),
      );
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  },

  /** Deleting what is not there is fine (S3 says 204 either way). */
  async delete(bucket: string, key: string): Promise<void> {
    await s3Client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  },
};

/** The object key of an S3 event record (S3 URL-encodes it, with `+` for spaces). */
export const objectKeyOf = (record: S3EventRecord) => decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
