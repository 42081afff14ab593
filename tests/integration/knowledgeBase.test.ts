import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { api, expectError, tokenFor, uniqueUser } from './support/api.ts';
import { configureAsLocalFunction, localTableClient } from './support/inProcess.ts';

let staff: string;
let admin: string;
let customer: string;

beforeAll(async () => {
  staff = await tokenFor(uniqueUser('staff'));
  admin = await tokenFor(uniqueUser('admin'));
  customer = await tokenFor(uniqueUser('customer'));
});

const tag = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`;
const settle = () => api('POST', '/_local/settle', { unchecked: true });

async function newCategory(extra: Record<string, unknown> = {}) {
  const slug = `cat-${tag()}`;
  const response = await api('POST', '/v1/staff/kb/categories', { token: staff, body: { slug, name: { pl: `Kategoria ${slug}`, en: `Category ${slug}` }, ...extra } });
  expect(response.status).toBe(201);
  return slug;
}

async function newArticle(category: string, extra: Record<string, unknown> = {}) {
  const slug = `art-${tag()}`;
  const response = await api('POST', '/v1/staff/kb/articles', {
    token: staff,
    body: { slug, category, title: `Article ${slug}`, body: `Body of ${slug}.`, published: true, ...extra },
  });
  expect(response.status).toBe(201);
  return response.body as { slug: string; version: number };
}

const customerCategory = async (slug: string) =>
  ((await api('GET', '/v1/kb/categories')).body.items as Array<{ slug: string; articleCount: number }>).find((c) => c.slug === slug);
const staffCategory = async (slug: string) =>
  ((await api('GET', '/v1/staff/kb/categories', { token: staff })).body.items as Array<{ slug: string; publishedArticleCount: number; totalArticleCount: number }>).find(
    (c) => c.slug === slug,
  );
const searchSlugs = async (q: string) => ((await api('GET', `/v1/kb/search?q=${encodeURIComponent(q)}`)).body.items as Array<{ slug: string }>).map((hit) => hit.slug);

describe('categories and article counts', () => {
  it('counts published articles, kept up to date as articles are published, unpublished, moved and deleted', async () => {
    const first = await newCategory();
    const second = await newCategory();
    const a = await newArticle(first);
    await newArticle(first);
    const draft = await newArticle(first, { published: false });
    expect((await customerCategory(first))?.articleCount).toBe(2);
    expect(await staffCategory(first)).toMatchObject({ publishedArticleCount: 2, totalArticleCount: 3 });

    await api('PATCH', `/v1/staff/kb/articles/${draft.slug}`, { token: staff, body: { published: true } });
    expect((await customerCategory(first))?.articleCount).toBe(3);
    await api('PATCH', `/v1/staff/kb/articles/${a.slug}`, { token: staff, body: { published: false } });
    expect((await customerCategory(first))?.articleCount).toBe(2);

    await api('PATCH', `/v1/staff/kb/articles/${draft.slug}`, { token: staff, body: { category: second } });
    expect((await customerCategory(first))?.articleCount).toBe(1);
    expect((await customerCategory(second))?.articleCount).toBe(1);
    expect(await staffCategory(first)).toMatchObject({ publishedArticleCount: 1, totalArticleCount: 2 });

    expect((await api('DELETE', `/v1/staff/kb/articles/${draft.slug}`, { token: staff })).status).toBe(204);
    expect(await staffCategory(second)).toMatchObject({ publishedArticleCount: 0, totalArticleCount: 0 });
  });

  it('shows a category with its subcategories and published articles only, a page at a time', async () => {
    const parent = await newCategory();
    const child = await newCategory({ parent, order: 1 });
    const published = [await newArticle(parent), await newArticle(parent)];
    const draft = await newArticle(parent, { published: false });
    const page = await api('GET', `/v1/kb/categories/${parent}?lang=pl`);
    expect(page.status).toBe(200);
    expect(page.body.category).toMatchObject({ slug: parent, name: `Kategoria ${parent}`, articleCount: 2 });
    expect(page.body.subcategories.map((c: { slug: string }) => c.slug)).toEqual([child]);
    expect(page.body.items.map((a: { slug: string }) => a.slug).sort()).toEqual(published.map((a) => a.slug).sort());
    expect(page.body.items.map((a: { slug: string }) => a.slug)).not.toContain(draft.slug);

    const first = await api('GET', `/v1/kb/categories/${parent}?limit=1`);
    expect(first.body.items).toHaveLength(1);
    const second = await api('GET', `/v1/kb/categories/${parent}?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.items[0].slug).not.toBe(first.body.items[0].slug);
    const other = await newCategory();
    await newArticle(other);
    await newArticle(other);
    const foreign = await api('GET', `/v1/kb/categories/${other}?limit=1`);
    expectError(await api('GET', `/v1/kb/categories/${parent}?limit=1&cursor=${foreign.body.nextCursor}`), 400, 'validation_failed');
    expectError(await api('GET', `/v1/kb/categories/no-such-${tag()}`), 404, 'not_found');
  });

  it('keeps a category tree two levels deep and refuses to delete a category that is not empty', async () => {
    const top = await newCategory();
    const child = await newCategory({ parent: top });
    const nested = await api('POST', '/v1/staff/kb/categories', { token: staff, body: { name: 'Too deep', parent: child } });
    expectError(nested, 400, 'validation_failed');
    expectError(await api('DELETE', `/v1/staff/kb/categories/${top}`, { token: staff }), 409, 'conflict');
    await newArticle(child, { published: false });
    expectError(await api('DELETE', `/v1/staff/kb/categories/${child}`, { token: staff }), 409, 'conflict');
    const empty = await newCategory();
    expect((await api('DELETE', `/v1/staff/kb/categories/${empty}`, { token: staff })).status).toBe(204);
    expect(await staffCategory(empty)).toBeUndefined();
  });
});

