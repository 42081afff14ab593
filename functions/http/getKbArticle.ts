import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/knowledgeBase.ts';
import { readArticle } from '../../shared/useCases/knowledgeBase.ts';

export const handler = httpHandler(routes.getKbArticle, async ({ params, language }) => readArticle(params.slug, language));
