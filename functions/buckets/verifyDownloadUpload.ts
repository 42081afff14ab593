/** S3 ObjectCreated under `pending/` of the downloads bucket: checks a staff upload and makes it the file's content, or refuses it. */
import type { S3Event } from 'aws-lambda';
import { objectKeyOf } from '../../shared/data/objectStorage.ts';
import { verifyDownloadUpload } from '../../shared/useCases/verifyDownloads.ts';

export const handler = async (event: S3Event): Promise<void> => {
  for (const record of event.Records) await verifyDownloadUpload(objectKeyOf(record));
};
