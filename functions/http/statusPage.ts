import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/status.ts';
import { statusPageFor } from '../../shared/useCases/status.ts';

export const handler = httpHandler(routes.statusPage, async ({ caller, language }) => statusPageFor(caller, language));
