import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/knowledgeBase.ts';
import { rebuildSearchIndex } from '../../shared/useCases/knowledgeBaseSearch.ts';

export const handler = httpHandler(routes.rebuildKbSearchIndex, async () => {
  const pointer = await rebuildSearchIndex();
  return { version: pointer.version, articleCount: pointer.articleCount, bytes: pointer.bytes, chunks: pointer.chunks, builtAt: pointer.builtAt };
});
