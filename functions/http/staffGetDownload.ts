import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/files.ts';
import { staffGetDownload } from '../../shared/useCases/staffDownloads.ts';

export const handler = httpHandler(routes.staffGetDownload, async ({ params }) => staffGetDownload(params.id));
