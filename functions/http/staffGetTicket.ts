import { unauthorized } from '../../shared/errors.ts';
import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/tickets.ts';
import { getTicketForStaff } from '../../shared/useCases/staffTickets.ts';

export const handler = httpHandler(routes.staffGetTicket, async ({ caller, language, params }) => {
  if (caller.kind !== 'user') throw unauthorized();
  return getTicketForStaff(caller, params.number, language);
});
