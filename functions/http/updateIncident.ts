import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/status.ts';
import { updateIncident } from '../../shared/useCases/status.ts';

export const handler = httpHandler(routes.updateIncident, async ({ params, body }) => updateIncident(params.id, body));
