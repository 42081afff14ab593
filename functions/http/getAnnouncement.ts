import { showAnnouncement } from '../../shared/domain/announcements.ts';
import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/announcements.ts';
import { getPublishedAnnouncement } from '../../shared/useCases/announcements.ts';

export const handler = httpHandler(routes.getAnnouncement, async ({ params, language }) =>
  showAnnouncement(await getPublishedAnnouncement(params.id), language),
);
