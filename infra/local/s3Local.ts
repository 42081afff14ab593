/** The S3 emulator (s3rver), in this process, with the buckets the stack defines. */
import type { S3Event } from 'aws-lambda';
import S3rver from 's3rver';

/** Browsers upload straight to the bucket with presigned POST/PUT, so the emulator needs CORS. */
const corsConfiguration = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>POST</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
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
