/** Writing articles: the only knowledge-base code that bundles the Markdown renderer. */
import * as knowledgeBaseRepository from '../data/knowledgeBaseRepository.ts';
import { categoryCountChanges, changeArticle, newArticle, type Article, type ArticleRendering } from '../domain/knowledgeBase.ts';
import { markdownToPlainText, renderMarkdown } from '../domain/markdown.ts';
import type { CreateArticleInput, UpdateArticleInput } from '../schemas/knowledgeBase.ts';
import { staleEdit } from '../errors.ts';
import { getArticleForStaff } from './manageKnowledgeBase.ts';

const rendering: ArticleRendering = { render: renderMarkdown, toText: markdownToPlainText };

export async function createArticle(input: CreateArticleInput, now = new Date()): Promise<Article> {
  const article = newArticle(input, now, rendering);
  await knowledgeBaseRepository.createArticle(article, categoryCountChanges(undefined, article));
  return article;
}

export async function updateArticle(slug: string, changes: UpdateArticleInput, now = new Date()): Promise<Article> {
  const current = await getArticleForStaff(slug);
  if (changes.version !== undefined && changes.version !== current.version) throw staleEdit('article', current.version);
  const updated = changeArticle(current, changes, now, rendering);
  await knowledgeBaseRepository.replaceArticle(updated, current.version, categoryCountChanges(current, updated));
  return updated;
}
