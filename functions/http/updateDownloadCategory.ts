import { showDownloadCategoryToStaff } from '../../shared/domain/downloads.ts';
import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/files.ts';
import { updateDownloadCategory } from '../../shared/useCases/manageDownloadCategories.ts';

export const handler = httpHandler(routes.updateDownloadCategory, async ({ params, body }) =>
  showDownloadCategoryToStaff(await updateDownloadCategory(params.id, body)),
);
