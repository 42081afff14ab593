/**
 * One marker item per e-mail that should go out (`EMAIL#<dedupeKey>`, sk `EMAIL`), so that a
 * stream record delivered twice sends nothing twice. A sender claims the marker with a
 * conditional put (state `sending`, with a lease), marks it `sent` once SES has accepted the
 * e-mail, and deletes its claim when the send failed, so the retry claims it afresh. A claim whose
 * lease has run out (its sender crashed mid-send) may be taken over. Markers expire by TTL after
 * the stream's 24-hour retention and every retry of a record are long past.
 */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { config } from '../config.ts';
import { documentClient, isConditionFailure } from './dynamodb.ts';

const MARKER_LIFETIME_SECONDS = 7 * 86_400;

const keyOf = (dedupeKey: string) => ({ pk: `EMAIL#${dedupeKey}`, sk: 'EMAIL' });

export interface EmailDetails {
  to: string;
  kind: string;
  ticketNumber: string;
}

export type EmailClaim =
  /** Ours to send; `token` proves it when marking or releasing. */
  | { outcome: 'claimed'; token: string }
  /** Sent already: nothing to do. */
  | { outcome: 'sent' }
  /** Another sender holds it until `leaseUntil` (epoch milliseconds). */
  | { outcome: 'leased'; leaseUntil: number };

export async function claim(dedupeKey: string, details: EmailDetails, now: Date, leaseMs: number): Promise<EmailClaim> {
  const token = randomUUID();
  try {
    await documentClient.send(
      new PutCommand({
        TableName: config.tableName,
        Item: {
          ...keyOf(dedupeKey),
          entity: 'emailLog',
          ...details,
          state: 'sending',
          token,
          leaseUntil: now.getTime() + leaseMs,
          claimedAt: now.toISOString(),
          expiresAt: Math.floor(now.getTime() / 1000) + MARKER_LIFETIME_SECONDS,
        },
        ConditionExpression: 'attribute_not_exists(pk) OR (#state = :sending AND leaseUntil < :now)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':sending': 'sending', ':now': now.getTime() },
      }),
    );
    return { outcome: 'claimed', token };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: config.tableName, Key: keyOf(dedupeKey), ConsistentRead: true }),
  );
  if (Item?.state === 'sent') return { outcome: 'sent' };
  // Released between the put and the read: free to claim again right away.
  return { outcome: 'leased', leaseUntil: Item ? Number(Item.leaseUntil) : now.getTime() };
}

/** Records that SES accepted the e-mail; a claim taken over meanwhile is left to its new holder. */
export async function markSent(dedupeKey: string, token: string, sesMessageId: string, now: Date): Promise<void> {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: keyOf(dedupeKey),
        UpdateExpression: 'SET #state = :sent, sentAt = :now, sesMessageId = :messageId REMOVE leaseUntil, #token',
        ConditionExpression: '#token = :token',
        ExpressionAttributeNames: { '#state': 'state', '#token': 'token' },
        ExpressionAttributeValues: { ':sent': 'sent', ':now': now.toISOString(), ':messageId': sesMessageId, ':token': token },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/** Gives up a claim after a failed send, so that the retry of the record sends it. */
export async function release(dedupeKey: string, token: string): Promise<void> {
  try {
    await documentClient.send(
      new DeleteCommand({
        TableName: config.tableName,
        Key: keyOf(dedupeKey),
        ConditionExpression: '#token = :token',
        ExpressionAttributeNames: { '#token': 'token' },
        ExpressionAttributeValues: { ':token': token },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}
