import { showDownloadCategoryToStaff } from '../../shared/domain/downloads.ts';
import { HttpReply, httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/files.ts';
import { createDownloadCategory } from '../../shared/useCases/manageDownloadCategories.ts';

export const handler = httpHandler(routes.createDownloadCategory, async ({ body }) => {
  const category = await createDownloadCategory(body);
  return new HttpReply(201, showDownloadCategoryToStaff(category), { location: `/v1/staff/downloads/categories/${category.id}` });
});
