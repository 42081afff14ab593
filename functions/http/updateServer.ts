import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/status.ts';
import { updateServer } from '../../shared/useCases/status.ts';

export const handler = httpHandler(routes.updateServer, async ({ params, body }) => updateServer(params.id, body));
