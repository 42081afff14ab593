import { beforeAll, describe, expect, it } from 'vitest';
import { api, expectError, tokenFor, uniqueUser } from './support/api.ts';

let staff: string;
let customer: string;

beforeAll(async () => {
  staff = await tokenFor(uniqueUser('staff'));
  customer = await tokenFor(uniqueUser('customer'));
});

const tag = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`;
const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

async function create(body: Record<string, unknown>) {
  const response = await api('POST', '/v1/staff/announcements', { token: staff, body });
  expect(response.status).toBe(201);
  return response.body as { id: string; version: number; status: string };
}

/** Every published announcement, page by page. */
async function allPublished(limit: number, query = '') {
  const items: Array<{ id: string; pinned: boolean; publishedAt: string }> = [];
  let cursor: string | null = null;
  do {
    const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page = await api('GET', `/v1/announcements?limit=${limit}${suffix}${query}`);
    expect(page.status).toBe(200);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

async function staffAll() {
  const items: Array<{ id: string }> = [];
  let cursor: string | null = null;
  do {
    const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page = await api('GET', `/v1/staff/announcements?limit=100${suffix}`, { token: staff });
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

describe('publishing and visibility', () => {
  it('shows customers published announcements only: scheduled ones and drafts are invisible (404)', async () => {
    const t = tag();
    const published = await create({ title: `Published ${t}`, body: 'Now.' });
    const scheduled = await create({ title: `Scheduled ${t}`, body: 'Later.', publishAt: hoursFromNow(48) });
    const draft = await create({ title: `Draft ${t}`, body: 'Not yet.', publishAt: null });
    expect([published.status, scheduled.status, draft.status]).toEqual(['published', 'scheduled', 'draft']);

    const ids = (await allPublished(100)).map((a) => a.id);
    expect(ids).toContain(published.id);
    expect(ids).not.toContain(scheduled.id);
    expect(ids).not.toContain(draft.id);

    expect((await api('GET', `/v1/announcements/${published.id}`)).status).toBe(200);
    expectError(await api('GET', `/v1/announcements/${scheduled.id}`), 404, 'not_found');
    expectError(await api('GET', `/v1/announcements/${draft.id}`, { token: customer }), 404, 'not_found');

    const staffIds = (await staffAll()).map((a) => a.id);
    expect(staffIds).toEqual(expect.arrayContaining([published.id, scheduled.id, draft.id]));
  });

  it('publishes a draft, schedules a published one away, and deletes', async () => {
    const draft = await create({ title: `Draft ${tag()}`, body: 'x', publishAt: null });
    const published = await api('PATCH', `/v1/staff/announcements/${draft.id}`, {
      token: staff,
      body: { publishAt: new Date(Date.now() - 1000).toISOString(), version: 1 },
    });
    expect(published.body).toMatchObject({ status: 'published', version: 2 });
    expect((await api('GET', `/v1/announcements/${draft.id}`)).status).toBe(200);

    const rescheduled = await api('PATCH', `/v1/staff/announcements/${draft.id}`, { token: staff, body: { publishAt: hoursFromNow(5) } });
    expect(rescheduled.body.status).toBe('scheduled');
    expectError(await api('GET', `/v1/announcements/${draft.id}`), 404, 'not_found');

    expect((await api('DELETE', `/v1/staff/announcements/${draft.id}`, { token: staff })).status).toBe(204);
    expectError(await api('GET', `/v1/staff/announcements/${draft.id}`, { token: staff }), 404, 'not_found');
    expectError(await api('DELETE', `/v1/staff/announcements/${draft.id}`, { token: staff }), 404, 'not_found');
  });

  it('refuses a stale edit with 409 and keeps the newer text', async () => {
    const a = await create({ title: 'Original', body: 'x' });
    await api('PATCH', `/v1/staff/announcements/${a.id}`, { token: staff, body: { title: 'Changed', version: 1 } });
    expectError(await api('PATCH', `/v1/staff/announcements/${a.id}`, { token: staff, body: { title: 'Stale', version: 1 } }), 409, 'conflict');
    expect((await api('GET', `/v1/staff/announcements/${a.id}`, { token: staff })).body.title.en).toBe('Changed');
  });

  it('keeps staff routes from customers (403) and guests (401)', async () => {
    expectError(await api('POST', '/v1/staff/announcements', { token: customer, body: { title: 'x', body: 'y' } }), 403, 'forbidden');
    expectError(await api('GET', '/v1/staff/announcements'), 401, 'unauthorized');
  });
});

describe('ordering and pagination', () => {
  it('lists pinned first, then newest first, the same across pages as in one page', async () => {
    const t = tag();
    const oldPinned = await create({ title: `Old pinned ${t}`, body: 'x', pinned: true, publishAt: hoursFromNow(-500) });
    const older = await create({ title: `Older ${t}`, body: 'x', publishAt: hoursFromNow(-3) });
    const newer = await create({ title: `Newer ${t}`, body: 'x', publishAt: hoursFromNow(-1) });

    const onePage = await allPublished(100);
    const pinnedFlags = onePage.map((a) => a.pinned);
    expect(pinnedFlags).toEqual([...pinnedFlags].sort((a, b) => Number(b) - Number(a)));
    const unpinned = onePage.filter((a) => !a.pinned).map((a) => a.publishedAt);
    expect(unpinned).toEqual([...unpinned].sort().reverse());
    const ids = onePage.map((a) => a.id);
    expect(ids.indexOf(oldPinned.id)).toBeLessThan(ids.indexOf(newer.id));
    expect(ids.indexOf(newer.id)).toBeLessThan(ids.indexOf(older.id));

    for (const limit of [1, 2, 3]) {
      const paged = (await allPublished(limit)).map((a) => a.id);
      expect(paged).toEqual(ids);
    }
  });

  it('rejects a malformed cursor and a cursor of another list with 400', async () => {
    expectError(await api('GET', '/v1/announcements?cursor=not-a-cursor'), 400, 'validation_failed');
    await create({ title: 'x', body: 'y' });
    const staffPage = await api('GET', '/v1/staff/announcements?limit=1', { token: staff });
    expect(staffPage.body.nextCursor).toEqual(expect.any(String));
    expectError(await api('GET', `/v1/announcements?cursor=${staffPage.body.nextCursor}`), 400, 'validation_failed');
    expectError(await api('GET', '/v1/announcements?limit=0'), 400, 'validation_failed');
  });
});

describe('language', () => {
  it('answers in the language asked for, falling back to the one given', async () => {
    const both = await create({ title: { pl: 'Przerwa techniczna', en: 'Maintenance window' }, body: { pl: 'Treść', en: 'Text' } });
    const polishOnly = await create({ title: { pl: 'Tylko po polsku' }, body: { pl: 'Treść' } });
    expect((await api('GET', `/v1/announcements/${both.id}?lang=pl`)).body.title).toBe('Przerwa techniczna');
    expect((await api('GET', `/v1/announcements/${both.id}`, { headers: { 'accept-language': 'en-GB' } })).body.title).toBe('Maintenance window');
    expect((await api('GET', `/v1/announcements/${polishOnly.id}?lang=en`)).body.title).toBe('Tylko po polsku');
  });
});

describe('Markdown is rendered to sanitized HTML', () => {
  it('renders Markdown and neutralizes scripts, event handlers, javascript: links, raw HTML and comments', async () => {
    const body = [
      '**Bold** and [a link](https://example.com).',
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '[click](javascript:alert(1))',
      '<iframe src="https://evil.example"></iframe>',
      '<!-- hidden comment -->',
    ].join('\n\n');
    const created = await create({ title: 'Sanitized', body });
    const shown = await api('GET', `/v1/announcements/${created.id}`);
    const html: string = shown.body.bodyHtml;
    expect(shown.body.body).toBe(body);
    expect(html).toContain('<strong>Bold</strong>');
    expect(html).toContain('<a href="https://example.com" rel="noopener noreferrer nofollow">a link</a>');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<iframe/i);
    expect(html).not.toMatch(/<!--/);
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).not.toMatch(/<[^>]+\son\w+=/i);
  });
});

/** A small well-formedness check: every tag closed in order, every `&` an entity. */
function expectWellFormedXml(xml: string) {
  const body = xml.replace(/^<\?xml[^>]*\?>\s*/, '');
  const stack: string[] = [];
  for (const match of body.matchAll(/<(\/?)([A-Za-z:]+)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = match;
    if (selfClosing) continue;
    if (closing) expect(stack.pop()).toBe(name);
    else stack.push(name!);
  }
  expect(stack).toEqual([]);
  expect(body).not.toMatch(/&(?!(amp|lt|gt|quot|apos|#\d+);)/);
}

describe('RSS feed', () => {
  it('is valid RSS 2.0 with escaped content, published announcements only', async () => {
    const t = tag();
    const tricky = await create({ title: `Fish & <chips> "quoted" 'single' ${t}`, body: '**Bold** <script>x</script>' });
    const scheduled = await create({ title: `Future ${t}`, body: 'x', publishAt: hoursFromNow(24) });
    const feed = await api('GET', '/v1/announcements/rss');
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    const xml = feed.text;
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(xml).toContain('<rss version="2.0">');
    expectWellFormedXml(xml);
    expect(xml).toContain(`<title>Fish &amp; &lt;chips&gt; &quot;quoted&quot; &apos;single&apos; ${t}</title>`);
    expect(xml).toContain(`<guid isPermaLink="false">announcement-${tricky.id}</guid>`);
    expect(xml).toContain('&lt;p&gt;&lt;strong&gt;Bold&lt;/strong&gt; &amp;lt;script&amp;gt;x&amp;lt;/script&amp;gt;&lt;/p&gt;');
    expect(xml).not.toContain(scheduled.id);
    expect(xml).toMatch(/<pubDate>\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT<\/pubDate>/);
  });

  it('is in the language asked for', async () => {
    expect((await api('GET', '/v1/announcements/rss?lang=pl')).text).toContain('<language>pl</language>');
    expect((await api('GET', '/v1/announcements/rss')).text).toContain('<title>Announcements</title>');
  });
});

describe('bad input never changes data', () => {
  const cases: Array<{ name: string; body: unknown; detail: string }> = [
    { name: 'an unknown field', body: { title: 'x', body: 'y', colour: 'red' }, detail: 'body.colour' },
    { name: 'a missing title', body: { body: 'y' }, detail: 'body.title' },
    { name: 'a publish time that is not ISO', body: { title: 'x', body: 'y', publishAt: 'tomorrow' }, detail: 'body.publishAt' },
    { name: 'a title too long', body: { title: 'x'.repeat(201), body: 'y' }, detail: 'body.title' },
    { name: 'a non-boolean pin', body: { title: 'x', body: 'y', pinned: 'yes' }, detail: 'body.pinned' },
  ];
  for (const testCase of cases) {
    it(`rejects ${testCase.name} with 400 and writes nothing`, async () => {
      const before = await staffAll();
      const response = await api('POST', '/v1/staff/announcements', { token: staff, body: testCase.body });
      expectError(response, 400, 'validation_failed');
      expect(response.body.error.details.map((d: { path: string }) => d.path)).toContain(testCase.detail);
      expect(await staffAll()).toEqual(before);
    });
  }

  it('answers 404 for an id that cannot exist', async () => {
    expectError(await api('GET', '/v1/announcements/not-a-uuid'), 404, 'not_found');
  });
});
