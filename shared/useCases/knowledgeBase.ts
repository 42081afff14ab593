/** The knowledge base as customers and guests read it (no Markdown renderer in these bundles). */
import * as knowledgeBaseRepository from '../data/knowledgeBaseRepository.ts';
import type { Caller } from '../domain/callers.ts';
import { showArticleSummary, showCategory, sortCategories, visitorOf } from '../domain/knowledgeBase.ts';
import { resolveText } from '../domain/text.ts';
import { notFound } from '../errors.ts';
import type { Language } from '../schemas/common.ts';

export async function listCategories(language: Language) {
  const categories = sortCategories(await knowledgeBaseRepository.listCategories());
  return categories.map((category) => showCategory(category, language));
}

export async function categoryPage(slug: string, page: { limit?: number; cursor?: string }, language: Language) {
  const categories = await knowledgeBaseRepository.listCategories();
  const category = categories.find((candidate) => candidate.slug === slug);
  if (!category) throw notFound('Category');
  const articles = await knowledgeBaseRepository.listPublishedInCategory(slug, { limit: page.limit ?? 20, cursor: page.cursor });
  return {
    category: showCategory(category, language),
    subcategories: sortCategories(categories.filter((candidate) => candidate.parent === slug)).map((child) =>
      showCategory(child, language),
    ),
    items: articles.items.map((article) => showArticleSummary(article, language)),
    nextCursor: articles.nextCursor,
  };
}

/** A published article, counting this view; a draft is a 404, exactly like a missing article. */
export async function readArticle(slug: string, language: Language) {
  const found = await knowledgeBaseRepository.getArticleWithStats(slug);
  if (!found || !found.article.published) throw notFound('Article');
  const { article, related } = found;
  const [stats, category] = await Promise.all([
    knowledgeBaseRepository.recordView(slug),
    knowledgeBaseRepository.getCategory(article.category),
  ]);
  return {
    slug,
    title: resolveText(article.title, language),
    body: resolveText(article.body, language),
    bodyHtml: resolveText(article.bodyHtml, language),
    category: { slug: article.category, name: category ? resolveText(category.name, language) : article.category },
    tags: article.tags,
    views: stats.views,
    helpfulVotes: stats.helpfulVotes,
    notHelpfulVotes: stats.notHelpfulVotes,
    publishedAt: article.publishedAt!,
    updatedAt: article.updatedAt,
    related: related.map((link) => ({ slug: link.slug, title: resolveText(link.title, language), category: link.categorySlug })),
  };
}

/** One vote per visitor per article; a second one is a 409 and changes nothing. */
export async function voteOnArticle(
  slug: string,
  helpful: boolean,
  voter: { caller: Caller; sourceIp: string; userAgent: string | undefined },
  now = new Date(),
) {
  const article = await knowledgeBaseRepository.getArticle(slug);
  if (!article || !article.published) throw notFound('Article');
  const stats = await knowledgeBaseRepository.vote(slug, visitorOf(voter.caller, voter.sourceIp, voter.userAgent), helpful, now);
  return { helpfulVotes: stats.helpfulVotes, notHelpfulVotes: stats.notHelpfulVotes };
}
