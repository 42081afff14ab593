import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/files.ts';
import { createDownloadLink } from '../../shared/useCases/downloadLinks.ts';

export const handler = httpHandler(routes.createDownloadLink, async ({ caller, params }) => createDownloadLink(caller, params.id));
