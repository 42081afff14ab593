import { HttpReply, httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/tickets.ts';
import { openTicket } from '../../shared/useCases/openTicket.ts';

export const handler = httpHandler(routes.openTicket, async ({ caller, language, body, headers, sourceIp }) => {
  const opened = await openTicket(caller, body, { language, idempotencyKey: headers['idempotency-key'], sourceIp });
  return new HttpReply(201, opened.view, opened.replayed ? { 'idempotent-replayed': 'true' } : {});
});
