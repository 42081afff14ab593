/**
 * The knowledge base's search index: MiniSearch over the published articles, both languages at
 * once, with the term processing of searchTerms.ts. Ranking (BM25 with field boosts, prefix and
 * fuzzy matches scored below exact ones) is the library's; this module decides what is indexed,
 * how queries are built and how results are shown. Pure functions, no AWS.
 */
import MiniSearch, { type Options, type SearchResult } from 'minisearch';
import type { Language, LocalizedText } from '../schemas/common.ts';
import { byCodeUnit } from './ordering.ts';
import { fuzzinessFor, prefixFor, queryWords, splitWords, termsOfWord } from './searchTerms.ts';
import { resolveText } from './text.ts';

/** What the index needs of a published article. */
export interface SearchableArticle {
  slug: string;
  categorySlug: string;
  title: LocalizedText;
  /** Plain text of the body (no Markdown), per language. */
  text: LocalizedText;
  tags: string[];
}

/** An article version as the index sees it: published or not, and a fingerprint of what it indexes. */
export interface IndexedView {
  published: boolean;
  /** Equal for two versions exactly when the index would hold the same for both. */
  fingerprint: string;
}

/** The index holds published articles only: a change matters if either side is published and they differ. */
export function changesSearchIndex(before: IndexedView | undefined, after: IndexedView | undefined): boolean {
  if (!before?.published && !after?.published) return false;
  return before?.published !== after?.published || before?.fingerprint !== after?.fingerprint;
}

interface IndexedArticle {
  id: string;
  categorySlug: string;
  titlePl: string;
  titleEn: string;
  tags: string;
  textPl: string;
  textEn: string;
}

export interface ArticleHit {
  slug: string;
  categorySlug: string;
  title: string;
  /**
   * HTML: the text around the first match, escaped, with matched words in `<mark>`: from the body in
   * the asked language, or from the text that matched when that body did not (see `snippetOf`).
   */
  snippet: string;
  score: number;
}

/** Body text kept in the index for snippets; matches beyond it still rank, they just show the start. */
const STORED_TEXT_LENGTH = 3000;
const SNIPPET_LENGTH = 200;
export const SEARCH_QUERY_WORDS = 12;

const indexOptions: Options<IndexedArticle> = {
  fields: ['titlePl', 'titleEn', 'tags', 'textPl', 'textEn'],
  storeFields: ['categorySlug', 'titlePl', 'titleEn', 'textPl', 'textEn'],
  tokenize: splitWords,
  processTerm: termsOfWord,
  searchOptions: {
    boost: { titlePl: 3, titleEn: 3, tags: 2 },
    prefix: prefixFor,
    fuzzy: fuzzinessFor,
    maxFuzzy: 2,
    combineWith: 'OR',
  },
};

/** Builds the index of the given articles. */
export function buildArticleIndex(articles: SearchableArticle[]): ArticleIndex {
  const index = new MiniSearch<IndexedArticle>(indexOptions);
  index.addAll(
    articles.map((article) => ({
      id: article.slug,
      categorySlug: article.categorySlug,
      titlePl: article.title.pl,
      titleEn: article.title.en,
      tags: article.tags.join(' '),
      textPl: article.text.pl.slice(0, STORED_TEXT_LENGTH),
      textEn: article.text.en.slice(0, STORED_TEXT_LENGTH),
    })),
  );
  return index;
}

export type ArticleIndex = MiniSearch<IndexedArticle>;

/** The index as stored (MiniSearch's JSON). */
export const serializeArticleIndex = (index: ArticleIndex): string => JSON.stringify(index);

