/**
 * Reads ticket and message changes out of table-stream records. The keys are those of
 * shared/data/ticketRepository.ts: a ticket is `TICKET#<number>` / `TICKET`, a customer-visible
 * message `TICKET#<number>` / `MESSAGE#…`. Internal notes (`NOTE#…`) and every other item are not
 * recognised, so nothing downstream can mistake a note for a message.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { TicketChange } from '../domain/ticketNotifications.ts';
import type { StoredMessage, StoredTicket } from '../domain/tickets.ts';

type Image = NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>;

const storageAttributes = /^(pk|sk|entity|gsi\d+(pk|sk))$/;

function fieldsOf(image: Image | undefined, entity: string): Record<string, unknown> | undefined {
  if (!image) return undefined;
  // The stream's attribute values have the same wire shape as the SDK's.
  const item = unmarshall(image as Record<string, AttributeValue>);
  if (item.entity !== entity) return undefined;
  return Object.fromEntries(Object.entries(item).filter(([name]) => !storageAttributes.test(name)));
}

function ticketOf(image: Image | undefined): StoredTicket | undefined {
  const fields = fieldsOf(image, 'ticket');
  if (!fields) return undefined;
  const hashes = fields.guestKeyHashes as Set<string> | undefined;
  return { ...(fields as unknown as StoredTicket), guestKeyHashes: hashes ? [...hashes] : undefined };
}

const messageOf = (image: Image | undefined) => fieldsOf(image, 'ticketMessage') as unknown as StoredMessage | undefined;

/** The ticket or message a record is about, as it was before and after; undefined for anything else. */
export function ticketStreamChange(record: DynamoDBRecord): TicketChange | undefined {
  const change = record.dynamodb;
  const pk = change?.Keys?.pk?.S;
  const sk = change?.Keys?.sk?.S;
  const event = record.eventName;
  if (!change || !event || !pk?.startsWith('TICKET#') || sk === undefined) return undefined;
  if (sk === 'TICKET') {
    return { entity: 'ticket', event, before: ticketOf(change.OldImage), after: ticketOf(change.NewImage) };
  }
  if (sk.startsWith('MESSAGE#')) {
    return { entity: 'ticketMessage', event, before: messageOf(change.OldImage), after: messageOf(change.NewImage) };
  }
  return undefined;
}
