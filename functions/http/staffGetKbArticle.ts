import { showArticleToStaff } from '../../shared/domain/knowledgeBase.ts';
import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/knowledgeBase.ts';
import { getArticleForStaff } from '../../shared/useCases/manageKnowledgeBase.ts';

export const handler = httpHandler(routes.staffGetKbArticle, async ({ params }) =>
  showArticleToStaff(await getArticleForStaff(params.id)),
);
