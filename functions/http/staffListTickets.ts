import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/tickets.ts';
import { staffQueue } from '../../shared/useCases/staffTickets.ts';

export const handler = httpHandler(routes.staffListTickets, async ({ query, language }) => staffQueue(query, language));
