/** Staff work on the knowledge base that needs no Markdown renderer: categories, listing, reading, deleting. */
import * as knowledgeBaseRepository from '../data/knowledgeBaseRepository.ts';
import type { Page } from '../data/pagination.ts';
import {
  categoryCountChanges,
  changeCategory,
  checkCategoryParent,
  newCategory,
  sortCategories,
  type Article,
  type Category,
} from '../domain/knowledgeBase.ts';
import { conflict, notFound, staleEdit } from '../errors.ts';
import type { CreateCategoryInput, UpdateCategoryInput } from '../schemas/knowledgeBase.ts';

export async function listAllCategories(): Promise<Category[]> {
  return sortCategories(await knowledgeBaseRepository.listCategories());
}

export async function createCategory(input: CreateCategoryInput, now = new Date()): Promise<Category> {
  const category = newCategory(input, now);
  checkCategoryParent(category, await knowledgeBaseRepository.listCategories());
  await knowledgeBaseRepository.createCategory(category);
  return category;
}

export async function updateCategory(slug: string, changes: UpdateCategoryInput, now = new Date()): Promise<Category> {
  const all = await knowledgeBaseRepository.listCategories();
  const current = all.find((category) => category.slug === slug);
  if (!current) throw notFound('Category');
  if (changes.version !== undefined && changes.version !== current.version) throw staleEdit('category', current.version);
  const updated = changeCategory(current, changes, now);
  checkCategoryParent(updated, all);
  await knowledgeBaseRepository.updateCategory(updated, current.version);
  return { ...updated, publishedArticleCount: current.publishedArticleCount, totalArticleCount: current.totalArticleCount };
}

export async function deleteCategory(slug: string): Promise<void> {
  const all = await knowledgeBaseRepository.listCategories();
  if (!all.some((category) => category.slug === slug)) throw notFound('Category');
  if (all.some((category) => category.parent === slug)) {
    throw conflict('The category has subcategories; move or delete them first');
  }
  await knowledgeBaseRepository.deleteCategory(slug);
}

export function listAllArticles(page: { limit?: number; cursor?: string }): Promise<Page<Article>> {
  return knowledgeBaseRepository.listAllArticles({ limit: page.limit ?? 20, cursor: page.cursor });
}

export async function getArticleForStaff(slug: string): Promise<Article> {
  const article = await knowledgeBaseRepository.getArticle(slug);
  if (!article) throw notFound('Article');
  return article;
}

export async function deleteArticle(slug: string): Promise<void> {
  const current = await knowledgeBaseRepository.getArticleWithDependents(slug);
  if (!current) throw notFound('Article');
  await knowledgeBaseRepository.deleteArticle(current, categoryCountChanges(current.article, undefined));
}
