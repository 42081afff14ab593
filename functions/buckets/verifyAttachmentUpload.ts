/** S3 ObjectCreated under `pending/` of the attachments bucket: checks the file and makes the upload available, or refuses it. */
import type { S3Event } from 'aws-lambda';
import { objectKeyOf } from '../../shared/data/objectStorage.ts';
import { verifyAttachmentUpload } from '../../shared/useCases/verifyUploads.ts';

export const handler = async (event: S3Event): Promise<void> => {
  for (const record of event.Records) await verifyAttachmentUpload(objectKeyOf(record));
};
