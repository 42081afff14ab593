import { httpHandler } from '../../shared/http/httpHandler.ts';
import { routes } from '../../shared/manifest.ts';
import { suggestForTicket } from '../../shared/useCases/knowledgeBaseSearch.ts';

export const handler = httpHandler(routes.kbSuggestions, async ({ query, language }) =>
  suggestForTicket(query, language, query.limit),
);
