import { describe, expect, it } from 'vitest';
import {
  buildArticleIndex,
  commonTitleWords,
  hasMatch,
  highlightSnippet,
  loadArticleIndex,
  relatedArticles,
  sameRelatedArticles,
  serializeArticleIndex,
  searchArticles,
  suggestArticles,
  type SearchableArticle,
} from '../../shared/domain/articleSearch.ts';
import { normalizeWord, queryWords, stem, termsOfWord } from '../../shared/domain/searchTerms.ts';
import { searchQuerySchema, suggestionsQuerySchema } from '../../shared/schemas/knowledgeBase.ts';

const article = (slug: string, categorySlug: string, pl: string, en: string, text: [string, string], tags: string[] = []): SearchableArticle => ({
  slug,
  categorySlug,
  title: { pl, en },
  text: { pl: text[0], en: text[1] },
  tags,
});

const articles = [
  article('how-to-open-a-ticket', 'support', 'Jak otworzyć zgłoszenie', 'How to open a ticket', [
    'Zgłoszenie otworzysz w panelu klienta w sekcji Pomoc techniczna.',
    'You open a ticket in the customer panel under Technical Support.',
  ], ['pomoc', 'support']),
  article('paying-an-invoice', 'billing', 'Opłacanie faktury', 'Paying an invoice', [
    'Fakturę opłacisz kartą, przelewem lub BLIK-iem.',
    'Pay an invoice by card, bank transfer or BLIK.',
  ], ['faktura', 'invoice', 'payment']),
  article('configure-dns', 'domains', 'Konfiguracja rekordów DNS', 'Configuring DNS records', [
    'Rekordy A, CNAME i MX zmienisz w strefie DNS domeny.',
    'Change A, CNAME and MX records in the domain DNS zone.',
  ], ['dns', 'domena']),
  article('mail-setup', 'mail', 'Konfiguracja poczty w programie pocztowym', 'Setting up e-mail in a mail client', [
    'Serwer IMAP, port 993, SSL. Serwer SMTP, port 465.',
    'IMAP server, port 993, SSL. SMTP server, port 465.',
  ], ['imap', 'smtp']),
];

/** The index as the build stores it. */
const serialized = (list: Parameters<typeof buildArticleIndex>[0]) => serializeArticleIndex(buildArticleIndex(list));

const index = loadArticleIndex(serialized(articles));
const topSlug = (query: string, language: 'pl' | 'en' = 'pl') => searchArticles(index, query, language, 5)[0]?.slug;

describe('term processing', () => {
  it('lower-cases and strips Polish diacritics, ł included', () => {
    expect(normalizeWord('Zgłoszeń')).toBe('zgloszen');
    expect(normalizeWord('ŻÓŁĆ')).toBe('zolc');
    expect(normalizeWord('Łódź')).toBe('lodz');
  });

  it('gives inflected Polish forms one stem', () => {
    expect(stem('zgloszenie')).toBe('zglosz');
    expect(stem(normalizeWord('zgłoszeń'))).toBe('zglosz');
    expect(stem(normalizeWord('zgłoszeniach'))).toBe('zglosz');
  });

  it('gives inflected English forms one stem', () => {
    expect(stem('invoices')).toBe(stem('invoice'));
    expect(stem('records')).toBe(stem('record'));
  });

  it('keeps the full form beside the stem (for typo tolerance) and drops stop words', () => {
    expect(termsOfWord('Zgłoszenie')).toEqual(['zgloszenie', 'zglosz']);
    expect(termsOfWord('jak')).toBeNull();
    expect(termsOfWord('the')).toBeNull();
    expect(termsOfWord('DNS')).toEqual(['dns']);
  });

  it('builds a query of distinct words, ignoring control characters, stop words and absurd words', () => {
    expect(queryWords('Jak\u0000otworzyć\tzgłoszenie, zgłoszenie?', 10)).toEqual(['otworzyć', 'zgłoszenie']);
    expect(queryWords('\u0000\u0001\u001f', 10)).toEqual([]);
    expect(queryWords('x'.repeat(10_000), 10)).toEqual([]);
    expect(queryWords('one two three four', 2)).toEqual(['one', 'two']);
  });
});

