/** Table-stream consumer: copies each newly attached upload out of `pending/` to its permanent key. */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { storeAttachedUploads } from '../../shared/useCases/storeAttachments.ts';

export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => storeAttachedUploads(event.Records);
