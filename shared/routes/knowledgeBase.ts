/**
 * Knowledge base (issue 5): categories, articles, votes, search and suggestions; staff writing them.
 * Each route is its own export, so a handler bundles its own definition and schemas only; the
 * manifest (shared/manifest.ts) gathers every feature's `knowledgeBaseRoutes` for the stack, the local
 * cloud and the OpenAPI document.
 */
import {
  articleIdParamsSchema,
  articleSchema,
  articleSlugParamsSchema,
  categoryIdParamsSchema,
  categoryListSchema,
  categoryPageSchema,
  categorySlugParamsSchema,
  createArticleSchema,
  createCategorySchema,
  paginationOnlyQuerySchema,
  rebuildResultSchema,
  searchQuerySchema,
  searchResultSchema,
  staffArticlePageSchema,
  staffArticleSchema,
  staffCategoryListSchema,
  staffCategorySchema,
  suggestionsQuerySchema,
  updateArticleSchema,
  updateCategorySchema,
  voteResultSchema,
  voteSchema,
} from '../schemas/knowledgeBase.ts';
import type { HttpRoute } from './types.ts';

export const listKbCategories = {
  method: 'GET',
  path: '/v1/kb/categories',
  handler: 'functions/http/listKbCategories.ts',
  auth: 'public',
  access: { table: 'read' },
  summary: 'Knowledge-base categories with their published-article counts',
  tag: 'Knowledge base',
  response: { status: 200, schema: categoryListSchema },
} satisfies HttpRoute;

export const getKbCategory = {
  method: 'GET',
  path: '/v1/kb/categories/{slug}',
  handler: 'functions/http/getKbCategory.ts',
  auth: 'public',
  access: { table: 'read' },
  summary: 'A category, its subcategories and a page of its published articles',
  tag: 'Knowledge base',
  request: { params: categorySlugParamsSchema, query: paginationOnlyQuerySchema },
  response: { status: 200, schema: categoryPageSchema },
} satisfies HttpRoute;

export const getKbArticle = {
  method: 'GET',
  path: '/v1/kb/articles/{slug}',
  handler: 'functions/http/getKbArticle.ts',
  auth: 'public',
  access: { table: 'read-write' },
  summary: 'A published article with related articles; counts a view',
  tag: 'Knowledge base',
  request: { params: articleSlugParamsSchema },
  response: { status: 200, schema: articleSchema },
} satisfies HttpRoute;

export const voteKbArticle = {
  method: 'POST',
  path: '/v1/kb/articles/{slug}/vote',
  handler: 'functions/http/voteKbArticle.ts',
  auth: 'public',
  access: { table: 'read-write' },
  summary: 'Say whether an article helped: one vote per visitor per article (a second is 409)',
  tag: 'Knowledge base',
  request: { params: articleSlugParamsSchema, body: voteSchema },
  response: { status: 200, schema: voteResultSchema },
  errors: [409],
} satisfies HttpRoute;

export const searchKb = {
  method: 'GET',
  path: '/v1/kb/search',
  handler: 'functions/http/searchKb.ts',
  auth: 'public',
  access: { table: 'read' },
  summary: 'Search published articles: ranked, with a highlighted snippet; typo- and inflection-tolerant',
  tag: 'Knowledge base',
  request: { query: searchQuerySchema },
  response: { status: 200, schema: searchResultSchema },
} satisfies HttpRoute;

export const kbSuggestions = {
  method: 'GET',
  path: '/v1/kb/suggestions',
  handler: 'functions/http/kbSuggestions.ts',
  auth: 'public',
  access: { table: 'read' },
  summary: '"Our suggestions": the articles most relevant to a ticket being written',
  tag: 'Knowledge base',
  request: { query: suggestionsQuerySchema },
  response: { status: 200, schema: searchResultSchema },
} satisfies HttpRoute;

export const staffListKbCategories = {
  method: 'GET',
  path: '/v1/staff/kb/categories',
  handler: 'functions/http/staffListKbCategories.ts',
  auth: 'staff',
  access: { table: 'read' },
  summary: 'All categories in both languages, with published and total article counts',
  tag: 'Knowledge base',
  response: { status: 200, schema: staffCategoryListSchema },
} satisfies HttpRoute;

export const createKbCategory = {
  method: 'POST',
  path: '/v1/staff/kb/categories',
  handler: 'functions/http/createKbCategory.ts',
  auth: 'staff',
  access: { table: 'read-write' },
  summary: 'Create a category (optionally under a top-level one)',
  tag: 'Knowledge base',
  request: { body: createCategorySchema },
  response: { status: 201, schema: staffCategorySchema },
  errors: [409],
} satisfies HttpRoute;

