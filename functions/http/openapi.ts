import { httpHandler } from '../../shared/http/httpHandler.ts';
import { JsonText } from '../../shared/http/response.ts';
import { openApiDocumentJson } from '../../shared/compiled/openApiDocument.ts';
import * as routes from '../../shared/compiled/system.ts';

/** Generated from the manifest with the routes (npm run generate): the document only changes with a deployment. */
const document = new JsonText(openApiDocumentJson);

export const handler = httpHandler(routes.openapi, async () => document);
