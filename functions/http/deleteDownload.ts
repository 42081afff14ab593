import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/files.ts';
import { deleteDownload } from '../../shared/useCases/deleteDownload.ts';

export const handler = httpHandler(routes.deleteDownload, async ({ params }) => {
  await deleteDownload(params.id);
});
