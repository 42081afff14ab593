import { showArticleToStaff } from '../../shared/domain/knowledgeBase.ts';
import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/knowledgeBase.ts';
import { listAllArticles } from '../../shared/useCases/manageKnowledgeBase.ts';

export const handler = httpHandler(routes.staffListKbArticles, async ({ query }) => {
  const page = await listAllArticles(query);
  return { items: page.items.map(showArticleToStaff), nextCursor: page.nextCursor };
});
