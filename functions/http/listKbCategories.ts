import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/knowledgeBase.ts';
import { listCategories } from '../../shared/useCases/knowledgeBase.ts';

export const handler = httpHandler(routes.listKbCategories, async ({ language }) => ({ items: await listCategories(language) }));
