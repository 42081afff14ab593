/** Table-stream consumer: rebuilds the knowledge-base search index when published articles change. */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { updateSearchIndexFor } from '../../shared/useCases/searchIndexUpdates.ts';

export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => updateSearchIndexFor(event.Records);
