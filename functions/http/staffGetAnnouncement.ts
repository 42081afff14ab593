import { showAnnouncementToStaff } from '../../shared/domain/announcements.ts';
import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/announcements.ts';
import { getAnnouncementForStaff } from '../../shared/useCases/manageAnnouncements.ts';

export const handler = httpHandler(routes.staffGetAnnouncement, async ({ params }) =>
  showAnnouncementToStaff(await getAnnouncementForStaff(params.id), new Date()),
);
