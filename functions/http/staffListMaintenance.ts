import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/status.ts';
import { pageMaintenance } from '../../shared/useCases/status.ts';

export const handler = httpHandler(routes.staffListMaintenance, async ({ query }) => pageMaintenance(query.limit ?? 20, query.cursor));
