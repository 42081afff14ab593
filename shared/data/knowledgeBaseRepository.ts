/**
 * Knowledge base storage.
 * - Categories: one partition `KB#CATEGORIES` (a handful of items; listing is one Query). Each
 *   carries its article counts, changed in the same transaction as the article write that
 *   changes them, so customers never need a count per request.
 * - Articles: partition `KB#ARTICLE#<slug>` holds the article (`ARTICLE`), its counters (`STATS`:
 *   views and votes, apart so that counting never contends with editing nor touches the
 *   searchable item), its related articles (`RELATED`, stored by the search-index build when they
 *   change, so reading an article never loads the index) and one `VOTE#<visitor>` item per vote
 *   (a conditional put: one per visitor).
 *   Index entries: gsi1 `KB#ARTICLES` lists all for staff (latest edit first); the sparse gsi2
 *   `KB#PUBLISHED#<category>` lists a category's published articles, and nothing else, for customers
 *   and for the search index build; gsi1 `KB#RELATED` holds every stored related list, which the
 *   build compares its own with.
 */
import {
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import { config } from '../config.ts';
import type { Article, ArticleStats, Category, CategoryCountChange } from '../domain/knowledgeBase.ts';
import type { IndexedView, RelatedArticle, SearchableArticle } from '../domain/articleSearch.ts';
import { conflict, notFound, staleEdit, validationFailed } from '../errors.ts';
import { documentClient, isConditionFailure, queryAll, writeTogether } from './dynamodb.ts';
import { queryPage, type Page } from './pagination.ts';

/** DynamoDB's limit on the items of one transaction. */
const MAX_TRANSACTION_ITEMS = 100;
const CATEGORIES = 'KB#CATEGORIES';
const ALL_ARTICLES = 'KB#ARTICLES';
const ALL_RELATED = 'KB#RELATED';
const ARTICLE_PREFIX = 'KB#ARTICLE#';
const publishedPartition = (category: string) => `KB#PUBLISHED#${category}`;

const categoryKey = (slug: string) => ({ pk: CATEGORIES, sk: `CATEGORY#${slug}` });
const articleKey = (slug: string) => ({ pk: `${ARTICLE_PREFIX}${slug}`, sk: 'ARTICLE' });
const statsKey = (slug: string) => ({ pk: `${ARTICLE_PREFIX}${slug}`, sk: 'STATS' });
const relatedKey = (slug: string) => ({ pk: `${ARTICLE_PREFIX}${slug}`, sk: 'RELATED' });
const voteKey = (slug: string, visitor: string) => ({ pk: `${ARTICLE_PREFIX}${slug}`, sk: `VOTE#${visitor}` });

type Item = Record<string, unknown>;

function strip(item: Item): Item {
  const { pk: _pk, sk: _sk, entity: _entity, gsi1pk: _g1, gsi1sk: _s1, gsi2pk: _g2, gsi2sk: _s2, ...rest } = item;
  return rest;
}
const toCategory = (item: Item) => strip(item) as unknown as Category;
const toArticle = (item: Item) => strip(item) as unknown as Article;

function articleItem(article: Article) {
  return {
    ...articleKey(article.slug),
    entity: 'kbArticle',
    gsi1pk: ALL_ARTICLES,
    gsi1sk: `${article.updatedAt}#${article.slug}`,
    ...(article.published ? { gsi2pk: publishedPartition(article.category), gsi2sk: article.slug } : {}),
    ...article,
  };
}

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

function countUpdates(changes: CategoryCountChange[]): TransactItem[] {
  return changes.map((change) => ({
    Update: {
      TableName: config.tableName,
      Key: categoryKey(change.category),
      UpdateExpression: 'ADD publishedArticleCount :published, totalArticleCount :total',
      // The category must exist: an article can only be filed under a real one.
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':published': change.published, ':total': change.total },
    },
  }));
}

