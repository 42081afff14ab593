import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/files.ts';
import { listDownloadsFor } from '../../shared/useCases/downloads.ts';

export const handler = httpHandler(routes.listDownloads, async ({ caller, query, language }) => listDownloadsFor(caller, query, language));
