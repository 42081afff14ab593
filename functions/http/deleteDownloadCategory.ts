import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/files.ts';
import { deleteDownloadCategory } from '../../shared/useCases/manageDownloadCategories.ts';

export const handler = httpHandler(routes.deleteDownloadCategory, async ({ params }) => {
  await deleteDownloadCategory(params.id);
});
