import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/files.ts';
import { staffListDownloads } from '../../shared/useCases/staffDownloads.ts';

export const handler = httpHandler(routes.staffListDownloads, async ({ query }) => staffListDownloads(query));
