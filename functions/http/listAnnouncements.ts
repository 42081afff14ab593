import { showAnnouncement } from '../../shared/domain/announcements.ts';
import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/announcements.ts';
import { listPublishedAnnouncements } from '../../shared/useCases/announcements.ts';

export const handler = httpHandler(routes.listAnnouncements, async ({ query, language }) => {
  const page = await listPublishedAnnouncements(query);
  return { items: page.items.map((announcement) => showAnnouncement(announcement, language)), nextCursor: page.nextCursor };
});
