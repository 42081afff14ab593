import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/status.ts';
import { deleteServer } from '../../shared/useCases/status.ts';

export const handler = httpHandler(routes.deleteServer, async ({ params }) => deleteServer(params.id));
