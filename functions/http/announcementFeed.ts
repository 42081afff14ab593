import { httpHandler } from '../../shared/http/httpHandler.ts';
import { routes } from '../../shared/manifest.ts';
import { announcementFeed } from '../../shared/useCases/announcements.ts';

export const handler = httpHandler(routes.announcementFeed, async ({ language }) => announcementFeed(language));
