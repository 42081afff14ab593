import { showAnnouncementToStaff } from '../../shared/domain/announcements.ts';
import { HttpReply, httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/announcements.ts';
import { createAnnouncement } from '../../shared/useCases/writeAnnouncements.ts';

export const handler = httpHandler(routes.createAnnouncement, async ({ body }) => {
  const now = new Date();
  const announcement = await createAnnouncement(body, now);
  return new HttpReply(201, showAnnouncementToStaff(announcement, now), {
    location: `/v1/staff/announcements/${announcement.id}`,
  });
});
