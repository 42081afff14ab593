import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/announcements.ts';
import { announcementFeed } from '../../shared/useCases/announcements.ts';

export const handler = httpHandler(routes.announcementFeed, async ({ language }) => announcementFeed(language));
