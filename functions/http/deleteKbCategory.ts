import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/knowledgeBase.ts';
import { deleteCategory } from '../../shared/useCases/manageKnowledgeBase.ts';

export const handler = httpHandler(routes.deleteKbCategory, async ({ params }) => {
  await deleteCategory(params.id);
});
