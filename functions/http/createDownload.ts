import { HttpReply, httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/files.ts';
import { createDownload } from '../../shared/useCases/writeDownloads.ts';

export const handler = httpHandler(routes.createDownload, async ({ body }) => {
  const file = await createDownload(body);
  return new HttpReply(201, file, { location: `/v1/staff/downloads/${file.id}` });
});
