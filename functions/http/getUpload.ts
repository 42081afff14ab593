import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/files.ts';
import { findUploadForOwner, showUploadStatus } from '../../shared/useCases/uploads.ts';

export const handler = httpHandler(routes.getUpload, async ({ caller, params, headers }) =>
  showUploadStatus(await findUploadForOwner(caller, params.uploadId, headers['x-ticket-key'])),
);
