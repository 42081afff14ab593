import { describe, expect, it } from 'vitest';
import {
  buildArticleIndex,
  highlightSnippet,
  loadArticleIndex,
  relatedArticles,
  searchArticles,
  suggestArticles,
  type SearchableArticle,
} from '../../shared/domain/articleSearch.ts';
import { normalizeWord, queryWords, stem, termsOfWord } from '../../shared/domain/searchTerms.ts';

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

const index = loadArticleIndex(buildArticleIndex(articles));
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

describe('suggestions and related articles', () => {
  it('suggests the articles a ticket is about, the subject weighing more than the message', () => {
    const hits = suggestArticles(index, 'Nie mogę opłacić faktury', 'Próbowałem kartą, ale płatność nie przechodzi. Jak mam zgłosić ten problem?', 'pl', 3);
    expect(hits[0]?.slug).toBe('paying-an-invoice');
  });

  it('suggests nothing for an empty ticket', () => {
    expect(suggestArticles(index, '', '', 'pl', 3)).toEqual([]);
  });

  it('relates articles by their titles and tags, never the article itself', () => {
    const related = relatedArticles(index, { slug: 'configure-dns', categorySlug: 'domains', title: { pl: 'Poczta i DNS', en: 'Mail and DNS' }, tags: ['imap'] }, 'en', 3);
    expect(related.map((r) => r.slug)).toContain('mail-setup');
    expect(related.map((r) => r.slug)).not.toContain('configure-dns');
  });
});
