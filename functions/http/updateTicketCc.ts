import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/tickets.ts';
import { replaceCustomerCc } from '../../shared/useCases/customerTickets.ts';

export const handler = httpHandler(routes.updateTicketCc, async ({ caller, language, params, body, headers }) =>
  replaceCustomerCc(caller, params.number, headers['x-ticket-key'], body.emails, language),
);
