import { HttpReply, httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/status.ts';
import { createMaintenance } from '../../shared/useCases/status.ts';

export const handler = httpHandler(routes.createMaintenance, async ({ body }) => {
  const window = await createMaintenance(body);
  return new HttpReply(201, window, { location: `/v1/staff/maintenance/${window.id}` });
});
