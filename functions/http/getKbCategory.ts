import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/knowledgeBase.ts';
import { categoryPage } from '../../shared/useCases/knowledgeBase.ts';

export const handler = httpHandler(routes.getKbCategory, async ({ params, query, language }) =>
  categoryPage(params.slug, query, language),
);
