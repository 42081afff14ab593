import { unauthorized } from '../../shared/errors.ts';
import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/tickets.ts';
import { updateTicketAsStaff } from '../../shared/useCases/staffTickets.ts';

export const handler = httpHandler(routes.staffUpdateTicket, async ({ caller, language, params, body }) => {
  if (caller.kind !== 'user') throw unauthorized();
  return updateTicketAsStaff(caller, params.number, body, language);
});
