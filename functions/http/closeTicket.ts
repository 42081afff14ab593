import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/tickets.ts';
import { closeAsCustomer } from '../../shared/useCases/customerTickets.ts';

export const handler = httpHandler(routes.closeTicket, async ({ caller, language, params, headers }) =>
  closeAsCustomer(caller, params.number, headers['x-ticket-key'], language),
);