/** Which item of a cancelled transaction failed its condition (-1 when unknown). */
function failedIndex(error: unknown): number {
  const reasons = (error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons ?? [];
  return reasons.findIndex((reason) => reason.Code === 'ConditionalCheckFailed');
}

const unknownCategory = () =>
  validationFailed('No such category', [{ path: 'body.category', message: 'Must be an existing category' }]);

export async function listCategories(): Promise<Category[]> {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': CATEGORIES },
  });
  return items.map(toCategory);
}

export async function getCategory(slug: string): Promise<Category | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: config.tableName, Key: categoryKey(slug) }));
  return Item ? toCategory(Item) : undefined;
}

export async function createCategory(category: Category): Promise<void> {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: config.tableName,
        Item: { ...categoryKey(category.slug), entity: 'kbCategory', ...category },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) {
      throw conflict(`A category "${category.slug}" already exists`, [{ path: 'body.slug', message: 'Already taken' }]);
    }
    throw error;
  }
}

/** Writes the edited fields only: the counts belong to article writes and are never overwritten. */
export async function updateCategory(category: Category, expectedVersion: number): Promise<void> {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: categoryKey(category.slug),
        UpdateExpression:
          'SET #name = :name, description = :description, parent = :parent, #order = :order, version = :version, updatedAt = :updatedAt',
        ConditionExpression: 'attribute_exists(pk) AND version = :expected',
        ExpressionAttributeNames: { '#name': 'name', '#order': 'order' },
        ExpressionAttributeValues: {
          ':name': category.name,
          ':description': category.description,
          ':parent': category.parent,
          ':order': category.order,
          ':version': category.version,
          ':updatedAt': category.updatedAt,
          ':expected': expectedVersion,
        },
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) {
      throw staleEdit('category');
    }
    throw error;
  }
}

/** Only an empty category can go; the condition makes that hold even against a concurrent article write. */
export async function deleteCategory(slug: string): Promise<void> {
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Delete: {
              TableName: config.tableName,
              Key: categoryKey(slug),
              ConditionExpression: 'attribute_exists(pk) AND totalArticleCount = :zero',
              ExpressionAttributeValues: { ':zero': 0 },
            },
          },
        ],
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) {
      const current = await getCategory(slug);
      if (!current) throw notFound('Category');
      throw conflict('The category still has articles; move or delete them first');
    }
    throw error;
  }
}

export async function getArticle(slug: string): Promise<Article | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: config.tableName, Key: articleKey(slug) }));
  return Item ? toArticle(Item) : undefined;
}

/** The article, its related articles and its counters in one Query (the three items sort together). */
export async function getArticleWithStats(
  slug: string,
): Promise<{ article: Article; related: RelatedArticle[]; stats: ArticleStats } | undefined> {
  const { Items = [] } = await documentClient.send(
    new QueryCommand({
      TableName: config.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :article AND :stats',
      ExpressionAttributeValues: { ':pk': `${ARTICLE_PREFIX}${slug}`, ':article': 'ARTICLE', ':stats': 'STATS' },
    }),
  );
  const article = Items.find((item) => item.sk === 'ARTICLE');
  if (!article) return undefined;
  const related = Items.find((item) => item.sk === 'RELATED');
  const stats = Items.find((item) => item.sk === 'STATS');
  return { article: toArticle(article), related: (related?.articles as RelatedArticle[] | undefined) ?? [], stats: statsOf(stats) };
}

export async function createArticle(article: Article, counts: CategoryCountChange[]): Promise<void> {
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: config.tableName, Item: articleItem(article), ConditionExpression: 'attribute_not_exists(pk)' } },
          ...countUpdates(counts),
        ],
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    if (failedIndex(error) === 0) {
      throw conflict(`An article "${article.slug}" already exists`, [{ path: 'body.slug', message: 'Already taken' }]);
    }
    throw unknownCategory();
  }
}

export async function replaceArticle(article: Article, expectedVersion: number, counts: CategoryCountChange[]): Promise<void> {
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: config.tableName,
              Item: articleItem(article),
              ConditionExpression: 'attribute_exists(pk) AND version = :expected',
              ExpressionAttributeValues: { ':expected': expectedVersion },
            },
          },
          ...countUpdates(counts),
        ],
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    if (failedIndex(error) === 0) {
      throw staleEdit('article');
    }
    throw unknownCategory();
  }
}

