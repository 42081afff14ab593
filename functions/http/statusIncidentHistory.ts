import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/status.ts';
import { pageIncidentHistory } from '../../shared/useCases/status.ts';

export const handler = httpHandler(routes.statusIncidentHistory, async ({ caller, language, query }) =>
  pageIncidentHistory(caller, language, query.limit ?? 20, query.cursor),
);
