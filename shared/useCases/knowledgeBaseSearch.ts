/**
 * Search and suggestions over the stored index, and the index build. A function keeps the loaded
 * index at module scope across invocations; each request reads only the small pointer item
 * (consistent read) and loads the chunks again only when a new version has been published, so a
 * rebuild is picked up at once, with no redeploy and no Scan. The build also finds each article's
 * related articles and stores them beside it, so showing an article never loads the index.
 */
import { randomUUID } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import * as knowledgeBaseRepository from '../data/knowledgeBaseRepository.ts';
import * as searchIndexRepository from '../data/searchIndexRepository.ts';
import type { SearchIndexPointer } from '../data/searchIndexRepository.ts';
import {
  buildArticleIndex,
  commonTitleWords,
  loadArticleIndex,
  relatedArticles,
  sameRelatedArticles,
  searchArticles,
  serializeArticleIndex,
  suggestArticles,
  type ArticleHit,
  type ArticleIndex,
} from '../domain/articleSearch.ts';
import type { Language } from '../schemas/common.ts';

/** Search returns the top `limit` hits (1–100, checked by the schema): a ranked top-N with no cursor. */
const DEFAULT_RESULTS = 10;
const DEFAULT_SUGGESTIONS = 5;
const RELATED_ARTICLES = 4;

let loaded: { version: string; index: ArticleIndex } | undefined;

const parse = (bytes: Buffer) => loadArticleIndex(gunzipSync(bytes).toString('utf8'));

/** The current index, or undefined before the first build. */
export async function currentSearchIndex(): Promise<ArticleIndex | undefined> {
  if (!loaded) {
    const found = await searchIndexRepository.loadCurrent();
    if (!found) return undefined;
    loaded = { version: found.pointer.version, index: parse(found.bytes) };
    return loaded.index;
  }
  const pointer = await searchIndexRepository.current();
  if (!pointer) return undefined;
  if (loaded.version !== pointer.version) loaded = { version: pointer.version, index: parse(await searchIndexRepository.load(pointer)) };
  return loaded.index;
}

const showHit = (hit: ArticleHit) => ({
  slug: hit.slug,
  title: hit.title,
  category: hit.categorySlug,
  snippet: hit.snippet,
  score: hit.score,
});

export async function searchKnowledgeBase(query: string, language: Language, limit = DEFAULT_RESULTS) {
  const index = await currentSearchIndex();
  return { items: index ? searchArticles(index, query, language, limit).map(showHit) : [] };
}

export async function suggestForTicket(
  ticket: { subject?: string; message?: string },
  language: Language,
  limit = DEFAULT_SUGGESTIONS,
) {
  const index = await currentSearchIndex();
  const hits = index ? suggestArticles(index, ticket.subject ?? '', ticket.message ?? '', language, limit) : [];
  return { items: hits.map(showHit) };
}

/**
 * Builds the index from the published articles (one Query per category) and makes it current. It
 * also finds each article's related articles and stores the lists that differ from those stored.
 */
export async function rebuildSearchIndex(now = new Date()): Promise<SearchIndexPointer> {
  const readAt = now.toISOString();
  const [categories, storedRelated] = await Promise.all([
    knowledgeBaseRepository.listCategories(),
    knowledgeBaseRepository.listRelatedArticles(),
  ]);
  const articles = await knowledgeBaseRepository.listSearchable(categories.map((category) => category.slug));
  const index = buildArticleIndex(articles);
  const { pointer } = await searchIndexRepository.publish(
    gzipSync(serializeArticleIndex(index)),
    {
      version: `${now.getTime().toString(36)}-${randomUUID().slice(0, 8)}`,
      articleCount: articles.length,
      builtAt: new Date().toISOString(),
      readAt,
    },
    new Date(),
  );
  // After the publish, so finding the related articles never delays search. Each list is stored
  // unless a build that read later stored one already, whichever of the two publishes first.
  const commonWords = commonTitleWords(articles);
  const changedRelated = articles
    .map((article) => ({ slug: article.slug, related: relatedArticles(index, article, RELATED_ARTICLES, commonWords) }))
    .filter(({ slug, related }) => !sameRelatedArticles(related, storedRelated.get(slug)));
  await knowledgeBaseRepository.saveRelatedArticles(changedRelated, readAt);
  return pointer;
}
