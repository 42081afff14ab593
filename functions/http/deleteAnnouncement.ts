import { httpHandler } from '../../shared/http/httpHandler.ts';
import { routes } from '../../shared/manifest.ts';
import { deleteAnnouncement } from '../../shared/useCases/manageAnnouncements.ts';

export const handler = httpHandler(routes.deleteAnnouncement, async ({ params }) => {
  await deleteAnnouncement(params.id);
});