describe('search over the index', () => {
  it.each(['zgloszenie', 'zgłoszeń', 'zgloszeine', 'ZGŁOSZENIE', 'zglosz'])('finds "Jak otworzyć zgłoszenie" for %s', (query) => {
    expect(topSlug(query)).toBe('how-to-open-a-ticket');
  });

  it.each(['invoices', 'invoce', 'faktur', 'opłacanie faktury'])('finds "Paying an invoice" for %s', (query) => {
    expect(topSlug(query, 'en')).toBe('paying-an-invoice');
  });

  it('ranks the title match first and shows the title in the asked language', () => {
    const [hit] = searchArticles(index, 'dns', 'en', 5);
    expect(hit).toMatchObject({ slug: 'configure-dns', title: 'Configuring DNS records', categorySlug: 'domains' });
  });

  it('returns nothing for a query with nothing to search for', () => {
    expect(searchArticles(index, '', 'pl', 5)).toEqual([]);
    expect(searchArticles(index, 'jak to', 'pl', 5)).toEqual([]);
    expect(searchArticles(index, '\u0000\u0007', 'pl', 5)).toEqual([]);
  });

  it('highlights the matched words in an escaped snippet', () => {
    const [hit] = searchArticles(index, 'zgłoszenie', 'pl', 5);
    expect(hit?.snippet).toContain('<mark>Zgłoszenie</mark>');
    const snippet = highlightSnippet('Use <b>IMAP</b> & "SMTP"', new Set(['imap']));
    expect(snippet).toBe('Use &lt;b&gt;<mark>IMAP</mark>&lt;/b&gt; &amp; &quot;SMTP&quot;');
  });

  it('starts a long snippet near the first match', () => {
    const text = `${'filler words here '.repeat(40)}the invoice is paid ${'more words '.repeat(40)}`;
    const snippet = highlightSnippet(text, new Set(['invoice']));
    expect(snippet.startsWith('… ')).toBe(true);
    expect(snippet).toContain('<mark>invoice</mark>');
    expect(snippet.length).toBeLessThan(260);
  });
});

describe('snippets when the asked language\'s body has no match', () => {
  // Matches only in the other language's body, or only in a title; titles and bodies hold HTML-ish text to prove escaping.
  const mixed = loadArticleIndex(
    serialized([
      article('quartz-clock', 'misc', 'Ustawienia zegara', 'Clock settings', [
        'Zegar kwarcowy <b>nie</b> wymaga & nie lubi "baterii".',
        'The clock needs no battery.',
      ]),
      article('title-only', 'misc', 'Pelikanowy <poradnik> & więcej', 'Pelican <guide> & more', [
        'Treść bez słowa z tytułu.',
        'A body without the title word.',
      ], ['zegarmistrz']),
    ]),
  );
  const snippetFor = (query: string, language: 'pl' | 'en') => searchArticles(mixed, query, language, 5)[0];

  it('takes the snippet from the other language\'s body when only that body matched (kwarcowy, lang=en)', () => {
    const hit = snippetFor('kwarcowy', 'en');
    expect(hit).toMatchObject({ slug: 'quartz-clock', title: 'Clock settings' });
    expect(hit?.snippet).toBe('Zegar <mark>kwarcowy</mark> &lt;b&gt;nie&lt;/b&gt; wymaga &amp; nie lubi &quot;baterii&quot;.');
  });

  it('takes the snippet from the other language\'s body for the fixture article too (invoices, lang=pl)', () => {
    const [hit] = searchArticles(index, 'invoices', 'pl', 5);
    expect(hit).toMatchObject({ slug: 'paying-an-invoice', title: 'Opłacanie faktury' });
    expect(hit?.snippet).toBe('Pay an <mark>invoice</mark> by card, bank transfer or BLIK.');
  });

  it('takes the snippet from the title in the asked language when only that title matched', () => {
    expect(snippetFor('pelikanowy', 'pl')?.snippet).toBe('<mark>Pelikanowy</mark> &lt;poradnik&gt; &amp; więcej');
  });

  it('takes the snippet from the other title when only that title matched', () => {
    const hit = snippetFor('pelican', 'pl');
    expect(hit).toMatchObject({ slug: 'title-only', title: 'Pelikanowy <poradnik> & więcej' });
    expect(hit?.snippet).toBe('<mark>Pelican</mark> &lt;guide&gt; &amp; more');
  });

  it('keeps the body in the asked language when it matched, even if the other one did too', () => {
    expect(snippetFor('clock', 'en')?.snippet).toBe('The <mark>clock</mark> needs no battery.');
    expect(searchArticles(index, 'dns', 'pl', 5)[0]?.snippet).toBe('Rekordy A, CNAME i MX zmienisz w strefie <mark>DNS</mark> domeny.');
  });

  it('shows the start of the asked body, unmarked, when only a tag matched', () => {
    expect(snippetFor('zegarmistrz', 'en')?.snippet).toBe('A body without the title word.');
  });

  it('does the same for suggestions', () => {
    const [hit] = suggestArticles(mixed, 'kwarcowy', '', 'en', 3);
    expect(hit?.snippet).toContain('<mark>kwarcowy</mark>');
  });

  it('tells whether a text has a matched word', () => {
    expect(hasMatch('Zegar kwarcowy', new Set(['kwarcowy']))).toBe(true);
    expect(hasMatch('Clock settings', new Set(['kwarcowy']))).toBe(false);
  });
});

