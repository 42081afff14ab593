import { unauthorized } from '../../shared/errors.ts';
import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/tickets.ts';
import { addStaffEntry } from '../../shared/useCases/staffTickets.ts';

export const handler = httpHandler(routes.staffReplyToTicket, async ({ caller, language, params, body }) => {
  if (caller.kind !== 'user') throw unauthorized();
  return addStaffEntry(caller, params.number, 'message', body, language);
});
