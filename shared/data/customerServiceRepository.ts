/**
 * A customer's services live in the customer's partition (`CUSTOMER#<id>`, sort keys `SERVICE#…`):
 * one Query lists them, so the status page and the ticket form can read them cheaply.
 */
import { BatchWriteCommand, type BatchWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.ts';
import type { CustomerService } from '../domain/customerServices.ts';
import { documentClient, queryAll } from './dynamodb.ts';

const partitionOf = (customerId: string) => `CUSTOMER#${customerId}`;
const SERVICE_PREFIX = 'SERVICE#';

function toService(item: Record<string, unknown>): CustomerService {
  return { id: item.id as string, name: item.name as string, product: item.product as string, serverId: (item.serverId as string | null) ?? null };
}

type WriteRequest = NonNullable<BatchWriteCommandInput['RequestItems']>[string][number];

/** BatchWrite in chunks of 25, resending what DynamoDB reports as unprocessed. */
async function writeAll(requests: WriteRequest[]): Promise<void> {
  for (let start = 0; start < requests.length; start += 25) {
    let pending: WriteRequest[] = requests.slice(start, start + 25);
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));
      if (attempt > 8) throw new Error('DynamoDB kept returning unprocessed items');
      const result = await documentClient.send(new BatchWriteCommand({ RequestItems: { [config.tableName]: pending } }));
      pending = result.UnprocessedItems?.[config.tableName] ?? [];
    }
  }
}

export async function list(customerId: string): Promise<CustomerService[]> {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': partitionOf(customerId), ':prefix': SERVICE_PREFIX },
  });
  // In the order the billing system sent them.
  return items.sort((a, b) => Number(a.order ?? 0) - Number(b.order ?? 0)).map(toService);
}

/**
 * Makes the stored list exactly `services`: removed ones are deleted, the rest written with
 * their position. Not atomic across more than 25 items, but idempotent: a retried sync converges.
 */
export async function replace(customerId: string, services: CustomerService[], existing: CustomerService[]): Promise<void> {
  const keep = new Set(services.map((service) => service.id));
  const pk = partitionOf(customerId);
  const requests: WriteRequest[] = [
    ...existing
      .filter((service) => !keep.has(service.id))
      .map((service) => ({ DeleteRequest: { Key: { pk, sk: `${SERVICE_PREFIX}${service.id}` } } })),
    ...services.map((service, order) => ({
      PutRequest: { Item: { pk, sk: `${SERVICE_PREFIX}${service.id}`, entity: 'customerService', ...service, order } },
    })),
  ];
  await writeAll(requests);
}
