import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/status.ts';
import { postIncidentUpdate } from '../../shared/useCases/status.ts';

export const handler = httpHandler(routes.addIncidentUpdate, async ({ params, body }) => postIncidentUpdate(params.id, body));
