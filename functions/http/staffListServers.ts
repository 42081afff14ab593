import { httpHandler } from '../../shared/http/httpHandler.ts';
import { routes } from '../../shared/manifest.ts';
import { listServersForStaff } from '../../shared/useCases/status.ts';

export const handler = httpHandler(routes.staffListServers, async () => ({ items: await listServersForStaff() }));
