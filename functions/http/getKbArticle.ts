import { httpHandler } from '../../shared/http/httpHandler.ts';
import { routes } from '../../shared/manifest.ts';
import { readArticle } from '../../shared/useCases/knowledgeBase.ts';

export const handler = httpHandler(routes.getKbArticle, async ({ params, language }) => readArticle(params.slug, language));