describe('articles', () => {
  it('hides drafts from customers (404) but not from staff', async () => {
    const category = await newCategory();
    const draft = await newArticle(category, { published: false });
    expectError(await api('GET', `/v1/kb/articles/${draft.slug}`), 404, 'not_found');
    expectError(await api('GET', `/v1/kb/articles/${draft.slug}`, { token: customer }), 404, 'not_found');
    expectError(await api('POST', `/v1/kb/articles/${draft.slug}/vote`, { token: customer, body: { helpful: true } }), 404, 'not_found');
    expect((await api('GET', `/v1/staff/kb/articles/${draft.slug}`, { token: staff })).body.published).toBe(false);
    const listed = await api('GET', '/v1/staff/kb/articles?limit=100', { token: staff });
    expect(listed.body.items.map((a: { slug: string }) => a.slug)).toContain(draft.slug);
    expectError(await api('GET', '/v1/staff/kb/articles', { token: customer }), 403, 'forbidden');
  });

  it('counts every view, concurrent ones included', async () => {
    const article = await newArticle(await newCategory());
    expect((await api('GET', `/v1/kb/articles/${article.slug}`)).body.views).toBe(1);
    await Promise.all(Array.from({ length: 5 }, () => api('GET', `/v1/kb/articles/${article.slug}`)));
    expect((await api('GET', `/v1/kb/articles/${article.slug}`)).body.views).toBe(7);
  });

  it('takes one vote per visitor per article: signed-in users by id, guests by address and browser', async () => {
    const article = await newArticle(await newCategory());
    const path = `/v1/kb/articles/${article.slug}/vote`;
    const first = await api('POST', path, { token: customer, body: { helpful: true } });
    expect(first.body).toEqual({ helpfulVotes: 1, notHelpfulVotes: 0 });
    expectError(await api('POST', path, { token: customer, body: { helpful: false } }), 409, 'conflict');
    const other = await tokenFor(uniqueUser('customer'));
    expect((await api('POST', path, { token: other, body: { helpful: false } })).body).toEqual({ helpfulVotes: 1, notHelpfulVotes: 1 });

    // A visitor is an address and a browser; this one keeps both.
    const browser = { 'user-agent': `TestBrowser/${tag()}`, 'x-local-source-ip': '203.0.113.9' };
    expect((await api('POST', path, { headers: browser, body: { helpful: true } })).status).toBe(200);
    expectError(await api('POST', path, { headers: browser, body: { helpful: true } }), 409, 'conflict');
    expect((await api('POST', path, { headers: { 'user-agent': `Other/${tag()}`, 'x-local-source-ip': '203.0.113.9' }, body: { helpful: true } })).body).toEqual({ helpfulVotes: 3, notHelpfulVotes: 1 });

    const shown = await api('GET', `/v1/kb/articles/${article.slug}`);
    expect(shown.body).toMatchObject({ helpfulVotes: 3, notHelpfulVotes: 1 });
    expectError(await api('POST', path, { token: await tokenFor(uniqueUser('customer')), body: { helpful: 'yes' } }), 400, 'validation_failed');
  });

  it('deletes an article with its views and votes: the slug used again starts from nothing', async () => {
    const category = await newCategory();
    const article = await newArticle(category);
    await api('GET', `/v1/kb/articles/${article.slug}`);
    expect((await api('POST', `/v1/kb/articles/${article.slug}/vote`, { token: customer, body: { helpful: true } })).status).toBe(200);
    expect((await api('DELETE', `/v1/staff/kb/articles/${article.slug}`, { token: staff })).status).toBe(204);
    expectError(await api('DELETE', `/v1/staff/kb/articles/${article.slug}`, { token: staff }), 404, 'not_found');

    await newArticle(category, { slug: article.slug });
    expect((await api('GET', `/v1/kb/articles/${article.slug}`)).body).toMatchObject({ views: 1, helpfulVotes: 0, notHelpfulVotes: 0 });
    expect((await api('POST', `/v1/kb/articles/${article.slug}/vote`, { token: customer, body: { helpful: true } })).status).toBe(200);
  });

  it('renders Markdown to sanitized HTML at write time', async () => {
    const body = '# Title\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[bad](javascript:alert(1)) [good](https://example.com)\n\n<!-- note --><b>raw</b>';
    const created = await api('POST', '/v1/staff/kb/articles', { token: staff, body: { category: await newCategory(), title: `Safe ${tag()}`, body, published: true } });
    const html: string = created.body.bodyHtml.en;
    expect(html).toContain('<h1>Title</h1>');
    expect(html).toContain('<a href="https://example.com" rel="noopener noreferrer nofollow">good</a>');
    expect(html).not.toMatch(/<script|<img|<b>|<!--|href="javascript:/i);
    expect(html).not.toMatch(/<[^>]+\son\w+=/i);
    const shown = await api('GET', `/v1/kb/articles/${created.body.slug}`);
    expect(shown.body.bodyHtml).toBe(html);
    expect(shown.body.body).toBe(body);
  });

  it('refuses a duplicate slug (409), an unknown category and unknown fields (400), writing nothing', async () => {
    const category = await newCategory();
    const existing = await newArticle(category);
    const before = await staffCategory(category);
    expectError(await api('POST', '/v1/staff/kb/articles', { token: staff, body: { slug: existing.slug, category, title: 'x', body: 'y' } }), 409, 'conflict');
    const missing = await api('POST', '/v1/staff/kb/articles', { token: staff, body: { slug: `new-${tag()}`, category: `none-${tag()}`, title: 'x', body: 'y' } });
    expectError(missing, 400, 'validation_failed');
    expect(missing.body.error.details).toEqual([{ path: 'body.category', message: 'Must be an existing category' }]);
    expectError(await api('POST', '/v1/staff/kb/articles', { token: staff, body: { category, title: 'x', body: 'y', colour: 'red' } }), 400, 'validation_failed');
    expectError(await api('PATCH', `/v1/staff/kb/articles/${existing.slug}`, { token: staff, body: { category: `none-${tag()}` } }), 400, 'validation_failed');
    expect(await staffCategory(category)).toEqual(before);
    expect((await api('GET', `/v1/staff/kb/articles/${existing.slug}`, { token: staff })).body.version).toBe(1);
  });

  it('refuses a stale edit with 409', async () => {
    const article = await newArticle(await newCategory());
    await api('PATCH', `/v1/staff/kb/articles/${article.slug}`, { token: staff, body: { title: 'Second', version: 1 } });
    expectError(await api('PATCH', `/v1/staff/kb/articles/${article.slug}`, { token: staff, body: { title: 'Stale', version: 1 } }), 409, 'conflict');
  });
});

describe('search, suggestions and related articles (after the index is rebuilt from the stream)', () => {
  let ticketArticle: string;
  let invoiceArticle: string;
  let draftArticle: string;

  beforeAll(async () => {
    const category = await newCategory();
    ticketArticle = (
      await newArticle(category, {
        title: { pl: 'Jak otworzyć zgłoszenie', en: 'How to open a ticket' },
        body: { pl: 'Zgłoszenie otworzysz w panelu klienta.', en: 'Open a ticket in the customer panel.' },
        tags: ['pomoc'],
      })
    ).slug;
    invoiceArticle = (
      await newArticle(category, {
        title: { pl: 'Opłacanie faktury', en: 'Paying an invoice' },
        body: { pl: 'Fakturę opłacisz kartą lub przelewem.', en: 'Pay an invoice by card or bank transfer.' },
        tags: ['faktura', 'invoice'],
      })
    ).slug;
    draftArticle = (await newArticle(category, { title: 'Quokkaparadigm draft', published: false })).slug;
    await settle();
  });

  it.each(['zgloszenie', 'zgłoszeń', 'zgloszeine', 'ZGŁOSZENIE'])('finds "Jak otworzyć zgłoszenie" for %s', async (q) => {
    expect(await searchSlugs(q)).toContain(ticketArticle);
  });

  it.each(['invoices', 'invoce', 'faktury'])('finds "Paying an invoice" for %s', async (q) => {
    expect(await searchSlugs(q)).toContain(invoiceArticle);
  });

  it('ranks, translates and highlights', async () => {
    const result = await api('GET', `/v1/kb/search?q=${encodeURIComponent('opłacanie faktury')}&lang=pl&limit=3`);
    expect(result.body.items.length).toBeLessThanOrEqual(3);
    const hit = result.body.items.find((item: { slug: string }) => item.slug === invoiceArticle);
    expect(hit.title).toBe('Opłacanie faktury');
    expect(hit.snippet).toContain('<mark>Fakturę</mark>');
    const scores = result.body.items.map((item: { score: number }) => item.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('highlights a match in the other language\'s body when the asked one has none (invoices, lang=pl)', async () => {
    const result = await api('GET', '/v1/kb/search?q=invoices&lang=pl');
    const hit = result.body.items.find((item: { slug: string }) => item.slug === invoiceArticle);
    expect(hit.title).toBe('Opłacanie faktury');
    expect(hit.snippet).toBe('Pay an <mark>invoice</mark> by card or bank transfer.');
  });

  it('highlights a match only in a title, escaped (kwarcowy, lang=en)', async () => {
    const article = await newArticle(await newCategory(), {
      title: { pl: 'Zegar kwarcowy <i>&</i> bateria', en: 'Clock & battery' },
      body: { pl: 'Wymiana baterii zajmuje minutę.', en: 'Changing the battery takes a minute.' },
    });
    await settle();
    const result = await api('GET', '/v1/kb/search?q=kwarcowy&lang=en');
    const hit = result.body.items.find((item: { slug: string }) => item.slug === article.slug);
    expect(hit.title).toBe('Clock & battery');
    expect(hit.snippet).toBe('Zegar <mark>kwarcowy</mark> &lt;i&gt;&amp;&lt;/i&gt; bateria');
  });

  it('returns the top `limit` results, up to 100, and no cursor', async () => {
    const category = await newCategory();
    const word = `Heronmatch${tag()}`;
    for (let i = 0; i < 25; i += 1) await newArticle(category, { title: `${word} number ${i}` });
    await settle();
    const many = await api('GET', `/v1/kb/search?q=${word}&limit=50`);
    expect(many.status).toBe(200);
    expect(many.body.items).toHaveLength(25);
    expect(many.body).not.toHaveProperty('nextCursor');
    expect((await api('GET', `/v1/kb/search?q=${word}&limit=21`)).body.items).toHaveLength(21);
    expect((await api('GET', `/v1/kb/search?q=${word}&limit=100`)).body.items).toHaveLength(25);
    expect((await api('GET', `/v1/kb/search?q=${word}`)).body.items).toHaveLength(10);
    expectError(await api('GET', `/v1/kb/search?q=${word}&limit=101`), 400, 'validation_failed');
    expectError(await api('GET', `/v1/kb/search?q=${word}&limit=0`), 400, 'validation_failed');
  });

  it('never finds a draft, and drops an article from results once unpublished', async () => {
    expect(await searchSlugs('Quokkaparadigm')).not.toContain(draftArticle);
    const gone = await newArticle(await newCategory(), { title: 'Zebracornflake vanishing article' });
    await settle();
    expect(await searchSlugs('zebracornflake')).toEqual([gone.slug]);
    await api('PATCH', `/v1/staff/kb/articles/${gone.slug}`, { token: staff, body: { published: false } });
    await settle();
    expect(await searchSlugs('zebracornflake')).toEqual([]);
  });

  it('picks up an edited title without a redeploy', async () => {
    const article = await newArticle(await newCategory(), { title: 'Before the edit' });
    await settle();
    await api('PATCH', `/v1/staff/kb/articles/${article.slug}`, { token: staff, body: { title: 'Flamingoquartz renamed' } });
    await settle();
    expect(await searchSlugs('flamingoquartz')).toEqual([article.slug]);
  });

  it('suggests articles for a ticket being written', async () => {
    const response = await api('GET', `/v1/kb/suggestions?subject=${encodeURIComponent('Nie mogę opłacić faktury')}&message=${encodeURIComponent('Płatność kartą nie przechodzi.')}`);
    expect(response.status).toBe(200);
    expect(response.body.items.map((item: { slug: string }) => item.slug)).toContain(invoiceArticle);
    expect((await api('GET', '/v1/kb/suggestions')).body.items).toEqual([]);
  });

  it('lists related articles with an article, never the article itself', async () => {
    const category = await newCategory();
    const one = await newArticle(category, { title: 'Wombatflux backup basics', tags: ['wombatflux'] });
    const two = await newArticle(category, { title: 'Wombatflux restore guide', tags: ['wombatflux'] });
    await settle();
    const shown = await api('GET', `/v1/kb/articles/${one.slug}`);
    const related = shown.body.related.map((r: { slug: string }) => r.slug);
    expect(related).toContain(two.slug);
    expect(related).not.toContain(one.slug);
    expect(shown.body.related.find((r: { slug: string }) => r.slug === two.slug)).toEqual({ slug: two.slug, title: 'Wombatflux restore guide', category });
  });

  it('keeps related articles current: an edited title shows, an unpublished article drops out', async () => {
    const category = await newCategory();
    const one = await newArticle(category, { title: 'Quokkaline mail filters', tags: ['quokkaline'] });
    const two = await newArticle(category, { title: 'Quokkaline spam rules', tags: ['quokkaline'] });
    await settle();
    const relatedOf = async (slug: string) => (await api('GET', `/v1/kb/articles/${slug}`)).body.related as Array<{ slug: string; title: string }>;
    expect((await relatedOf(one.slug)).map((r) => r.slug)).toContain(two.slug);

    await api('PATCH', `/v1/staff/kb/articles/${two.slug}`, { token: staff, body: { title: 'Quokkaline spam rules, revised', version: two.version } });
    await settle();
    expect((await relatedOf(one.slug)).find((r) => r.slug === two.slug)?.title).toBe('Quokkaline spam rules, revised');

    await api('PATCH', `/v1/staff/kb/articles/${two.slug}`, { token: staff, body: { published: false, version: two.version + 1 } });
    await settle();
    expect((await relatedOf(one.slug)).map((r) => r.slug)).not.toContain(two.slug);
  });

  it('lets an admin rebuild the index on demand', async () => {
    const rebuilt = await api('POST', '/v1/staff/kb/search-index/rebuild', { token: admin });
    expect(rebuilt.status).toBe(200);
    expect(rebuilt.body.articleCount).toBeGreaterThan(2);
    expectError(await api('POST', '/v1/staff/kb/search-index/rebuild', { token: staff }), 403, 'forbidden');
    expect(await searchSlugs('zgloszenie')).toContain(ticketArticle);
  });

  it('a fresh function loads the current index, also when a newer stored chunk is not the current one', async () => {
    const info = (await api('GET', '/_local/info', { unchecked: true })).body as { dynamodbUrl: string; tableName: string };
    configureAsLocalFunction(info);
    const searchInFreshFunction = async () => {
      vi.resetModules();
      const { searchKnowledgeBase } = await import('../../shared/useCases/knowledgeBaseSearch.ts');
      return (await searchKnowledgeBase('zgloszenie', 'pl')).items.map((hit) => hit.slug);
    };
    expect(await searchInFreshFunction()).toContain(ticketArticle);

    // A build still writing (chunks stored, pointer not moved yet) leaves the newest chunk not current.
    const table = localTableClient(info);
    const stray = { pk: 'KB#SEARCH_INDEX#CHUNKS', sk: 'zzzzzzzz-unpublished#00000' };
    await table.send(new PutCommand({ TableName: info.tableName, Item: { ...stray, entity: 'kbSearchIndexChunk', data: Buffer.from('not an index') } }));
    try {
      expect(await searchInFreshFunction()).toContain(ticketArticle);
    } finally {
      await table.send(new DeleteCommand({ TableName: info.tableName, Key: stray }));
    }
  });

  it('leaves no failed stream batch behind', async () => {
    const failures = await api('GET', '/_local/failures', { unchecked: true });
    expect(failures.body.items.filter((f: { consumer: string }) => f.consumer === 'kb-search-index')).toEqual([]);
  });
});

describe('bad search input is a clear 400 or an empty result, never a 500', () => {
  it.each([
    ['an empty query', '/v1/kb/search?q='],
    ['a blank query', '/v1/kb/search?q=%20%20'],
    ['no query', '/v1/kb/search'],
    ['a 10,000-character query', `/v1/kb/search?q=${'a'.repeat(10_000)}`],
    ['a limit out of range', '/v1/kb/search?q=dns&limit=500'],
    ['an unknown parameter', '/v1/kb/search?q=dns&sort=asc'],
    ['a 10,000-character ticket message', `/v1/kb/suggestions?message=${'a'.repeat(10_000)}`],
  ])('answers %s with 400', async (_name, path) => {
    const response = await api('GET', path);
    expectError(response, 400, 'validation_failed');
  });

  it.each([
    ['control characters only', '/v1/kb/search?q=%00%01%1F%7F'],
    ['stop words only', '/v1/kb/search?q=jak%20to%20the'],
    ['punctuation only', '/v1/kb/search?q=%3C%3E%22%27%26'],
    ['control characters in a ticket', '/v1/kb/suggestions?subject=%00%07&message=%1B'],
  ])('answers %s with an empty result', async (_name, path) => {
    const response = await api('GET', path);
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([]);
  });

  it('still searches the words around control characters', async () => {
    const article = await newArticle(await newCategory(), {
      title: 'Pelikanvortex and mandarynkafog',
      body: 'Pelikanvortex meets mandarynkafog.',
    });
    await settle();
    const response = await api('GET', '/v1/kb/search?q=%00pelikanvortex%01mandarynkafog%1F');
    expect(response.status).toBe(200);
    expect(response.body.items.map((hit: { slug: string }) => hit.slug)).toEqual([article.slug]);
    // Both words were searched (the control characters separated them, not glued them into one word).
    expect(response.body.items[0].snippet).toBe('<mark>Pelikanvortex</mark> meets <mark>mandarynkafog</mark>.');
  });
});
