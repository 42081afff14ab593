import { showCategoryToStaff } from '../../shared/domain/knowledgeBase.ts';
import { HttpReply, httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/knowledgeBase.ts';
import { createCategory } from '../../shared/useCases/manageKnowledgeBase.ts';

export const handler = httpHandler(routes.createKbCategory, async ({ body }) => {
  const category = await createCategory(body);
  return new HttpReply(201, showCategoryToStaff(category), { location: `/v1/staff/kb/categories/${category.slug}` });
});
