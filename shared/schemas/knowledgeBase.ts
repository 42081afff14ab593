import { isoDateTimeSchema, localizedInputSchema, localizedTextSchema, pageSchema, paginationQuerySchema, slugSchema } from './common.ts';
import * as z from './zod.ts';

export const categorySlugParamsSchema = z.strictObject({ slug: slugSchema });
export const categoryIdParamsSchema = z.strictObject({ id: slugSchema });
export const articleSlugParamsSchema = z.strictObject({ slug: slugSchema });
export const articleIdParamsSchema = z.strictObject({ id: slugSchema });

const order = z.int().check(z.gte(0), z.lte(10_000));

export const createCategorySchema = z.strictObject({
  /** The category's id and address; chosen from the English name when absent; fixed afterwards. */
  slug: z.optional(slugSchema),
  name: localizedInputSchema(80),
  description: z.optional(localizedInputSchema(500)),
  order: z.optional(order),
  /** A top-level category this one belongs under. */
  parent: z.optional(z.nullable(slugSchema)),
});
export type CreateCategoryInput = z.infer<typeof createCategorySchema>;

export const updateCategorySchema = z.strictObject({
  name: z.optional(localizedInputSchema(80)),
  description: z.optional(localizedInputSchema(500)),
  order: z.optional(order),
  parent: z.optional(z.nullable(slugSchema)),
  version: z.optional(z.int().check(z.gte(1))),
});
export type UpdateCategoryInput = z.infer<typeof updateCategorySchema>;

const tags = z.array(z.string().check(z.trim(), z.toLowerCase(), z.minLength(1), z.maxLength(40))).check(z.maxLength(20));

export const createArticleSchema = z.strictObject({
  /** The article's id and address; chosen from the English title when absent; fixed afterwards. */
  slug: z.optional(slugSchema),
  title: localizedInputSchema(200),
  /** Markdown; rendered to sanitized HTML when saved. */
  body: localizedInputSchema(20_000),
  category: slugSchema,
  tags: z.optional(tags),
  /** Unpublished articles are drafts: invisible to customers. Default false. */
  published: z.optional(z.boolean()),
});
export type CreateArticleInput = z.infer<typeof createArticleSchema>;

export const updateArticleSchema = z.strictObject({
  title: z.optional(localizedInputSchema(200)),
  body: z.optional(localizedInputSchema(20_000)),
  category: z.optional(slugSchema),
  tags: z.optional(tags),
  published: z.optional(z.boolean()),
  version: z.optional(z.int().check(z.gte(1))),
});
export type UpdateArticleInput = z.infer<typeof updateArticleSchema>;

export const voteSchema = z.strictObject({ helpful: z.boolean() });

/** A category as customers see it, in their language. */
export const categorySchema = z.strictObject({
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  parent: z.nullable(z.string()),
  order: z.number(),
  /** Published articles directly in this category. */
  articleCount: z.number(),
});

export const staffCategorySchema = z.strictObject({
  id: z.string(),
  slug: z.string(),
  name: localizedTextSchema,
  description: localizedTextSchema,
  parent: z.nullable(z.string()),
  order: z.number(),
  publishedArticleCount: z.number(),
  totalArticleCount: z.number(),
  version: z.number(),
  createdAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
});

export const articleSummarySchema = z.strictObject({
  slug: z.string(),
  title: z.string(),
  /** The start of the body as plain text. */
  excerpt: z.string(),
  category: z.string(),
  tags: z.array(z.string()),
  updatedAt: isoDateTimeSchema,
});

const articleLinkSchema = z.strictObject({ slug: z.string(), title: z.string(), category: z.string() });

export const articleSchema = z.strictObject({
  slug: z.string(),
  title: z.string(),
  /** The Markdown source. */
  body: z.string(),
  /** The body rendered to sanitized HTML. */
  bodyHtml: z.string(),
  category: z.strictObject({ slug: z.string(), name: z.string() }),
  tags: z.array(z.string()),
  /** Including this one. */
  views: z.number(),
  helpfulVotes: z.number(),
  notHelpfulVotes: z.number(),
  publishedAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
  related: z.array(articleLinkSchema),
});

export const staffArticleSchema = z.strictObject({
  id: z.string(),
  slug: z.string(),
  title: localizedTextSchema,
  body: localizedTextSchema,
  bodyHtml: localizedTextSchema,
  category: z.string(),
  tags: z.array(z.string()),
  published: z.boolean(),
  publishedAt: z.nullable(isoDateTimeSchema),
  version: z.number(),
  createdAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
});

export const categoryListSchema = z.strictObject({ items: z.array(categorySchema) });
export const staffCategoryListSchema = z.strictObject({ items: z.array(staffCategorySchema) });

export const categoryPageSchema = z.strictObject({
  category: categorySchema,
  subcategories: z.array(categorySchema),
  /** Published articles of this category, a page at a time. */
  items: z.array(articleSummarySchema),
  nextCursor: z.nullable(z.string()),
});

export const paginationOnlyQuerySchema = z.strictObject({ ...paginationQuerySchema });
export const staffArticlePageSchema = pageSchema(staffArticleSchema);

export const voteResultSchema = z.strictObject({ helpfulVotes: z.number(), notHelpfulVotes: z.number() });

/** A whole number from 1 to `max`, given as a query-string parameter. */
const resultLimit = (max: number) =>
  z.optional(
    z.pipe(
      z.string().check(z.regex(/^\d{1,3}$/, `limit must be a whole number from 1 to ${max}`)),
      z.pipe(
        z.transform(Number),
        z.number().check(z.gte(1, `limit must be a whole number from 1 to ${max}`), z.lte(max, `limit must be a whole number from 1 to ${max}`)),
      ),
    ),
  );

/** Search returns the top `limit` results, ranked (default 10): one page, no cursor. */
const SEARCH_MAX_LIMIT = 100;
/** "Our suggestions" are a short list beside a ticket form (default 5). */
const SUGGESTIONS_MAX_LIMIT = 20;

export const searchQuerySchema = z.strictObject({
  q: z.string().check(
    z.trim(),
    z.minLength(1, 'Give something to search for'),
    z.maxLength(200, 'A search is at most 200 characters'),
  ),
  /** How many of the best results to return, 1–100 (default 10); search has no further pages. */
  limit: resultLimit(SEARCH_MAX_LIMIT),
});

export const suggestionsQuerySchema = z.strictObject({
  subject: z.optional(z.string().check(z.maxLength(300, 'subject is at most 300 characters'))),
  message: z.optional(z.string().check(z.maxLength(5000, 'message is at most 5,000 characters (send its beginning)'))),
  /** How many suggestions to return, 1–20 (default 5). */
  limit: resultLimit(SUGGESTIONS_MAX_LIMIT),
});

const searchHitSchema = z.strictObject({
  slug: z.string(),
  title: z.string(),
  category: z.string(),
  /**
   * HTML: the text around the first match, escaped, matched words in `<mark>`; from the body in the
   * asked language, or from the text that matched (the other language's body, or the title).
   */
  snippet: z.string(),
  score: z.number(),
});

/** The top `limit` hits, best first; a ranked top-N, not a page, so there is no `nextCursor`. */
export const searchResultSchema = z.strictObject({ items: z.array(searchHitSchema) });

export const rebuildResultSchema = z.strictObject({
  version: z.string(),
  articleCount: z.number(),
  bytes: z.number(),
  chunks: z.number(),
  builtAt: isoDateTimeSchema,
});
