/**
 * Tickets, their messages and internal notes. One partition per ticket (`TICKET#<number>`): the
 * ticket item (sk `TICKET`, whose conditional put is also the number's reservation), messages
 * (`MESSAGE#<time>#<id>`) and notes (`NOTE#<time>#<id>`), so a ticket page is one Query.
 *
 * The ticket item carries the keys of six sparse index entries, each list one Query per page,
 * newest activity first (sort key `<lastActivityAt>#<number>`):
 * gsi1 a customer's tickets, gsi2 by status, gsi3 the active ones (absent once closed);
 * gsi4 the staff queue, gsi5 by status, gsi6 by department, gsi7 the active ones.
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.ts';
import { byCodeUnit } from '../domain/ordering.ts';
import type { StoredMessage, StoredTicket } from '../domain/tickets.ts';
import { isActive } from '../domain/tickets.ts';
import { notFound, staleEdit } from '../errors.ts';
import type { TicketStatus } from '../schemas/tickets.ts';
import { documentClient, isConditionFailure, queryAll, withoutAttributes, writeTogether, type TransactPart } from './dynamodb.ts';
import { queryFilteredPage, queryPage, type Page } from './pagination.ts';

const partitionOf = (number: string) => `TICKET#${number}`;
const TICKET_SK = 'TICKET';
const ticketKey = (number: string) => ({ pk: partitionOf(number), sk: TICKET_SK });
const messageKey = (message: StoredMessage) => ({
  pk: partitionOf(message.ticketNumber),
  sk: `${message.kind === 'note' ? 'NOTE' : 'MESSAGE'}#${message.createdAt}#${message.id}`,
});

const customerList = (customerId: string) => `CUSTOMER#${customerId}#TICKETS`;
const STAFF_QUEUE = 'TICKETS';

/** The index entries a ticket belongs to, as it is now. */
function indexKeys(ticket: StoredTicket): Record<string, string> {
  const sortKey = `${ticket.lastActivityAt}#${ticket.number}`;
  const keys: Record<string, string> = {
    gsi4pk: STAFF_QUEUE,
    gsi4sk: sortKey,
    gsi5pk: `${STAFF_QUEUE}#STATUS#${ticket.status}`,
    gsi5sk: sortKey,
    gsi6pk: `${STAFF_QUEUE}#DEPARTMENT#${ticket.departmentId}`,
    gsi6sk: sortKey,
  };
  if (isActive(ticket.status)) Object.assign(keys, { gsi7pk: `${STAFF_QUEUE}#ACTIVE`, gsi7sk: sortKey });
  if (ticket.owner.kind === 'customer') {
    const list = customerList(ticket.owner.customerId);
    Object.assign(keys, { gsi1pk: list, gsi1sk: sortKey, gsi2pk: `${list}#${ticket.status}`, gsi2sk: sortKey });
    if (isActive(ticket.status)) Object.assign(keys, { gsi3pk: `${list}#ACTIVE`, gsi3sk: sortKey });
  }
  return keys;
}

const storageAttributes = new Set([
  'pk', 'sk', 'entity',
  'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'gsi4pk', 'gsi4sk', 'gsi5pk', 'gsi5sk', 'gsi6pk', 'gsi6sk', 'gsi7pk', 'gsi7sk',
]);

const withoutStorage = (item: Record<string, unknown>) => withoutAttributes(item, storageAttributes);

function toTicket(item: Record<string, unknown>): StoredTicket {
  const ticket = withoutStorage(item) as unknown as StoredTicket & { guestKeyHashes?: Set<string> | string[] };
  return { ...ticket, guestKeyHashes: ticket.guestKeyHashes ? [...ticket.guestKeyHashes] : undefined };
}

const toMessage = (item: Record<string, unknown>) => withoutStorage(item) as unknown as StoredMessage;

function ticketItem(ticket: StoredTicket): Record<string, unknown> {
  const { guestKeyHashes, ...fields } = ticket;
  return {
    ...ticketKey(ticket.number),
    entity: 'ticket',
    ...fields,
    ...indexKeys(ticket),
    ...(guestKeyHashes && guestKeyHashes.length > 0 ? { guestKeyHashes: new Set(guestKeyHashes) } : {}),
  };
}

const messageItem = (message: StoredMessage) => ({
  ...messageKey(message),
  entity: message.kind === 'note' ? 'ticketNote' : 'ticketMessage',
  ...message,
});

/** Raised when the drawn number is taken: the use case draws another. */
export class TicketNumberTaken extends Error {
  override name = 'TicketNumberTaken';
}

