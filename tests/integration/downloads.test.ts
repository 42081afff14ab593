/**
 * The Downloads section through HTTP on the local cloud: staff categories and files uploaded by
 * presigned POST and verified by the bucket event, what each kind of caller sees (everyone,
 * signed-in customers, holders of a product, named customers — exactly one included), links that
 * count downloads, replacements, moves, deletions, and refused input that writes nothing.
 */
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, expectError, tokenFor, uniqueUser } from './support/api.ts';
import { localInfo, postForm, putObject, s3, settle } from './support/files.ts';

let admin: string;
let staff: string;

beforeAll(async () => {
  admin = await tokenFor(uniqueUser('admin'));
  staff = await tokenFor(uniqueUser('staff'));
});

let counter = 0;
const unique = (label: string) => `${label}-${Date.now().toString(36)}-${(counter += 1)}`;

async function newCategory(name = 'Narzędzia'): Promise<string> {
  const response = await api('POST', '/v1/staff/downloads/categories', {
    token: staff,
    body: { id: unique('cat'), name: { pl: name, en: `${name} (en)` }, description: 'Pliki' },
  });
  expect(response.status, response.text).toBe(201);
  return response.body.id;
}

const zip = (text: string) => ({ filename: 'narzędzie.zip', contentType: 'application/zip', bytes: Buffer.from(text) });

async function share(category: string, visibility: Record<string, unknown>, title = unique('Plik'), content = zip(`content of ${title}`)) {
  const response = await api('POST', '/v1/staff/downloads', {
    token: staff,
    body: {
      title,
      category,
      visibility,
      fileVersion: '1.0',
      file: { filename: content.filename, contentType: content.contentType, size: content.bytes.length },
    },
  });
  expect(response.status, response.text).toBe(201);
  return { file: response.body, content };
}

async function shareUploaded(category: string, visibility: Record<string, unknown>, title?: string) {
  const shared = await share(category, visibility, title);
  expect((await postForm(shared.file.upload, shared.content.bytes, shared.content.contentType)).status).toBe(204);
  await settle();
  return shared;
}

async function customerWith(products: string[]) {
  const user = uniqueUser('customer');
  const services = products.map((product, i) => ({ id: `${user.sub}-${i}`, name: product, product }));
  expect((await api('PUT', `/v1/staff/customers/${user.sub}/services`, { token: admin, body: { services } })).status).toBe(200);
  return { user, token: await tokenFor(user) };
}

const titlesIn = async (category: string, token?: string) => {
  const response = await api('GET', `/v1/downloads?category=${category}&limit=100`, token ? { token } : {});
  expect(response.status).toBe(200);
  return response.body.items.map((item: { title: string }) => item.title).sort();
};

const categoryCount = async (category: string, token?: string) => {
  const response = await api('GET', '/v1/downloads/categories', token ? { token } : {});
  expect(response.status).toBe(200);
  return response.body.items.find((item: { id: string }) => item.id === category)?.fileCount ?? 0;
};

const linkFor = (id: string, token?: string) => api('POST', `/v1/downloads/${id}/link`, token ? { token } : {});

async function storedKeysOf(fileId: string): Promise<string[]> {
  const { buckets } = await localInfo();
  const listed = await (await s3()).send(new ListObjectsV2Command({ Bucket: buckets.downloads, Prefix: `files/${fileId}/` }));
  return (listed.Contents ?? []).map((object) => object.Key!);
}

