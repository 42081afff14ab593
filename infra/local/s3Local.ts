/** The S3 emulator (s3rver), in this process, with the buckets the stack defines. */
import type { S3Event } from 'aws-lambda';
import S3rver from 's3rver';
import { bucketCors } from '../../shared/data/bucketDefinitions.ts';

/** The stack's CORS rule for the buckets, with any origin: local pages run on any port. */
const corsConfiguration = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
${bucketCors.allowedMethods.map((method) => `    <AllowedMethod>${method}</AllowedMethod>`).join('\n')}
${bucketCors.allowedHeaders.map((header) => `    <AllowedHeader>${header}</AllowedHeader>`).join('\n')}
${bucketCors.exposedHeaders.map((header) => `    <ExposeHeader>${header}</ExposeHeader>`).join('\n')}
    <MaxAgeSeconds>${bucketCors.maxAgeSeconds}</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

export interface S3Local {
  endpoint: string;
  onEvent(listener: (event: S3Event) => void): void;
  stop(): Promise<void>;
}

export async function startS3Local(port: number, directory: string, bucketNames: string[]): Promise<S3Local> {
  const server = new S3rver({
    port,
    address: '127.0.0.1',
    directory,
    silent: true,
    configureBuckets: bucketNames.map((name) => ({ name, configs: [corsConfiguration] })),
  });
  await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    onEvent: (listener) => server.on('event', listener),
    stop: () => server.close(),
  };
}
