import { showDownloadCategoryToStaff } from '../../shared/domain/downloads.ts';
import { httpHandler } from '../../shared/http/httpHandler.ts';
import { routes } from '../../shared/manifest.ts';
import { listAllDownloadCategories } from '../../shared/useCases/manageDownloadCategories.ts';

export const handler = httpHandler(routes.staffListDownloadCategories, async () => ({
  items: (await listAllDownloadCategories()).map(showDownloadCategoryToStaff),
}));