describe('sharing a file', () => {
  it('shows it to customers only once its upload is verified, and counts every link', async () => {
    const category = await newCategory('Podręczniki');
    const { file, content } = await share(category, { audience: 'everyone' }, 'Instrukcja panelu');
    expect(file).toMatchObject({ status: 'awaiting-upload', file: null, downloadCount: 0, version: 1, category });
    expect(file.pendingFile).toMatchObject({ filename: content.filename, size: content.bytes.length, rejectedReason: null });
    expect(file.upload.fields.key).toMatch(new RegExp(`^pending/${file.id}/[0-9a-f]{32}$`));
    expect(await titlesIn(category)).toEqual([]);
    expectError(await linkFor(file.id), 404, 'not_found');

    await postForm(file.upload, content.bytes, content.contentType);
    await settle();
    const listed = await api('GET', `/v1/downloads?category=${category}&lang=pl`);
    expect(listed.body).toEqual({
      items: [
        {
          id: file.id,
          title: 'Instrukcja panelu',
          description: '',
          category: { id: category, name: 'Podręczniki' },
          fileVersion: '1.0',
          filename: content.filename,
          contentType: 'application/zip',
          size: content.bytes.length,
          updatedAt: expect.any(String),
        },
      ],
      nextCursor: null,
    });
    const categories = await api('GET', '/v1/downloads/categories?lang=en');
    expect(categories.body.items).toContainEqual({ id: category, name: 'Podręczniki (en)', description: 'Pliki', fileCount: 1 });

    const link = await linkFor(file.id);
    expect(link.status).toBe(200);
    expect(link.body).toMatchObject({ filename: content.filename, contentType: 'application/zip', size: content.bytes.length });
    expect(new URL(link.body.url).pathname).toMatch(new RegExp(`/support-desk-downloads/files/${file.id}/[0-9a-f]{32}$`));
    const download = await fetch(link.body.url);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(content.bytes);
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="narz_dzie.zip"; filename*=UTF-8''narz%C4%99dzie.zip`);
    await linkFor(file.id);
    const seen = await api('GET', `/v1/staff/downloads/${file.id}`, { token: staff });
    expect(seen.body).toMatchObject({ status: 'available', downloadCount: 2, pendingFile: null, file: { filename: content.filename } });
    // The announced upload was copied out of pending/ (which expires) and its original removed.
    expect(await storedKeysOf(file.id)).toHaveLength(1);
  });

  it('refuses an uploaded file that does not match the announcement, deletes it and shows nothing', async () => {
    const category = await newCategory();
    const { file } = await share(category, { audience: 'everyone' });
    await putObject('downloads', file.upload.fields.key, Buffer.alloc(500, 1), 'application/zip');
    await settle();
    const seen = await api('GET', `/v1/staff/downloads/${file.id}`, { token: staff });
    expect(seen.body).toMatchObject({ status: 'awaiting-upload', pendingFile: { rejectedReason: expect.stringMatching(/larger than/) } });
    expect(await titlesIn(category)).toEqual([]);
    expect(await storedKeysOf(file.id)).toEqual([]);
  });

  it('replaces a file: customers keep the current one until the new upload is verified, then get only the new one', async () => {
    const category = await newCategory();
    const { file, content } = await shareUploaded(category, { audience: 'everyone' });
    const replacement = { filename: 'narzędzie-2.zip', contentType: 'application/zip', bytes: Buffer.from('version two') };
    const patched = await api('PATCH', `/v1/staff/downloads/${file.id}`, {
      token: staff,
      body: { fileVersion: '2.0', file: { filename: replacement.filename, contentType: replacement.contentType, size: replacement.bytes.length }, version: 1 },
    });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body).toMatchObject({ version: 2, fileVersion: '2.0', file: { filename: content.filename }, pendingFile: { filename: replacement.filename } });
    const before = await fetch((await linkFor(file.id)).body.url);
    expect(Buffer.from(await before.arrayBuffer())).toEqual(content.bytes);

    await postForm(patched.body.upload, replacement.bytes, replacement.contentType);
    await settle();
    const after = await linkFor(file.id);
    expect(after.body).toMatchObject({ filename: replacement.filename, size: replacement.bytes.length });
    expect(Buffer.from(await (await fetch(after.body.url)).arrayBuffer())).toEqual(replacement.bytes);
    expect(await storedKeysOf(file.id)).toHaveLength(1);
  });
});

describe('who sees which file', () => {
  it('matches everyone, signed-in, product holders and named customers (exactly one included), in lists, counts and links', async () => {
    const product = unique('product');
    const anna = await customerWith([product, 'domain']);
    const john = await customerWith([]);
    const carol = await customerWith([product]);
    const category = await newCategory();
    const files = {
      everyone: await shareUploaded(category, { audience: 'everyone' }, 'a-everyone'),
      signedIn: await shareUploaded(category, { audience: 'signed-in' }, 'b-signed-in'),
      product: await shareUploaded(category, { audience: 'product', product }, 'c-product'),
      onlyJohn: await shareUploaded(category, { audience: 'customers', customerIds: [john.user.sub] }, 'd-only-john'),
      annaAndJohn: await shareUploaded(category, { audience: 'customers', customerIds: [anna.user.sub, john.user.sub] }, 'e-anna-and-john'),
    };

    const expected: Array<[string, string | undefined, string[]]> = [
      ['a guest', undefined, ['a-everyone']],
      ['anna', anna.token, ['a-everyone', 'b-signed-in', 'c-product', 'e-anna-and-john']],
      ['john', john.token, ['a-everyone', 'b-signed-in', 'd-only-john', 'e-anna-and-john']],
      ['carol', carol.token, ['a-everyone', 'b-signed-in', 'c-product']],
      ['staff (a customer here)', staff, ['a-everyone', 'b-signed-in']],
    ];
    for (const [who, token, titles] of expected) {
      expect(await titlesIn(category, token), who).toEqual(titles);
      expect(await categoryCount(category, token), who).toBe(titles.length);
      for (const [, shared] of Object.entries(files)) {
        const response = await linkFor(shared.file.id, token);
        expect(response.status, `${who} → ${shared.file.title.en}`).toBe(titles.includes(shared.file.title.en) ? 200 : 404);
      }
    }
    // A 404 for a file not shared with you reads exactly like one for a file that does not exist.
    const notShared = await linkFor(files.onlyJohn.file.id, anna.token);
    expect(notShared.body).toEqual((await linkFor('0123456789abcdef', anna.token)).body);

    // Customers never learn the rules or the other customers.
    const listed = await api('GET', `/v1/downloads?category=${category}`, { token: john.token });
    expect(listed.text).not.toMatch(new RegExp(`${anna.user.sub}|audience|visibility|pending/|files/`));
  });

  it('hides a category with nothing for the caller, and a visibility change applies at once', async () => {
    const category = await newCategory();
    const john = await customerWith([]);
    const { file } = await shareUploaded(category, { audience: 'customers', customerIds: [john.user.sub] });
    expect(await categoryCount(category)).toBe(0);
    expect((await api('GET', '/v1/downloads/categories')).body.items.map((item: { id: string }) => item.id)).not.toContain(category);
    expect(await categoryCount(category, john.token)).toBe(1);

    const patched = await api('PATCH', `/v1/staff/downloads/${file.id}`, { token: staff, body: { visibility: { audience: 'everyone' } } });
    expect(patched.status).toBe(200);
    expect(await categoryCount(category)).toBe(1);
    expect((await linkFor(file.id)).status).toBe(200);
  });

  it('pages through only the visible files, newest first, and refuses a cursor of another list', async () => {
    const category = await newCategory();
    const john = await customerWith([]);
    const titles: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const visible = i % 2 === 0;
      const title = `${i}-${visible ? 'visible' : 'hidden'}`;
      await shareUploaded(category, visible ? { audience: 'signed-in' } : { audience: 'customers', customerIds: ['somebody-else'] }, title);
      if (visible) titles.unshift(title);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Array<{ title: string }>; nextCursor: string | null } } = await api(
        'GET',
        `/v1/downloads?category=${category}&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { token: john.token },
      );
      seen.push(...page.body.items.map((item) => item.title));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(titles);

    const first = await api('GET', `/v1/downloads?category=${category}&limit=1`, { token: john.token });
    const other = await newCategory();
    expectError(await api('GET', `/v1/downloads?category=${other}&cursor=${first.body.nextCursor}`, { token: john.token }), 400, 'validation_failed');
  });
});

