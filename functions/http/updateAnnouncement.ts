import { showAnnouncementToStaff } from '../../shared/domain/announcements.ts';
import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/announcements.ts';
import { updateAnnouncement } from '../../shared/useCases/writeAnnouncements.ts';

export const handler = httpHandler(routes.updateAnnouncement, async ({ params, body }) => {
  const now = new Date();
  return showAnnouncementToStaff(await updateAnnouncement(params.id, body, now), now);
});
