import { showArticleToStaff } from '../../shared/domain/knowledgeBase.ts';
import { httpHandler } from '../../shared/http/httpHandler.ts';
import { routes } from '../../shared/manifest.ts';
import { updateArticle } from '../../shared/useCases/writeKnowledgeBaseArticles.ts';

export const handler = httpHandler(routes.updateKbArticle, async ({ params, body }) =>
  showArticleToStaff(await updateArticle(params.id, body)),
);