describe('categories and files, staff side', () => {
  it('moves a file between categories with their counts, refuses to delete a non-empty category, and deletes a file with its stored object', async () => {
    const from = await newCategory();
    const to = await newCategory();
    const { file } = await shareUploaded(from, { audience: 'everyone' });
    const counts = async () => {
      const listed = await api('GET', '/v1/staff/downloads/categories', { token: staff });
      const byId = new Map(listed.body.items.map((item: { id: string; fileCount: number }) => [item.id, item.fileCount]));
      return [byId.get(from), byId.get(to)];
    };
    expect(await counts()).toEqual([1, 0]);
    expect((await api('PATCH', `/v1/staff/downloads/${file.id}`, { token: staff, body: { category: to } })).status).toBe(200);
    expect(await counts()).toEqual([0, 1]);
    expect(await titlesIn(to)).toEqual([file.title.en]);
    expect((await api('GET', `/v1/staff/downloads?category=${to}`, { token: staff })).body.items.map((item: { id: string }) => item.id)).toEqual([file.id]);

    expectError(await api('DELETE', `/v1/staff/downloads/categories/${to}`, { token: staff }), 409, 'conflict');
    expect((await api('DELETE', `/v1/staff/downloads/${file.id}`, { token: staff })).status).toBe(204);
    expectError(await linkFor(file.id), 404, 'not_found');
    expectError(await api('GET', `/v1/staff/downloads/${file.id}`, { token: staff }), 404, 'not_found');
    expect(await storedKeysOf(file.id)).toEqual([]);
    expect(await counts()).toEqual([0, 0]);
    expect((await api('DELETE', `/v1/staff/downloads/categories/${to}`, { token: staff })).status).toBe(204);
    expectError(await api('DELETE', `/v1/staff/downloads/categories/${to}`, { token: staff }), 404, 'not_found');
  });

  it('edits a category in one language and refuses a stale version of a category or a file', async () => {
    const category = await newCategory('Sterowniki');
    const edited = await api('PATCH', `/v1/staff/downloads/categories/${category}`, { token: staff, body: { name: { en: 'Drivers' }, version: 1 } });
    expect(edited.body).toMatchObject({ name: { pl: 'Sterowniki', en: 'Drivers' }, version: 2, fileCount: 0 });
    expectError(await api('PATCH', `/v1/staff/downloads/categories/${category}`, { token: staff, body: { order: 5, version: 1 } }), 409, 'conflict');
    const { file } = await share(category, { audience: 'everyone' });
    expect((await api('PATCH', `/v1/staff/downloads/${file.id}`, { token: staff, body: { title: 'Nowy', version: 1 } })).status).toBe(200);
    expectError(await api('PATCH', `/v1/staff/downloads/${file.id}`, { token: staff, body: { title: 'Stary', version: 1 } }), 409, 'conflict');
    expect((await api('GET', `/v1/staff/downloads/${file.id}`, { token: staff })).body.title).toEqual({ pl: 'Nowy', en: 'Nowy' });
  });

  it.each([
    ['an unknown category', { category: 'no-such-category' }, 'body.category'],
    ['a path in the file name', { file: { filename: '../../etc/passwd', contentType: 'text/plain', size: 5 } }, 'body.file.filename'],
    ['a right-to-left override', { file: { filename: 'setup\u202Etxt.exe', contentType: 'application/octet-stream', size: 5 } }, 'body.file.filename'],
    ['size 0', { file: { filename: 'a.zip', contentType: 'application/zip', size: 0 } }, 'body.file.size'],
    ['a file over the limit', { file: { filename: 'a.iso', contentType: 'application/x-iso9660-image', size: 2048 * 1024 * 1024 + 1 } }, 'body.file.size'],
    ['a content type that is not one', { file: { filename: 'a.zip', contentType: 'zip file', size: 5 } }, 'body.file.contentType'],
    ['no named customer', { visibility: { audience: 'customers', customerIds: [] } }, 'body.visibility.customerIds'],
    ['a customer named twice', { visibility: { audience: 'customers', customerIds: ['a', 'a'] } }, 'body.visibility.customerIds'],
    ['an unknown audience', { visibility: { audience: 'friends' } }, 'body.visibility.audience'],
    ['an extra visibility field', { visibility: { audience: 'everyone', customerIds: ['a'] } }, 'body.visibility.customerIds'],
    ['an unknown field', { downloads: 100 }, 'body.downloads'],
  ])('refuses a file with %s and writes nothing', async (_case, override, path) => {
    const category = await newCategory();
    const body = {
      title: 'Odrzucony',
      category,
      visibility: { audience: 'everyone' },
      file: { filename: 'a.zip', contentType: 'application/zip', size: 5 },
      ...override,
    };
    const response = await api('POST', '/v1/staff/downloads', { token: staff, body });
    expectError(response, 400, 'validation_failed');
    expect(response.body.error.details.map((detail: { path: string }) => detail.path)).toContain(path);
    expect((await api('GET', `/v1/staff/downloads?category=${category}`, { token: staff })).body.items).toEqual([]);
    const listed = await api('GET', '/v1/staff/downloads/categories', { token: staff });
    expect(listed.body.items.find((item: { id: string }) => item.id === category).fileCount).toBe(0);
  });

  it('is for staff: customers get 403 and anonymous callers 401 on every staff downloads route', async () => {
    const { token } = await customerWith([]);
    const category = await newCategory();
    const { file } = await share(category, { audience: 'everyone' });
    const requests: Array<[string, string, unknown]> = [
      ['GET', '/v1/staff/downloads/categories', undefined],
      ['POST', '/v1/staff/downloads/categories', { name: 'X' }],
      ['PATCH', `/v1/staff/downloads/categories/${category}`, { order: 1 }],
      ['DELETE', `/v1/staff/downloads/categories/${category}`, undefined],
      ['GET', '/v1/staff/downloads', undefined],
      ['GET', `/v1/staff/downloads/${file.id}`, undefined],
      ['POST', '/v1/staff/downloads', { title: 'X', category, visibility: { audience: 'everyone' }, file: { filename: 'a.zip', contentType: 'application/zip', size: 1 } }],
      ['PATCH', `/v1/staff/downloads/${file.id}`, { title: 'X' }],
      ['DELETE', `/v1/staff/downloads/${file.id}`, undefined],
    ];
    for (const [method, path, body] of requests) {
      expectError(await api(method, path, { token, ...(body ? { body } : {}) }), 403, 'forbidden');
      expectError(await api(method, path, body ? { body } : {}), 401, 'unauthorized');
    }
    expect((await api('GET', `/v1/staff/downloads/${file.id}`, { token: staff })).body).toMatchObject({ title: file.title, version: 1 });
  });
});
