import { showArticleToStaff } from '../../shared/domain/knowledgeBase.ts';
import { HttpReply, httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/knowledgeBase.ts';
import { createArticle } from '../../shared/useCases/writeKnowledgeBaseArticles.ts';

export const handler = httpHandler(routes.createKbArticle, async ({ body }) => {
  const article = await createArticle(body);
  return new HttpReply(201, showArticleToStaff(article), { location: `/v1/staff/kb/articles/${article.slug}` });
});
