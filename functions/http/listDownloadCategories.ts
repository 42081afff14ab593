import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/files.ts';
import { listDownloadCategoriesFor } from '../../shared/useCases/downloads.ts';

export const handler = httpHandler(routes.listDownloadCategories, async ({ caller, language }) => listDownloadCategoriesFor(caller, language));
