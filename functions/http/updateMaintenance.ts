import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/status.ts';
import { updateMaintenance } from '../../shared/useCases/status.ts';

export const handler = httpHandler(routes.updateMaintenance, async ({ params, body }) => updateMaintenance(params.id, body));