/** Deletes the article with its counts in one transaction, then its counters and votes. */
/** An article with the keys of the items kept beside it (counters, votes), which go when it goes. */
export interface ArticleWithDependents {
  article: Article;
  dependents: ReadonlyArray<{ pk: string; sk: string }>;
}

/** The article's whole partition in one Query: what a delete must remove, read before it. */
export async function getArticleWithDependents(slug: string): Promise<ArticleWithDependents | undefined> {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': `${ARTICLE_PREFIX}${slug}` },
    ConsistentRead: true,
  });
  const article = items.find((item) => item.sk === 'ARTICLE');
  if (!article) return undefined;
  const dependents = items.filter((item) => item !== article).map((item) => ({ pk: String(item.pk), sk: String(item.sk) }));
  return { article: toArticle(article), dependents };
}


/**
 * Deletes the article (if unchanged since it was read), moves the category counts and removes its
 * dependents in one transaction; dependents beyond a transaction's 100 items go in batches after.
 */
export async function deleteArticle({ article, dependents }: ArticleWithDependents, counts: CategoryCountChange[]): Promise<void> {
  const changedMeanwhile = () => conflict('The article was changed meanwhile; reload it and try again');
  const countItems = countUpdates(counts);
  const together = dependents.slice(0, MAX_TRANSACTION_ITEMS - 1 - countItems.length);
  await writeTogether([
    {
      item: {
        Delete: {
          TableName: config.tableName,
          Key: articleKey(article.slug),
          ConditionExpression: 'attribute_exists(pk) AND version = :expected',
          ExpressionAttributeValues: { ':expected': article.version },
        },
      },
      onConditionFailed: changedMeanwhile,
    },
    ...countItems.map((item) => ({ item, onConditionFailed: changedMeanwhile })),
    ...together.map((key) => ({ item: { Delete: { TableName: config.tableName, Key: key } } })),
  ]);
  const rest = dependents.slice(together.length);
  for (let start = 0; start < rest.length; start += 25) {
    let requests: Record<string, unknown[]> | undefined = {
      [config.tableName]: rest.slice(start, start + 25).map((key) => ({ DeleteRequest: { Key: key } })),
    };
    while (requests && Object.keys(requests).length > 0) {
      const result = await documentClient.send(new BatchWriteCommand({ RequestItems: requests as never }));
      requests = result.UnprocessedItems as Record<string, unknown[]> | undefined;
    }
  }
}

/** Every article, latest edit first (staff). */
export function listAllArticles(page: { limit: number; cursor: string | undefined }): Promise<Page<Article>> {
  return queryPage(
    {
      TableName: config.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :partition',
      ExpressionAttributeValues: { ':partition': ALL_ARTICLES },
      ScanIndexForward: false,
    },
    { ...page, partition: { gsi1pk: ALL_ARTICLES }, toItem: toArticle },
  );
}

/** A category's published articles, by slug. */
export function listPublishedInCategory(category: string, page: { limit: number; cursor: string | undefined }): Promise<Page<Article>> {
  const partition = publishedPartition(category);
  return queryPage(
    {
      TableName: config.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :partition',
      ExpressionAttributeValues: { ':partition': partition },
    },
    { ...page, partition: { gsi2pk: partition }, toItem: toArticle },
  );
}

/** What the search index needs of every published article: one Query per category partition. */
export async function listSearchable(categories: string[]): Promise<SearchableArticle[]> {
  const perCategory = await Promise.all(
    categories.map((category) =>
      queryAll({
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :partition',
        ExpressionAttributeValues: { ':partition': publishedPartition(category) },
        ProjectionExpression: 'slug, category, title, #text, tags',
        ExpressionAttributeNames: { '#text': 'text' },
      }),
    ),
  );
  return perCategory.flat().map((item) => ({
    slug: item.slug as string,
    categorySlug: item.category as string,
    title: item.title as SearchableArticle['title'],
    text: item.text as SearchableArticle['text'],
    tags: item.tags as string[],
  }));
}

