import { httpHandler } from '../../shared/http/httpHandler.ts';
import { buildOpenApiDocument } from '../../shared/http/openapi.ts';
import { manifest, routes } from '../../shared/manifest.ts';

/** Built once per Lambda environment: the document only changes with a deployment. */
const document = buildOpenApiDocument(manifest.routes, { version: '1.0.0' });

export const handler = httpHandler(routes.openapi, async () => document);
