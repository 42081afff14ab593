import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/knowledgeBase.ts';
import { suggestForTicket } from '../../shared/useCases/knowledgeBaseSearch.ts';

export const handler = httpHandler(routes.kbSuggestions, async ({ query, language }) =>
  suggestForTicket(query, language, query.limit),
);
