import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/files.ts';
import { updateDownload } from '../../shared/useCases/writeDownloads.ts';

export const handler = httpHandler(routes.updateDownload, async ({ params, body }) => updateDownload(params.id, body));
