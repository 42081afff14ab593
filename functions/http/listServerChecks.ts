import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/status.ts';
import { pageServerChecks } from '../../shared/useCases/status.ts';

export const handler = httpHandler(routes.listServerChecks, async ({ params, query }) =>
  pageServerChecks(params.id, query.limit ?? 20, query.cursor),
);
