/**
 * The table-stream side of ticket e-mail: each record's e-mails (shared/domain/ticketNotifications.ts)
 * go out at most once per recipient, whatever the number of deliveries, and at least once
 * whatever fails. Records are handled in order; the first that cannot be finished is reported as
 * the batch item failure, so the records before it stay done and it and those after it are
 * retried (and end in the failure destination if they keep failing).
 */
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { config } from '../config.ts';
import * as departmentRepository from '../data/departmentRepository.ts';
import * as emailLogRepository from '../data/emailLogRepository.ts';
import * as ticketRepository from '../data/ticketRepository.ts';
import { ticketStreamChange } from '../data/ticketStreamRecords.ts';
import type { Department } from '../domain/departments.ts';
import { mailsDepartment, notificationEventOf, plannedEmails, type NotificationEvent, type PlannedEmail } from '../domain/ticketNotifications.ts';
import { hashAccessKey, newAccessKey, type StoredTicket } from '../domain/tickets.ts';
import { resolveText } from '../domain/text.ts';
import { isDeliverableAddress, MAX_SEND_MS, sendEmail } from '../email/mailer.ts';
import { renderTicketEmail, ticketLink } from '../email/ticketEmails.ts';
import { logger } from '../logger.ts';

/**
 * How long a claim keeps other deliveries off an e-mail: longer than a send can take (retries
 * included) plus the writes around it, so only a sender that crashed mid-send loses its claim.
 */
export const CLAIM_LEASE_MS = 30_000;
/** Kept free at the end of an invocation for the writes after a send. */
const SAFETY_MARGIN_MS = 5_000;

export interface NotificationOptions {
  /** Milliseconds the invocation has left. */
  remainingMs: () => number;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function sendTicketNotifications(records: DynamoDBRecord[], options: NotificationOptions): Promise<DynamoDBBatchResponse> {
  for (const record of records) {
    let finished: boolean;
    try {
      finished = await notifyAbout(record, options);
    } catch (error) {
      logger.error('Ticket notification failed; the record will be retried', { error, eventId: record.eventID });
      finished = false;
    }
    if (!finished) return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
  }
  return { batchItemFailures: [] };
}

/** Sends every e-mail of one record; false when any of them must be retried. */
async function notifyAbout(record: DynamoDBRecord, options: NotificationOptions): Promise<boolean> {
  const change = ticketStreamChange(record);
  const event = change && notificationEventOf(change);
  if (!event) return true;
  const ticket = event.kind === 'autoClosed' ? event.ticket : await ticketRepository.get(event.ticketNumber);
  if (!ticket) {
    logger.warn('Ticket e-mail skipped: the ticket no longer exists', { ticketNumber: event.ticketNumber });
    return true;
  }
  // The department names the sender in every e-mail but decides the recipients of only some:
  // otherwise its read overlaps the first claim. The no-op catch keeps a failed read from counting
  // as unhandled before it is awaited; awaiting it still throws.
  const department = departmentRepository.get(ticket.departmentId);
  department.catch(() => undefined);
  const departmentEmail = mailsDepartment(event) ? ((await department)?.email ?? null) : null;
  let allSent = true;
  for (const planned of plannedEmails(event, ticket, departmentEmail)) {
    if (!isDeliverableAddress(planned.to)) {
      // Retrying cannot make it deliverable; addresses are validated on input, so this is a stored oddity.
      logger.warn('Ticket e-mail skipped: undeliverable address', { ticketNumber: ticket.number, kind: planned.kind });
      continue;
    }
    // Every recipient is tried even after one fails: the ones already sent are not sent again on retry.
    const sent = await deliver(planned, event, ticket, department, options);
    allSent &&= sent;
  }
  return allSent;
}

async function deliver(
  planned: PlannedEmail,
  event: NotificationEvent,
  ticket: StoredTicket,
  departmentLookup: Promise<Department | undefined>,
  options: NotificationOptions,
): Promise<boolean> {
  const clock = options.now ?? (() => new Date());
  const claim = await claimOrWait(planned, ticket.number, options);
  if (claim === 'sent') return true;
  if (claim === 'busy') {
    logger.warn('Ticket e-mail is being sent by another delivery; the record will be retried', { ticketNumber: ticket.number, kind: planned.kind });
    return false;
  }

  // The plaintext key is never stored: each e-mail to a guest carries a key of its own, valid
  // from before the e-mail leaves, and revoked again if it never does.
  const accessKey = planned.withGuestKey ? newAccessKey() : undefined;
  let messageId: string;
  try {
    if (accessKey) await ticketRepository.addGuestKeyHash(ticket.number, hashAccessKey(accessKey));
    const department = await departmentLookup;
    const email = renderTicketEmail({
      kind: planned.kind,
      language: ticket.language,
      ticket: { number: ticket.number, subject: ticket.subject, priority: ticket.priority, owner: ticket.owner },
      departmentName: department ? resolveText(department.name, ticket.language) : ticket.departmentId,
      ...(event.kind === 'messagePosted' ? { message: { authorName: event.message.author.name, body: event.message.body } } : {}),
      link: ticketLink(config.portalUrl, ticket.number, accessKey),
      linkHasAccessKey: accessKey !== undefined,
    });
    ({ messageId } = await sendEmail(planned.to, email));
  } catch (error) {
    logger.error('Ticket e-mail not sent; the record will be retried', { error, ticketNumber: ticket.number, kind: planned.kind });
    if (accessKey) {
      await ticketRepository.removeGuestKeyHash(ticket.number, hashAccessKey(accessKey)).catch((revokeError: unknown) =>
        logger.error('Could not revoke the unsent access key', { error: revokeError, ticketNumber: ticket.number }),
      );
    }
    // If this fails too, the claim's lease runs out and the retry takes it over.
    await emailLogRepository.release(planned.dedupeKey, claim.token).catch((releaseError: unknown) =>
      logger.error('Could not release the e-mail claim', { error: releaseError, ticketNumber: ticket.number }),
    );
    return false;
  }
  try {
    await emailLogRepository.markSent(planned.dedupeKey, claim.token, messageId, clock());
  } catch (error) {
    // Sent all the same: retrying the record now would only risk sending it twice.
    logger.error('E-mail sent but not marked sent', { error, ticketNumber: ticket.number, kind: planned.kind });
  }
  return true;
}

/**
 * Claims the e-mail. A claim held by another delivery is waited for when its lease ends in time
 * for a send (that sender finished: `sent`; or crashed: the claim is taken over), else `busy`.
 */
async function claimOrWait(
  planned: PlannedEmail,
  ticketNumber: string,
  options: NotificationOptions,
): Promise<{ token: string } | 'sent' | 'busy'> {
  const clock = options.now ?? (() => new Date());
  const sleep = options.sleep ?? defaultSleep;
  for (;;) {
    const now = clock();
    const claim = await emailLogRepository.claim(planned.dedupeKey, { to: planned.to, kind: planned.kind, ticketNumber }, now, CLAIM_LEASE_MS);
    if (claim.outcome === 'claimed') return { token: claim.token };
    if (claim.outcome === 'sent') return 'sent';
    const waitMs = Math.max(0, claim.leaseUntil - now.getTime()) + 1;
    if (waitMs + MAX_SEND_MS + SAFETY_MARGIN_MS > options.remainingMs()) return 'busy';
    await sleep(waitMs);
  }
}
