/** Knowledge base: categories and articles, the rules for writing and showing them. Pure, no AWS. */
import { createHash } from 'node:crypto';
import { conflict, validationFailed } from '../errors.ts';
import type { Language, LocalizedText } from '../schemas/common.ts';
import type {
  CreateArticleInput,
  CreateCategoryInput,
  UpdateArticleInput,
  UpdateCategoryInput,
} from '../schemas/knowledgeBase.ts';
import type { Caller } from './callers.ts';
import type { RenderMarkdown } from './announcements.ts';
import { byCodeUnit } from './ordering.ts';
import { localize, resolveText, slugify } from './text.ts';

export interface Category {
  slug: string;
  name: LocalizedText;
  description: LocalizedText;
  /** A top-level category, or null for a top-level one itself. */
  parent: string | null;
  order: number;
  /** Kept up to date by every article write, in the same transaction. */
  publishedArticleCount: number;
  totalArticleCount: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface Article {
  slug: string;
  title: LocalizedText;
  body: LocalizedText;
  bodyHtml: LocalizedText;
  /** Plain text of the body, for excerpts and the search index. */
  text: LocalizedText;
  category: string;
  tags: string[];
  published: boolean;
  /** When it was first published; kept when it is unpublished and published again. */
  publishedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ArticleStats {
  views: number;
  helpfulVotes: number;
  notHelpfulVotes: number;
}

/** Markdown → plain text, given by the caller along with the renderer. */
export type MarkdownToText = (markdown: string) => string;

export interface ArticleRendering {
  render: RenderMarkdown;
  toText: MarkdownToText;
}

/** Plain text kept per language: enough for excerpts and search, small enough for one item. */
const TEXT_LENGTH = 5000;
const EXCERPT_LENGTH = 200;

export function newCategory(input: CreateCategoryInput, now: Date): Category {
  const name = localize(input.name);
  const timestamp = now.toISOString();
  return {
    slug: input.slug ?? slugify(name.en || name.pl, `category-${now.getTime().toString(36)}`),
    name,
    description: input.description === undefined ? { pl: '', en: '' } : localize(input.description),
    parent: input.parent ?? null,
    order: input.order ?? 100,
    publishedArticleCount: 0,
    totalArticleCount: 0,
    version: 1,
    createdAt: timestamp,
    updatedAt: timestamp,
  };
}

export function changeCategory(current: Category, changes: UpdateCategoryInput, now: Date): Category {
  return {
    ...current,
    name: changes.name === undefined ? current.name : localize(changes.name, current.name),
    description:
      changes.description === undefined ? current.description : localize(changes.description, current.description),
    parent: changes.parent === undefined ? current.parent : changes.parent,
    order: changes.order ?? current.order,
    version: current.version + 1,
    updatedAt: now.toISOString(),
  };
}

/**
 * Two levels at most: a parent must be an existing top-level category, and a category that has
 * subcategories cannot be put under another. So the tree never has a cycle.
 */
export function checkCategoryParent(category: Category, all: Category[]): void {
  if (category.parent === null) return;
  const detail = [{ path: 'body.parent', message: 'Must be an existing top-level category' }];
  if (category.parent === category.slug) throw validationFailed('A category cannot be its own parent', detail);
  const parent = all.find((candidate) => candidate.slug === category.parent);
  if (!parent || parent.parent !== null) throw validationFailed('The parent must be an existing top-level category', detail);
  if (all.some((candidate) => candidate.parent === category.slug)) {
    throw conflict('A category with subcategories cannot be put under another one', detail);
  }
}

export const sortCategories = (categories: Category[]) =>
  [...categories].sort((a, b) => a.order - b.order || byCodeUnit(a.slug, b.slug));

const renderArticle = (body: LocalizedText, rendering: ArticleRendering) => ({
  bodyHtml: { pl: rendering.render(body.pl), en: rendering.render(body.en) },
  text: { pl: rendering.toText(body.pl).slice(0, TEXT_LENGTH), en: rendering.toText(body.en).slice(0, TEXT_LENGTH) },
});

const distinctTags = (tags: string[]) => [...new Set(tags)];

export function newArticle(input: CreateArticleInput, now: Date, rendering: ArticleRendering): Article {
  const title = localize(input.title);
  const body = localize(input.body);
  const timestamp = now.toISOString();
  const published = input.published ?? false;
  return {
    slug: input.slug ?? slugify(title.en || title.pl, `article-${now.getTime().toString(36)}`),
    title,
    body,
    ...renderArticle(body, rendering),
    category: input.category,
    tags: distinctTags(input.tags ?? []),
    published,
    publishedAt: published ? timestamp : null,
    version: 1,
    createdAt: timestamp,
    updatedAt: timestamp,
  };
}

export function changeArticle(current: Article, changes: UpdateArticleInput, now: Date, rendering: ArticleRendering): Article {
  const body = changes.body === undefined ? current.body : localize(changes.body, current.body);
  const published = changes.published ?? current.published;
  return {
    ...current,
    title: changes.title === undefined ? current.title : localize(changes.title, current.title),
    body,
    ...(changes.body === undefined ? {} : renderArticle(body, rendering)),
    category: changes.category ?? current.category,
    tags: changes.tags === undefined ? current.tags : distinctTags(changes.tags),
    published,
    publishedAt: published ? (current.publishedAt ?? now.toISOString()) : current.publishedAt,
    version: current.version + 1,
    updatedAt: now.toISOString(),
  };
}

export interface CategoryCountChange {
  category: string;
  published: number;
  total: number;
}

/** How an article write changes its categories' counts (before: undefined = created; after: undefined = deleted). */
export function categoryCountChanges(before: Article | undefined, after: Article | undefined): CategoryCountChange[] {
  const changes = new Map<string, CategoryCountChange>();
  const add = (article: Article, sign: 1 | -1) => {
    const change = changes.get(article.category) ?? { category: article.category, published: 0, total: 0 };
    change.total += sign;
    if (article.published) change.published += sign;
    changes.set(article.category, change);
  };
  if (before) add(before, -1);
  if (after) add(after, 1);
  return [...changes.values()].filter((change) => change.published !== 0 || change.total !== 0);
}

/**
 * Who is voting. A signed-in user is their id. A guest is a hash of their address and browser
 * (pseudonymous: neither is stored): good enough to stop casual repeat votes, not an identity.
 */
export function visitorOf(caller: Caller, sourceIp: string, userAgent: string | undefined): string {
  if (caller.kind === 'user') return `user:${caller.id}`;
  const digest = createHash('sha256').update(`kb-vote\u0000${sourceIp}\u0000${userAgent ?? ''}`).digest('base64url');
  return `guest:${digest.slice(0, 32)}`;
}

export function showCategory(category: Category, language: Language) {
  return {
    slug: category.slug,
    name: resolveText(category.name, language),
    description: resolveText(category.description, language),
    parent: category.parent,
    order: category.order,
    articleCount: category.publishedArticleCount,
  };
}

export function showCategoryToStaff(category: Category) {
  return {
    id: category.slug,
    slug: category.slug,
    name: category.name,
    description: category.description,
    parent: category.parent,
    order: category.order,
    publishedArticleCount: category.publishedArticleCount,
    totalArticleCount: category.totalArticleCount,
    version: category.version,
    createdAt: category.createdAt,
    updatedAt: category.updatedAt,
  };
}

export function excerptOf(text: string): string {
  if (text.length <= EXCERPT_LENGTH) return text;
  const cut = text.slice(0, EXCERPT_LENGTH);
  const lastSpace = cut.lastIndexOf(' ');
  return `${lastSpace > EXCERPT_LENGTH / 2 ? cut.slice(0, lastSpace) : cut} …`;
}

export function showArticleSummary(article: Pick<Article, 'slug' | 'title' | 'text' | 'category' | 'tags' | 'updatedAt'>, language: Language) {
  return {
    slug: article.slug,
    title: resolveText(article.title, language),
    excerpt: excerptOf(resolveText(article.text, language)),
    category: article.category,
    tags: article.tags,
    updatedAt: article.updatedAt,
  };
}

export function showArticleToStaff(article: Article) {
  return {
    id: article.slug,
    slug: article.slug,
    title: article.title,
    body: article.body,
    bodyHtml: article.bodyHtml,
    category: article.category,
    tags: article.tags,
    published: article.published,
    publishedAt: article.publishedAt,
    version: article.version,
    createdAt: article.createdAt,
    updatedAt: article.updatedAt,
  };
}
