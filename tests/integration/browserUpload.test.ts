/**
 * The upload flow in a real browser (Debian's headless Chromium driven by playwright-core): a
 * page on its own origin asks the API for a presigned POST, sends the chosen file straight to the
 * bucket as a multipart form (CORS included), waits until the upload is verified, attaches it to
 * a reply and asks for a download link; clicking the link downloads the same bytes under the
 * file's name, because the link makes S3 answer `Content-Disposition: attachment`.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, apiUrl, tokenFor, uniqueUser } from './support/api.ts';

const page = `<!doctype html>
<meta charset="utf-8">
<title>Reply with an attachment</title>
<input type="file" id="file">
<button id="send">Send</button>
<p id="state">idle</p>
<a id="download" href="#">download</a>
<script>
  const params = new URLSearchParams(location.search);
  const api = params.get('api');
  const number = params.get('ticket');
  const auth = { authorization: 'Bearer ' + params.get('token') };
  const json = { ...auth, 'content-type': 'application/json' };
  const state = (text) => (document.getElementById('state').textContent = text);
  const call = async (method, path, body) => {
    const response = await fetch(api + path, { method, headers: body ? json : auth, body: body && JSON.stringify(body) });
    if (!response.ok) throw new Error(method + ' ' + path + ' answered ' + response.status + ': ' + (await response.text()));
    return response.json();
  };
  document.getElementById('send').addEventListener('click', async () => {
    try {
      const file = document.getElementById('file').files[0];
      // 1. Ask for an upload form for exactly this file.
      const upload = await call('POST', '/v1/uploads', { filename: file.name, contentType: file.type, size: file.size });
      // 2. POST it to the bucket: every field, then the file last.
      const form = new FormData();
      for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
      form.append('file', file);
      const stored = await fetch(upload.url, { method: 'POST', body: form });
      if (!stored.ok) throw new Error('S3 answered ' + stored.status);
      // 3. Wait until the bucket event has verified it.
      let status = 'pending';
      for (let i = 0; i < 100 && status === 'pending'; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        status = (await call('GET', '/v1/uploads/' + upload.uploadId)).status;
      }
      if (status !== 'available') throw new Error('upload ' + status);
      // 4. Attach it to a reply, 5. ask for a download link.
      const ticket = await call('POST', '/v1/tickets/' + number + '/replies', { message: 'Screenshot attached', attachmentIds: [upload.uploadId] });
      const attachment = ticket.messages[ticket.messages.length - 1].attachments[0];
      const link = await call('GET', '/v1/tickets/' + number + '/attachments/' + attachment.id);
      document.getElementById('download').href = link.url;
      state('ready');
    } catch (error) {
      state('failed: ' + error.message);
    }
  });
</script>`;

/** A PNG signature, then filler: recognisable when it comes back. */
const bytes = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('zrzut ekranu '.repeat(500))]);

let browser: Browser;
let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe('a browser', () => {
  it('uploads a file with the presigned POST, attaches it to a reply and downloads the same bytes as an attachment', async () => {
    const customer = uniqueUser('customer');
    const token = await tokenFor(customer);
    const department = (await api('GET', '/v1/departments', { token })).body.items[0].id;
    const opened = await api('POST', '/v1/tickets', { token, body: { department, subject: 'Błąd 502', message: 'Strona nie działa' } });
    expect(opened.status).toBe(201);

    const context = await browser.newContext({ acceptDownloads: true });
    try {
      const tab = await context.newPage();
      const query = new URLSearchParams({ api: apiUrl(), token, ticket: opened.body.number });
      await tab.goto(`${origin}/?${query}`);
      await tab.setInputFiles('#file', { name: 'zrzut ekranu 502.png', mimeType: 'image/png', buffer: bytes });
      await tab.click('#send');
      await expect.poll(() => tab.textContent('#state'), { timeout: 20_000 }).toBe('ready');

      const [download] = await Promise.all([tab.waitForEvent('download'), tab.click('#download')]);
      expect(download.suggestedFilename()).toBe('zrzut ekranu 502.png');
      expect(await readFile(await download.path())).toEqual(bytes);
      // The page stayed where it was: the file was downloaded, never displayed.
      expect(tab.url()).toBe(`${origin}/?${query}`);
    } finally {
      await context.close();
    }

    const page = await api('GET', `/v1/tickets/${opened.body.number}`, { token });
    expect(page.body.messages[1].attachments).toEqual([
      { id: expect.any(String), filename: 'zrzut ekranu 502.png', contentType: 'image/png', size: bytes.length },
    ]);
  });
});
