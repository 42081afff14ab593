import * as healthRepository from '../../shared/data/healthRepository.ts';
import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/system.ts';

export const handler = httpHandler(routes.health, async () => {
  const tableOk = await healthRepository.tableIsReachable();
  return {
    status: tableOk ? 'ok' : 'degraded',
    checks: { table: tableOk ? 'ok' : 'failing' },
    time: new Date().toISOString(),
  };
});
