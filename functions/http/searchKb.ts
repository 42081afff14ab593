import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/knowledgeBase.ts';
import { searchKnowledgeBase } from '../../shared/useCases/knowledgeBaseSearch.ts';

export const handler = httpHandler(routes.searchKb, async ({ query, language }) =>
  searchKnowledgeBase(query.q, language, query.limit),
);
