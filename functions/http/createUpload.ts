import { HttpReply, httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/files.ts';
import { createUpload } from '../../shared/useCases/createUpload.ts';

export const handler = httpHandler(routes.createUpload, async ({ caller, body, headers, sourceIp }) => {
  const { upload, form, formExpiresAt } = await createUpload(caller, body, { guestKey: headers['x-ticket-key'], sourceIp });
  return new HttpReply(
    201,
    {
      uploadId: upload.id,
      filename: upload.filename,
      contentType: upload.contentType,
      size: upload.size,
      claimableUntil: upload.claimableUntil,
      url: form.url,
      fields: form.fields,
      expiresAt: formExpiresAt,
    },
    { location: `/v1/uploads/${upload.id}` },
  );
});
