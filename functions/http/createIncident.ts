import { HttpReply, httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/status.ts';
import { createIncident } from '../../shared/useCases/status.ts';

export const handler = httpHandler(routes.createIncident, async ({ body }) => {
  const incident = await createIncident(body);
  return new HttpReply(201, incident, { location: `/v1/staff/incidents/${incident.id}` });
});
