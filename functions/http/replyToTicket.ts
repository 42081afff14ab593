import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/tickets.ts';
import { replyAsCustomer } from '../../shared/useCases/customerTickets.ts';

export const handler = httpHandler(routes.replyToTicket, async ({ caller, language, params, body, headers }) =>
  replyAsCustomer(caller, params.number, headers['x-ticket-key'], body, language),
);
