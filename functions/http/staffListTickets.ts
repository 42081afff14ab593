import { httpHandler } from '../../shared/http/httpHandler.ts';
import { routes } from '../../shared/manifest.ts';
import { staffQueue } from '../../shared/useCases/staffTickets.ts';

export const handler = httpHandler(routes.staffListTickets, async ({ query, language }) => staffQueue(query, language));
