/** Table-stream consumer: e-mails new tickets, replies and auto-closes (shared/useCases/ticketNotifications.ts). */
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { sendTicketNotifications } from '../../shared/useCases/ticketNotifications.ts';

export const handler = async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> =>
  sendTicketNotifications(event.Records, { remainingMs: () => context.getRemainingTimeInMillis() });
