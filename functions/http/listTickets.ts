import { unauthorized } from '../../shared/errors.ts';
import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/tickets.ts';
import { listCustomerTickets } from '../../shared/useCases/customerTickets.ts';

export const handler = httpHandler(routes.listTickets, async ({ caller, language, query }) => {
  if (caller.kind !== 'user') throw unauthorized();
  return listCustomerTickets(caller, query, language);
});