export function loadArticleIndex(serialized: string): ArticleIndex {
  return MiniSearch.loadJSON<IndexedArticle>(serialized, indexOptions);
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The words of `text` with their positions. */
const wordsOf = (text: string) =>
  [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((match) => ({ start: match.index, end: match.index + match[0].length, text: match[0] }));

/** Whether one of the word's terms is among `matchedTerms`: term processing, so asked only where it counts. */
const isMatch = (word: string, matchedTerms: ReadonlySet<string>) => (termsOfWord(word) ?? []).some((term) => matchedTerms.has(term));

/** Whether some word of `text` has a term among `matchedTerms`, i.e. a snippet of it would show a `<mark>`. */
export function hasMatch(text: string, matchedTerms: ReadonlySet<string>): boolean {
  return wordsOf(text).some((word) => isMatch(word.text, matchedTerms));
}

/**
 * The part of `text` around the first word whose terms are among `matchedTerms`, HTML-escaped,
 * every matching word wrapped in `<mark>`.
 */
export function highlightSnippet(text: string, matchedTerms: ReadonlySet<string>, maxLength = SNIPPET_LENGTH): string {
  const words = wordsOf(text);
  const first = words.find((word) => isMatch(word.text, matchedTerms));
  let start = 0;
  if (first && first.start > maxLength / 3) {
    // Start at a word boundary a little before the first match, so it reads in context.
    const before = words.findLast((word) => word.start <= first.start - maxLength / 3);
    start = before?.start ?? 0;
  }
  let end = Math.min(text.length, start + maxLength);
  const cut = words.find((word) => word.start < end && word.end > end);
  if (cut) end = cut.start;
  let html = start > 0 ? '… ' : '';
  let position = start;
  for (const word of words) {
    if (word.start < start || word.end > end) continue;
    if (!isMatch(word.text, matchedTerms)) continue;
    html += `${escapeHtml(text.slice(position, word.start))}<mark>${escapeHtml(word.text)}</mark>`;
    position = word.end;
  }
  html += escapeHtml(text.slice(position, end).trimEnd());
  if (end < text.length) html += ' …';
  return html;
}

/**
 * The snippet of a hit: from the body in the asked language when the match is there; otherwise
 * from the text that did match, in this order: the other language's body, the title in the asked
 * language, the other title. When nothing shown matched (a tag-only match), the start of the body.
 */
export function snippetOf(
  title: LocalizedText,
  text: LocalizedText,
  language: Language,
  matchedTerms: ReadonlySet<string>,
): string {
  const other: Language = language === 'pl' ? 'en' : 'pl';
  const body = resolveText(text, language);
  const candidates = [body, text[other], title[language], title[other]];
  const matched = candidates.find((candidate) => candidate && hasMatch(candidate, matchedTerms));
  return highlightSnippet(matched ?? body, matchedTerms);
}

function toHit(result: SearchResult, language: Language, score = result.score): ArticleHit {
  const title: LocalizedText = { pl: String(result.titlePl), en: String(result.titleEn) };
  const text: LocalizedText = { pl: String(result.textPl), en: String(result.textEn) };
  return {
    slug: String(result.id),
    categorySlug: String(result.categorySlug),
    title: resolveText(title, language),
    snippet: snippetOf(title, text, language, new Set(result.terms)),
    score: Math.round(score * 1000) / 1000,
  };
}

/** Ranked articles for what a customer typed; empty when the query has nothing to search for. */
export function searchArticles(index: ArticleIndex, query: string, language: Language, limit: number): ArticleHit[] {
  const words = queryWords(query, SEARCH_QUERY_WORDS);
  if (words.length === 0) return [];
  return index
    .search(words.join(' '))
    .slice(0, limit)
    .map((result) => toHit(result, language));
}

const SUGGESTION_SUBJECT_WORDS = 20;
const SUGGESTION_MESSAGE_WORDS = 40;
/** The subject says what the ticket is about; the message mostly adds noise, so it counts less. */
const SUBJECT_WEIGHT = 2;

/** "Our suggestions" for a ticket being written: the subject's matches weigh twice the message's. */
export function suggestArticles(
  index: ArticleIndex,
  subject: string,
  message: string,
  language: Language,
  limit: number,
): ArticleHit[] {
  const scored = new Map<string, { result: SearchResult; score: number }>();
  const add = (text: string, maxWords: number, weight: number) => {
    const words = queryWords(text, maxWords);
    if (words.length === 0) return;
    for (const result of index.search(words.join(' '))) {
      const entry = scored.get(String(result.id));
      if (entry) {
        entry.score += result.score * weight;
        entry.result = { ...entry.result, terms: [...new Set([...entry.result.terms, ...result.terms])] };
      } else {
        scored.set(String(result.id), { result, score: result.score * weight });
      }
    }
  };
  add(subject, SUGGESTION_SUBJECT_WORDS, SUBJECT_WEIGHT);
  add(message, SUGGESTION_MESSAGE_WORDS, 1);
  return [...scored.values()]
    .sort((a, b) => b.score - a.score || byCodeUnit(String(a.result.id), String(b.result.id)))
    .slice(0, limit)
    .map(({ result, score }) => toHit(result, language, score));
}

/** A link to a related article, titled in both languages (the reader's is picked when shown). */
export interface RelatedArticle {
  slug: string;
  categorySlug: string;
  title: LocalizedText;
}

/** Whether two related lists show the same links in the same order (stored maps keep no key order). */
export function sameRelatedArticles(a: RelatedArticle[], b: RelatedArticle[] | undefined): boolean {
  return (
    b !== undefined &&
    a.length === b.length &&
    a.every(
      (link, i) =>
        link.slug === b[i]!.slug && link.categorySlug === b[i]!.categorySlug && link.title.pl === b[i]!.title.pl && link.title.en === b[i]!.title.en,
    )
  );
}

/** A word in the titles and tags of more articles than this share (and at least the floor) relates too many to tell. */
const COMMON_WORD_SHARE = 0.1;
const COMMON_WORD_FLOOR = 10;

const relatedQueryWords = (article: Pick<SearchableArticle, 'title' | 'tags'>) =>
  queryWords([article.title.pl, article.title.en, ...article.tags].join(' '), SEARCH_QUERY_WORDS * 2);

/** A word's stem: inflections of one word count as one. */
const stemOf = (word: string) => termsOfWord(word)!.at(-1)!;

/**
 * The stems of the words too common in titles and tags to relate articles ("how to configure"):
 * left out of related-article queries, they would match nearly every article, which costs the
 * search its time and says nothing about the topic.
 */
export function commonTitleWords(articles: ReadonlyArray<Pick<SearchableArticle, 'title' | 'tags'>>): Set<string> {
  const counts = new Map<string, number>();
  for (const article of articles) {
    for (const stem of new Set(relatedQueryWords(article).map(stemOf))) counts.set(stem, (counts.get(stem) ?? 0) + 1);
  }
  const limit = Math.max(COMMON_WORD_FLOOR, articles.length * COMMON_WORD_SHARE);
  return new Set([...counts].filter(([, count]) => count > limit).map(([stem]) => stem));
}

/**
 * Articles about the same thing: matches for the article's titles and tags (except `commonWords`),
 * its category preferred. Whole terms only: titles are spelled right, and a prefix or a typo's
 * distance relates articles by accident.
 */
export function relatedArticles(
  index: ArticleIndex,
  article: Pick<SearchableArticle, 'slug' | 'categorySlug' | 'title' | 'tags'>,
  limit: number,
  commonWords: ReadonlySet<string> = new Set(),
): RelatedArticle[] {
  const words = relatedQueryWords(article).filter((word) => !commonWords.has(stemOf(word)));
  if (words.length === 0) return [];
  return index
    .search(words.join(' '), {
      prefix: false,
      fuzzy: false,
      filter: (result) => result.id !== article.slug,
      boostDocument: (_id, _term, stored) => (stored?.categorySlug === article.categorySlug ? 1.5 : 1),
    })
    .slice(0, limit)
    .map((result) => ({
      slug: String(result.id),
      categorySlug: String(result.categorySlug),
      title: { pl: String(result.titlePl), en: String(result.titleEn) },
    }));
}
