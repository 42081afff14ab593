import { httpHandler } from '../../shared/http/httpHandler.ts';
import { routes } from '../../shared/manifest.ts';
import { updateIncident } from '../../shared/useCases/status.ts';

export const handler = httpHandler(routes.updateIncident, async ({ params, body }) => updateIncident(params.id, body));
