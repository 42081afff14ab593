import { showDownloadCategoryToStaff } from '../../shared/domain/downloads.ts';
import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/files.ts';
import { listAllDownloadCategories } from '../../shared/useCases/manageDownloadCategories.ts';

export const handler = httpHandler(routes.staffListDownloadCategories, async () => ({
  items: (await listAllDownloadCategories()).map(showDownloadCategoryToStaff),
}));
