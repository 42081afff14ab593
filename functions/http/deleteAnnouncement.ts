import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/announcements.ts';
import { deleteAnnouncement } from '../../shared/useCases/manageAnnouncements.ts';

export const handler = httpHandler(routes.deleteAnnouncement, async ({ params }) => {
  await deleteAnnouncement(params.id);
});
