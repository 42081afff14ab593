import { HttpReply, httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/status.ts';
import { createServer } from '../../shared/useCases/status.ts';

export const handler = httpHandler(routes.createServer, async ({ body }) => {
  const server = await createServer(body);
  return new HttpReply(201, server, { location: `/v1/staff/servers/${server.id}` });
});
