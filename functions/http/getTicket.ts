import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/tickets.ts';
import { getCustomerTicket } from '../../shared/useCases/customerTickets.ts';

export const handler = httpHandler(routes.getTicket, async ({ caller, language, params, headers }) =>
  getCustomerTicket(caller, params.number, headers['x-ticket-key'], language),
);
