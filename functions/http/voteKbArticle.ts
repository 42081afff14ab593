import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/knowledgeBase.ts';
import { voteOnArticle } from '../../shared/useCases/knowledgeBase.ts';

export const handler = httpHandler(routes.voteKbArticle, async ({ params, body, caller, sourceIp, headers }) =>
  voteOnArticle(params.slug, body.helpful, { caller, sourceIp, userAgent: headers['user-agent'] }),
);
