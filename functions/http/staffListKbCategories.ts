import { showCategoryToStaff } from '../../shared/domain/knowledgeBase.ts';
import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/knowledgeBase.ts';
import { listAllCategories } from '../../shared/useCases/manageKnowledgeBase.ts';

export const handler = httpHandler(routes.staffListKbCategories, async () => ({
  items: (await listAllCategories()).map(showCategoryToStaff),
}));
