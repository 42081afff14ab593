/** The table-stream side of search: which changes need a new index, and rebuilding it once per batch. */
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import * as knowledgeBaseRepository from '../data/knowledgeBaseRepository.ts';
import { changesSearchIndex } from '../domain/articleSearch.ts';
import { logger } from '../logger.ts';
import { rebuildSearchIndex } from './knowledgeBaseSearch.ts';

/**
 * One rebuild covers the whole batch (it reads every published article as it is now). When it
 * fails, the first relevant record is reported: records before it are done, the rest retried.
 */
export async function updateSearchIndexFor(records: DynamoDBRecord[]): Promise<DynamoDBBatchResponse> {
  const relevant = records.filter((record) => {
    const change = knowledgeBaseRepository.articleChange(record);
    return change !== undefined && changesSearchIndex(change.before, change.after);
  });
  if (relevant.length === 0) return { batchItemFailures: [] };
  try {
    const pointer = await rebuildSearchIndex();
    logger.info('Search index rebuilt', { version: pointer.version, articles: pointer.articleCount, bytes: pointer.bytes, changes: relevant.length });
    return { batchItemFailures: [] };
  } catch (error) {
    logger.error('Search index rebuild failed', { error });
    return { batchItemFailures: [{ itemIdentifier: relevant[0]!.dynamodb!.SequenceNumber! }] };
  }
}