export const updateKbCategory = {
  method: 'PATCH',
  path: '/v1/staff/kb/categories/{id}',
  handler: 'functions/http/updateKbCategory.ts',
  auth: 'staff',
  access: { table: 'read-write' },
  summary: 'Change a category (send `version` to refuse a stale edit)',
  tag: 'Knowledge base',
  request: { params: categoryIdParamsSchema, body: updateCategorySchema },
  response: { status: 200, schema: staffCategorySchema },
  errors: [409],
} satisfies HttpRoute;

export const deleteKbCategory = {
  method: 'DELETE',
  path: '/v1/staff/kb/categories/{id}',
  handler: 'functions/http/deleteKbCategory.ts',
  auth: 'staff',
  access: { table: 'read-write' },
  summary: 'Delete an empty category (one with articles or subcategories is a 409)',
  tag: 'Knowledge base',
  request: { params: categoryIdParamsSchema },
  response: { status: 204 },
  errors: [409],
} satisfies HttpRoute;

export const staffListKbArticles = {
  method: 'GET',
  path: '/v1/staff/kb/articles',
  handler: 'functions/http/staffListKbArticles.ts',
  auth: 'staff',
  access: { table: 'read' },
  summary: 'Every article, drafts included, latest edit first',
  tag: 'Knowledge base',
  request: { query: paginationOnlyQuerySchema },
  response: { status: 200, schema: staffArticlePageSchema },
} satisfies HttpRoute;

export const staffGetKbArticle = {
  method: 'GET',
  path: '/v1/staff/kb/articles/{id}',
  handler: 'functions/http/staffGetKbArticle.ts',
  auth: 'staff',
  access: { table: 'read' },
  summary: 'One article in both languages, published or not',
  tag: 'Knowledge base',
  request: { params: articleIdParamsSchema },
  response: { status: 200, schema: staffArticleSchema },
} satisfies HttpRoute;

export const createKbArticle = {
  method: 'POST',
  path: '/v1/staff/kb/articles',
  handler: 'functions/http/createKbArticle.ts',
  auth: 'staff',
  access: { table: 'read-write' },
  summary: 'Write an article (Markdown; a draft unless `published: true`)',
  tag: 'Knowledge base',
  request: { body: createArticleSchema },
  response: { status: 201, schema: staffArticleSchema },
  errors: [409],
} satisfies HttpRoute;

export const updateKbArticle = {
  method: 'PATCH',
  path: '/v1/staff/kb/articles/{id}',
  handler: 'functions/http/updateKbArticle.ts',
  auth: 'staff',
  access: { table: 'read-write' },
  summary: 'Change, move, publish or unpublish an article (send `version` to refuse a stale edit)',
  tag: 'Knowledge base',
  request: { params: articleIdParamsSchema, body: updateArticleSchema },
  response: { status: 200, schema: staffArticleSchema },
  errors: [409],
} satisfies HttpRoute;

export const deleteKbArticle = {
  method: 'DELETE',
  path: '/v1/staff/kb/articles/{id}',
  handler: 'functions/http/deleteKbArticle.ts',
  auth: 'staff',
  access: { table: 'read-write' },
  summary: 'Delete an article with its views and votes',
  tag: 'Knowledge base',
  request: { params: articleIdParamsSchema },
  response: { status: 204 },
  errors: [409],
} satisfies HttpRoute;

export const rebuildKbSearchIndex = {
  method: 'POST',
  path: '/v1/staff/kb/search-index/rebuild',
  handler: 'functions/http/rebuildKbSearchIndex.ts',
  auth: 'admin',
  access: { table: 'read-write' },
  summary: 'Rebuild the search index now (it is rebuilt by itself whenever a published article changes)',
  tag: 'Knowledge base',
  response: { status: 200, schema: rebuildResultSchema },
  // API Gateway ends an HTTP integration at 30 s; a rebuild of 2,000 articles takes under 1 s.
  timeoutSeconds: 29,
} satisfies HttpRoute;

/** In manifest order (the local gateway matches routes in order: a literal segment before a parameter). */
export const knowledgeBaseRoutes = {
  listKbCategories,
  getKbCategory,
  getKbArticle,
  voteKbArticle,
  searchKb,
  kbSuggestions,
  staffListKbCategories,
  createKbCategory,
  updateKbCategory,
  deleteKbCategory,
  staffListKbArticles,
  staffGetKbArticle,
  createKbArticle,
  updateKbArticle,
  deleteKbArticle,
  rebuildKbSearchIndex,
};
