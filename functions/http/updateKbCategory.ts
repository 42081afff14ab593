import { showCategoryToStaff } from '../../shared/domain/knowledgeBase.ts';
import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/knowledgeBase.ts';
import { updateCategory } from '../../shared/useCases/manageKnowledgeBase.ts';

export const handler = httpHandler(routes.updateKbCategory, async ({ params, body }) =>
  showCategoryToStaff(await updateCategory(params.id, body)),
);