/** Raised when a message's ticket moved on since it was read: the use case reads it again. */
export class TicketChangedMeanwhile extends Error {
  override name = 'TicketChangedMeanwhile';
}

/**
 * An update that rewrites every ticket field and index key except the guest key digests (which
 * the mailer adds on its own), only while the stored ticket is still at `expectedVersion`.
 */
function ticketUpdate(ticket: StoredTicket, expectedVersion: number) {
  const { number: _number, guestKeyHashes: _keys, ...fields } = ticket;
  const values: Record<string, unknown> = { ...fields, ...indexKeys(ticket) };
  const removed = ['gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'gsi7pk', 'gsi7sk'].filter((name) => !(name in values));
  const names = Object.keys(values);
  return {
    TableName: config.tableName,
    Key: ticketKey(ticket.number),
    UpdateExpression:
      `SET ${names.map((name, i) => `#f${i} = :f${i}`).join(', ')}` +
      (removed.length > 0 ? ` REMOVE ${removed.map((_, i) => `#r${i}`).join(', ')}` : ''),
    ConditionExpression: 'attribute_exists(pk) AND #version = :expectedVersion',
    ExpressionAttributeNames: {
      ...Object.fromEntries(names.map((name, i) => [`#f${i}`, name])),
      ...Object.fromEntries(removed.map((name, i) => [`#r${i}`, name])),
      '#version': 'version',
    },
    ExpressionAttributeValues: {
      ...Object.fromEntries(names.map((name, i) => [`:f${i}`, values[name]])),
      ':expectedVersion': expectedVersion,
    },
  };
}

export type CustomerListFilter = TicketStatus | 'active' | undefined;

export interface StaffQueueFilter {
  department?: string;
  status?: TicketStatus | 'active';
  priority?: string;
  /** A staff id, or `none` for unassigned tickets. */
  assignee?: string;
}

/**
 * Writes the ticket (its number reserved by the conditional put), its first message and
 * whatever else must happen with them (idempotency record, rate-limit count, attachment
 * claims) in one transaction.
 */
export async function create(ticket: StoredTicket, firstMessage: StoredMessage, together: TransactPart[]): Promise<void> {
  await writeTogether([
    {
      item: { Put: { TableName: config.tableName, Item: ticketItem(ticket), ConditionExpression: 'attribute_not_exists(pk)' } },
      onConditionFailed: () => new TicketNumberTaken(ticket.number),
    },
    { item: { Put: { TableName: config.tableName, Item: messageItem(firstMessage) } } },
    ...together,
  ]);
}

export async function get(number: string): Promise<StoredTicket | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: config.tableName, Key: ticketKey(number) }));
  return Item ? toTicket(Item) : undefined;
}

/** The ticket with its whole history (messages and notes, oldest first), in one Query. */
export async function getWithHistory(number: string): Promise<{ ticket: StoredTicket; history: StoredMessage[] } | undefined> {
  const items = await queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': partitionOf(number) } });
  const ticketItemFound = items.find((item) => item.sk === TICKET_SK);
  if (!ticketItemFound) return undefined;
  const history = items
    .filter((item) => item.entity === 'ticketMessage' || item.entity === 'ticketNote')
    .map(toMessage)
    .sort((a, b) => byCodeUnit(a.createdAt, b.createdAt) || byCodeUnit(a.id, b.id));
  return { ticket: toTicket(ticketItemFound), history };
}

/**
 * Stores the changed ticket and a new message (or note) together, only if the ticket is still
 * at `expectedVersion`; `together` adds writes that must succeed with them (attachment claims).
 */
export async function addMessage(ticket: StoredTicket, expectedVersion: number, message: StoredMessage, together: TransactPart[] = []): Promise<void> {
  await writeTogether([
    { item: { Update: ticketUpdate(ticket, expectedVersion) }, onConditionFailed: () => new TicketChangedMeanwhile() },
    { item: { Put: { TableName: config.tableName, Item: messageItem(message), ConditionExpression: 'attribute_not_exists(pk)' } } },
    ...together,
  ]);
}

/** Stores a changed ticket only while it is still at `expectedVersion` (else a 409). */
export async function update(ticket: StoredTicket, expectedVersion: number): Promise<void> {
  try {
    await documentClient.send(new UpdateCommand(ticketUpdate(ticket, expectedVersion)));
  } catch (error) {
    if (isConditionFailure(error)) throw staleEdit('ticket');
    throw error;
  }
}

