import { showArticleToStaff } from '../../shared/domain/knowledgeBase.ts';
import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/knowledgeBase.ts';
import { updateArticle } from '../../shared/useCases/writeKnowledgeBaseArticles.ts';

export const handler = httpHandler(routes.updateKbArticle, async ({ params, body }) =>
  showArticleToStaff(await updateArticle(params.id, body)),
);
