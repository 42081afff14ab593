import { httpHandler } from '../../shared/http/httpHandler.ts';
import { routes } from '../../shared/manifest.ts';
import { deleteDownloadCategory } from '../../shared/useCases/manageDownloadCategories.ts';

export const handler = httpHandler(routes.deleteDownloadCategory, async ({ params }) => {
  await deleteDownloadCategory(params.id);
});
