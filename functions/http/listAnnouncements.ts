import { showAnnouncement } from '../../shared/domain/announcements.ts';
import { httpHandler } from '../../shared/http/httpHandler.ts';
import { routes } from '../../shared/manifest.ts';
import { listPublishedAnnouncements } from '../../shared/useCases/announcements.ts';

export const handler = httpHandler(routes.listAnnouncements, async ({ query, language }) => {
  const page = await listPublishedAnnouncements(query);
  return { items: page.items.map((announcement) => showAnnouncement(announcement, language)), nextCursor: page.nextCursor };
});
