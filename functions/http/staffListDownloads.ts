import { httpHandler } from '../../shared/http/httpHandler.ts';
import { routes } from '../../shared/manifest.ts';
import { staffListDownloads } from '../../shared/useCases/staffDownloads.ts';

export const handler = httpHandler(routes.staffListDownloads, async ({ query }) => staffListDownloads(query));
