import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/status.ts';
import { listServersForStaff } from '../../shared/useCases/status.ts';

export const handler = httpHandler(routes.staffListServers, async () => ({ items: await listServersForStaff() }));