/** Every stored related list by article slug (eventually consistent: a build's starting point, not a guard). */
export async function listRelatedArticles(): Promise<Map<string, RelatedArticle[]>> {
  const items = await queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :partition',
    ExpressionAttributeValues: { ':partition': ALL_RELATED },
    ProjectionExpression: 'gsi1sk, articles',
  });
  return new Map(items.map((item) => [String(item.gsi1sk), item.articles as RelatedArticle[]]));
}

/**
 * Stores related lists found by the index build that read the articles at `readAt`, each unless a
 * build that read later has stored that article's list already (its condition keeps the newer).
 */
export async function saveRelatedArticles(lists: Array<{ slug: string; related: RelatedArticle[] }>, readAt: string): Promise<void> {
  await Promise.all(
    lists.map(async ({ slug, related }) => {
      try {
        await documentClient.send(
          new PutCommand({
            TableName: config.tableName,
            Item: { ...relatedKey(slug), entity: 'kbRelated', gsi1pk: ALL_RELATED, gsi1sk: slug, articles: related, readAt },
            ConditionExpression: 'attribute_not_exists(pk) OR readAt <= :readAt',
            ExpressionAttributeValues: { ':readAt': readAt },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }),
  );
}

export async function recordView(slug: string): Promise<ArticleStats> {
  const { Attributes } = await documentClient.send(
    new UpdateCommand({
      TableName: config.tableName,
      Key: statsKey(slug),
      UpdateExpression: 'ADD #views :one',
      ExpressionAttributeNames: { '#views': 'views' },
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return statsOf(Attributes);
}

/** One vote per visitor: the vote item's conditional put and the counter move together or not at all. */
export async function vote(slug: string, visitor: string, helpful: boolean, now: Date): Promise<ArticleStats> {
  // Only the vote's own condition means "already voted"; a clash with a view being counted at
  // the same moment is a conflict to retry, not a lost vote.
  await writeTogether([
    {
      item: {
        Put: {
          TableName: config.tableName,
          Item: { ...voteKey(slug, visitor), entity: 'kbVote', helpful, at: now.toISOString() },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      onConditionFailed: () => conflict('You have already voted on this article'),
    },
    {
      item: {
        Update: {
          TableName: config.tableName,
          Key: statsKey(slug),
          UpdateExpression: 'ADD #counter :one',
          ExpressionAttributeNames: { '#counter': helpful ? 'helpfulVotes' : 'notHelpfulVotes' },
          ExpressionAttributeValues: { ':one': 1 },
        },
      },
    },
  ]);
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: config.tableName, Key: statsKey(slug), ConsistentRead: true }),
  );
  return statsOf(Item);
}

/**
 * The article images of a table-stream record, or undefined when the record is not about a
 * knowledge-base article (views, votes, other features' items).
 */
export function articleChange(record: DynamoDBRecord): { before: IndexedView | undefined; after: IndexedView | undefined } | undefined {
  const keys = record.dynamodb?.Keys;
  if (!keys?.pk?.S?.startsWith(ARTICLE_PREFIX) || keys.sk?.S !== 'ARTICLE') return undefined;
  return { before: indexedView(record.dynamodb?.OldImage), after: indexedView(record.dynamodb?.NewImage) };
}

/** The attributes `listSearchable` reads; a change elsewhere (e.g. `version` alone) cannot change the index. */
const indexedAttributes = ['slug', 'category', 'title', 'text', 'tags'] as const;

function indexedView(image: Record<string, AttributeValue> | undefined): IndexedView | undefined {
  if (!image) return undefined;
  return {
    published: image.published?.BOOL === true,
    fingerprint: JSON.stringify(indexedAttributes.map((name) => image[name] ?? null)),
  };
}

function statsOf(item: Item | undefined): ArticleStats {
  return {
    views: Number(item?.views ?? 0),
    helpfulVotes: Number(item?.helpfulVotes ?? 0),
    notHelpfulVotes: Number(item?.notHelpfulVotes ?? 0),
  };
}