/** A customer's tickets, newest activity first: one Query per page whatever the filter. */
export async function listForCustomer(customerId: string, filter: CustomerListFilter, page: { limit: number; cursor?: string }): Promise<Page<StoredTicket>> {
  const list = customerList(customerId);
  const [index, partition] =
    filter === undefined ? ['gsi1', list] : filter === 'active' ? ['gsi3', `${list}#ACTIVE`] : ['gsi2', `${list}#${filter}`];
  return queryPage(
    {
      TableName: config.tableName,
      IndexName: index,
      KeyConditionExpression: `${index}pk = :pk`,
      ExpressionAttributeValues: { ':pk': partition },
      ScanIndexForward: false,
    },
    { limit: page.limit, cursor: page.cursor, partition: { [`${index}pk`]: partition }, toItem: toTicket },
  );
}

/**
 * The staff queue, newest activity first. The narrowest index serves the request (department,
 * else status or active, else everything); the other filters are applied while reading.
 */
export async function staffQueue(filter: StaffQueueFilter, page: { limit: number; cursor?: string }): Promise<Page<StoredTicket>> {
  let index: string;
  let partition: string;
  if (filter.department !== undefined) [index, partition] = ['gsi6', `${STAFF_QUEUE}#DEPARTMENT#${filter.department}`];
  else if (filter.status === 'active') [index, partition] = ['gsi7', `${STAFF_QUEUE}#ACTIVE`];
  else if (filter.status !== undefined) [index, partition] = ['gsi5', `${STAFF_QUEUE}#STATUS#${filter.status}`];
  else [index, partition] = ['gsi4', STAFF_QUEUE];

  const conditions: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':pk': partition };
  if (filter.status === 'active' && index !== 'gsi7') {
    conditions.push('#status <> :closed');
    names['#status'] = 'status';
    values[':closed'] = 'closed';
  } else if (filter.status !== undefined && filter.status !== 'active' && index !== 'gsi5') {
    conditions.push('#status = :status');
    names['#status'] = 'status';
    values[':status'] = filter.status;
  }
  if (filter.priority !== undefined) {
    conditions.push('priority = :priority');
    values[':priority'] = filter.priority;
  }
  if (filter.assignee === 'none') {
    conditions.push('attribute_type(assignee, :null)');
    values[':null'] = 'NULL';
  } else if (filter.assignee !== undefined) {
    conditions.push('assignee.id = :assignee');
    values[':assignee'] = filter.assignee;
  }
  const input = {
    TableName: config.tableName,
    IndexName: index,
    KeyConditionExpression: `${index}pk = :pk`,
    ExpressionAttributeValues: values,
    ScanIndexForward: false,
    ...(conditions.length > 0 ? { FilterExpression: conditions.join(' AND ') } : {}),
    ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
  };
  const options = { limit: page.limit, cursor: page.cursor, partition: { [`${index}pk`]: partition }, toItem: toTicket };
  return conditions.length > 0 ? queryFilteredPage(input, options) : queryPage(input, options);
}

/** Answered tickets whose last activity is older than `cutoff`, oldest first (for auto-close). */
export async function listAnsweredBefore(cutoffIso: string, limit: number, cursor?: string): Promise<Page<StoredTicket>> {
  const partition = `${STAFF_QUEUE}#STATUS#answered`;
  return queryPage(
    {
      TableName: config.tableName,
      IndexName: 'gsi5',
      KeyConditionExpression: 'gsi5pk = :pk AND gsi5sk < :cutoff',
      ExpressionAttributeValues: { ':pk': partition, ':cutoff': cutoffIso },
      ScanIndexForward: true,
    },
    { limit, cursor, partition: { gsi5pk: partition }, toItem: toTicket },
  );
}

/**
 * Stores a changed ticket only if it is still at the version it was read at; returns false
 * when another write got there first (a reply racing the auto-close job, say), for the caller
 * to re-read and decide again.
 */
export async function updateIfUnchanged(changed: StoredTicket, readVersion: number): Promise<boolean> {
  try {
    await documentClient.send(new UpdateCommand(ticketUpdate(changed, readVersion)));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Another access key for a guest's ticket (the mailer mints one per e-mail). */
export async function addGuestKeyHash(number: string, hash: string): Promise<void> {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: ticketKey(number),
        UpdateExpression: 'ADD guestKeyHashes :hash',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':hash': new Set([hash]) },
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw notFound('Ticket');
    throw error;
  }
}

export async function removeGuestKeyHash(number: string, hash: string): Promise<void> {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: ticketKey(number),
        UpdateExpression: 'DELETE guestKeyHashes :hash',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':hash': new Set([hash]) },
      }),
    );
  } catch (error) {
    // A ticket deleted meanwhile has no keys left to revoke.
    if (!isConditionFailure(error)) throw error;
  }
}
