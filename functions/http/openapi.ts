import { openApiDocumentGzipBase64 } from '../../shared/compiled/openApiDocument.ts';
import * as routes from '../../shared/compiled/system.ts';
import { httpHandler } from '../../shared/http/httpHandler.ts';
import { acceptsGzip, GzippedJson, JsonText } from '../../shared/http/response.ts';

/**
 * The document is generated with the routes (npm run generate) and kept gzip'd: a client that
 * accepts gzip (every browser and HTTP library) gets those bytes as they are; any other gets them
 * unzipped once per Lambda environment, node:zlib loaded only then.
 */
const gzipped = new GzippedJson(openApiDocumentGzipBase64);
let plain: JsonText | undefined;

export const handler = httpHandler(routes.openapi, async ({ headers }) => {
  if (acceptsGzip(headers['accept-encoding'])) return gzipped;
  const { gunzipSync } = await import('node:zlib');
  plain ??= new JsonText(gunzipSync(Buffer.from(openApiDocumentGzipBase64, 'base64')).toString('utf8'));
  return plain;
});