describe('result limits', () => {
  const limitOf = (schema: typeof searchQuerySchema | typeof suggestionsQuerySchema, limit: string) => {
    const parsed = schema.safeParse({ q: 'dns', limit });
    return parsed.success ? parsed.data.limit : 'invalid';
  };

  it('lets search return the top 1 to 100 results', () => {
    expect(limitOf(searchQuerySchema, '1')).toBe(1);
    expect(limitOf(searchQuerySchema, '50')).toBe(50);
    expect(limitOf(searchQuerySchema, '100')).toBe(100);
    for (const bad of ['0', '101', '500', '1000', '-1', '2.5', 'ten', '']) expect(limitOf(searchQuerySchema, bad)).toBe('invalid');
  });

  it('slices the ranked results to the limit', () => {
    const many = loadArticleIndex(
      serialized(Array.from({ length: 30 }, (_, i) => article(`same-${i}`, 'misc', `Wspólny temat ${i}`, `Shared topic ${i}`, ['Kolibrowy.', 'Hummingbird.']))),
    );
    expect(searchArticles(many, 'hummingbird', 'en', 25)).toHaveLength(25);
    expect(searchArticles(many, 'hummingbird', 'en', 100)).toHaveLength(30);
  });

  it('keeps suggestions at 1 to 20', () => {
    const parsed = (limit: string) => suggestionsQuerySchema.safeParse({ subject: 'dns', limit });
    expect(parsed('20').success).toBe(true);
    expect(parsed('21').success).toBe(false);
  });
});

describe('suggestions and related articles', () => {
  it('suggests the articles a ticket is about, the subject weighing more than the message', () => {
    const hits = suggestArticles(index, 'Nie mogę opłacić faktury', 'Próbowałem kartą, ale płatność nie przechodzi. Jak mam zgłosić ten problem?', 'pl', 3);
    expect(hits[0]?.slug).toBe('paying-an-invoice');
  });

  it('suggests nothing for an empty ticket', () => {
    expect(suggestArticles(index, '', '', 'pl', 3)).toEqual([]);
  });

  it('relates articles by their topic, not by the words nearly every title has', () => {
    const topics = ['DNS', 'SSL', 'FTP', 'PHP', 'Cron', 'Cache'];
    const many = Array.from({ length: 60 }, (_, i) =>
      article(`how-${i}`, 'misc', `Jak skonfigurować ${topics[i % 6]} ${i}`, `How to configure ${topics[i % 6]} ${i}`, ['Treść.', 'Body.']),
    );
    const common = commonTitleWords(many);
    expect([...common].sort()).toEqual(['configur', 'skonfigurowac']);
    const manyIndex = buildArticleIndex(many);
    const related = relatedArticles(manyIndex, many[0]!, 4, common);
    expect(related).toHaveLength(4);
    expect(related.every((link) => link.title.en.includes('DNS'))).toBe(true);
    // With only words every title has, an article is related to none rather than to all.
    expect(relatedArticles(manyIndex, { ...many[0]!, title: { pl: 'Jak skonfigurować', en: 'How to configure' } }, 4, common)).toEqual([]);
  });

  it('tells a changed related list from the stored one, whatever order a stored map keeps', () => {
    const link = { slug: 'mail-setup', categorySlug: 'mail', title: { pl: 'Poczta', en: 'Mail' } };
    const stored = [{ title: { en: 'Mail', pl: 'Poczta' }, categorySlug: 'mail', slug: 'mail-setup' }];
    expect(sameRelatedArticles([link], stored)).toBe(true);
    expect(sameRelatedArticles([link], undefined)).toBe(false);
    expect(sameRelatedArticles([], [])).toBe(true);
    expect(sameRelatedArticles([link], [])).toBe(false);
    expect(sameRelatedArticles([link], [{ ...link, title: { pl: 'Poczta', en: 'E-mail' } }])).toBe(false);
    expect(sameRelatedArticles([link, { ...link, slug: 'b' }], [{ ...link, slug: 'b' }, link])).toBe(false);
  });

  it('relates articles by their titles and tags, never the article itself', () => {
    const related = relatedArticles(index, { slug: 'configure-dns', categorySlug: 'domains', title: { pl: 'Poczta i DNS', en: 'Mail and DNS' }, tags: ['imap'] }, 3);
    expect(related.map((r) => r.slug)).toContain('mail-setup');
    expect(related.map((r) => r.slug)).not.toContain('configure-dns');
  });
});
