import { httpHandler } from '../../shared/http/httpHandler.ts';
import { routes } from '../../shared/manifest.ts';
import { listDownloadsFor } from '../../shared/useCases/downloads.ts';

export const handler = httpHandler(routes.listDownloads, async ({ caller, query, language }) => listDownloadsFor(caller, query, language));
