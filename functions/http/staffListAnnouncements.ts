import { showAnnouncementToStaff } from '../../shared/domain/announcements.ts';
import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/announcements.ts';
import { listAllAnnouncements } from '../../shared/useCases/manageAnnouncements.ts';

export const handler = httpHandler(routes.staffListAnnouncements, async ({ query }) => {
  const page = await listAllAnnouncements(query);
  const now = new Date();
  return { items: page.items.map((announcement) => showAnnouncementToStaff(announcement, now)), nextCursor: page.nextCursor };
});
