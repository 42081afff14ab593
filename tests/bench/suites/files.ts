/**
 * Attachments and downloads. One category holds 300 shared files, each uploaded through its
 * presigned POST and verified by the bucket event; a tenth are shared with the benchmark's
 * customer by name, the rest with other customers, so every customer list is a filtered Query
 * that reads past files the caller may not see. Then p50/p99 of sequential requests:
 * - GET /v1/downloads?category= (a page of 20 of the caller's 30) and GET /v1/downloads/categories;
 * - POST /v1/downloads/{id}/link (visibility check, presigned GET, download counted);
 * - POST /v1/uploads (checks, rate-limit count and upload item in one transaction, presigned POST);
 * - an attachment from the POST to S3 until GET /v1/uploads/{id} says `available` (the S3 event).
 */
import { percentile, timeRequests, type BenchSuite } from '../harness.ts';

const FILES = 300;
const VISIBLE_EVERY = 10;
const SAMPLES = 300;
const CONCURRENCY = 10;

async function json(response: Response, status: number): Promise<any> {
  const text = await response.text();
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

async function postForm(form: { url: string; fields: Record<string, string> }, bytes: Buffer, contentType: string) {
  const body = new FormData();
  for (const [name, value] of Object.entries(form.fields)) body.append(name, value);
  body.append('file', new Blob([new Uint8Array(bytes)], { type: contentType }));
  const response = await fetch(form.url, { method: 'POST', body });
  if (response.status !== 204) throw new Error(`S3 answered ${response.status}`);
}

export const filesSuite: BenchSuite = {
  name: 'files',
  async run({ cloud, record }) {
    const api = cloud.apiUrl;
    const settle = () => fetch(`${api}/_local/settle`, { method: 'POST' }).then((response) => response.arrayBuffer());
    const staff = { authorization: `Bearer ${cloud.tokens.staff}`, 'content-type': 'application/json' };
    const tokenFor = async (sub: string) =>
      (await json(await fetch(`${api}/_local/token`, { method: 'POST', body: JSON.stringify({ sub, email: `${sub}@example.com`, name: sub }) }), 200))
        .token as string;
    const viewer = { authorization: `Bearer ${await tokenFor('bench-downloads-viewer')}` };

    await json(await fetch(`${api}/v1/staff/downloads/categories`, { method: 'POST', headers: staff, body: JSON.stringify({ id: 'bench-files', name: 'Bench' }) }), 201);
    const visibleIds: string[] = [];
    const share = async (index: number) => {
      const visible = index % VISIBLE_EVERY === 0;
      const bytes = Buffer.from(`bench file ${index}\n`.repeat(20));
      const created = await json(
        await fetch(`${api}/v1/staff/downloads`, {
          method: 'POST',
          headers: staff,
          body: JSON.stringify({
            title: `Bench file ${index}`,
            category: 'bench-files',
            visibility: { audience: 'customers', customerIds: [visible ? 'bench-downloads-viewer' : `bench-other-${index}`] },
            file: { filename: `bench-${index}.txt`, contentType: 'text/plain', size: bytes.length },
          }),
        }),
        201,
      );
      await postForm(created.upload, bytes, 'text/plain');
      if (visible) visibleIds.push(created.id);
    };
    for (let start = 0; start < FILES; start += CONCURRENCY) {
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, FILES - start) }, (_, offset) => share(start + offset)));
    }
    await settle();

    const page = await json(await fetch(`${api}/v1/downloads?category=bench-files`, { headers: viewer }), 200);
    if (page.items.length !== 20) throw new Error(`expected a full page of 20 visible files, got ${page.items.length}`);
    const series = async (name: string, call: () => Promise<Response>) => {
      const samples = await timeRequests(SAMPLES, 20, call);
      record({ name: `${name} p50`, value: percentile(samples, 50), unit: 'ms' });
      record({ name: `${name} p99`, value: percentile(samples, 99), unit: 'ms' });
    };
    await series(`GET /v1/downloads?category= (${FILES / VISIBLE_EVERY} of ${FILES} visible, page of 20)`, () =>
      fetch(`${api}/v1/downloads?category=bench-files`, { headers: viewer }),
    );
    await series(`GET /v1/downloads/categories (counts over ${FILES}+ files)`, () => fetch(`${api}/v1/downloads/categories`, { headers: viewer }));
    let next = 0;
    await series('POST /v1/downloads/{id}/link', () =>
      fetch(`${api}/v1/downloads/${visibleIds[(next += 1) % visibleIds.length]}/link`, { method: 'POST', headers: viewer }),
    );

    // A fresh user every 50 forms stays under the hourly limit of 60.
    let uploader = { authorization: '', 'content-type': 'application/json' };
    let made = 0;
    const body = JSON.stringify({ filename: 'zrzut.png', contentType: 'image/png', size: 1000 });
    await series('POST /v1/uploads', async () => {
      if (made % 50 === 0) uploader = { ...uploader, authorization: `Bearer ${await tokenFor(`bench-uploader-${made}`)}` };
      made += 1;
      return fetch(`${api}/v1/uploads`, { method: 'POST', headers: uploader, body });
    });

    const verified: number[] = [];
    const uploaderToken = { authorization: `Bearer ${await tokenFor('bench-verified')}`, 'content-type': 'application/json' };
    const image = Buffer.alloc(1000, 7);
    for (let i = 0; i < 40; i += 1) {
      const form = await json(await fetch(`${api}/v1/uploads`, { method: 'POST', headers: uploaderToken, body }), 201);
      const started = performance.now();
      await postForm(form, image, 'image/png');
      // What a frontend does: ask for the upload's state until the bucket event has verified it.
      let status = 'pending';
      while (status === 'pending') {
        if (performance.now() - started > 10_000) throw new Error('an upload was not verified within 10 s');
        status = (await json(await fetch(`${api}/v1/uploads/${form.uploadId}`, { headers: uploaderToken }), 200)).status;
      }
      verified.push(performance.now() - started);
      if (status !== 'available') throw new Error(`upload ${status}`);
    }
    verified.sort((a, b) => a - b);
    record({ name: 'attachment POST to S3 → verified (p50)', value: percentile(verified, 50), unit: 'ms' });
    record({ name: 'attachment POST to S3 → verified (p99)', value: percentile(verified, 99), unit: 'ms' });
  },
};
