import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/knowledgeBase.ts';
import { deleteArticle } from '../../shared/useCases/manageKnowledgeBase.ts';

export const handler = httpHandler(routes.deleteKbArticle, async ({ params }) => {
  await deleteArticle(params.id);
});
