/**
 * Adding a message or an internal note to a ticket, for every kind of author. The ticket's new
 * state is computed by the domain from the ticket as stored; when another writer got there first
 * (a reply racing a reply, the auto-close job), the ticket is read again and the rule re-applied,
 * so a reply is never lost to a version race and never answered with a 409 it did not cause.
 */
import { randomBytes } from 'node:crypto';
import * as ticketRepository from '../data/ticketRepository.ts';
import { TicketChangedMeanwhile } from '../data/ticketRepository.ts';
import { afterReply, type Author, type StoredMessage, type StoredTicket } from '../domain/tickets.ts';
import { conflict, notFound, validationFailed } from '../errors.ts';
import type { TicketStatus } from '../schemas/tickets.ts';
import { claimAttachments, type UploadOwner } from './attachments.ts';

export const newMessageId = () => randomBytes(12).toString('base64url');

export interface NewEntry {
  kind: 'message' | 'note';
  author: Author;
  body: string;
  attachmentIds: string[] | undefined;
  /** Whose uploads may be attached. */
  uploadOwners: UploadOwner[];
  /** The ticket's status after this entry, decided from the ticket as stored (may throw a 409). */
  nextStatus: (ticket: StoredTicket) => TicketStatus;
}

const MAX_ATTEMPTS = 4;

export async function addEntry(ticket: StoredTicket, entry: NewEntry, now = new Date()): Promise<{ ticket: StoredTicket; message: StoredMessage }> {
  let current = ticket;
  for (let attempt = 1; ; attempt += 1) {
    const message: StoredMessage = {
      id: newMessageId(),
      ticketNumber: current.number,
      kind: entry.kind,
      author: entry.author,
      body: entry.body,
      attachments: [],
      createdAt: now.toISOString(),
      opensTicket: false,
    };
    const claims = await claimAttachments(entry.attachmentIds, entry.uploadOwners, { ticketNumber: current.number, messageId: message.id });
    message.attachments = claims.attachments;
    const updated =
      entry.kind === 'note'
        ? { ...current, updatedAt: message.createdAt, version: current.version + 1 }
        : afterReply(current, entry.author, entry.nextStatus(current), now);
    try {
      await ticketRepository.addMessage(updated, current.version, message, claims.transactItems.map((item) => ({ item, onConditionFailed: attachmentTaken })));
      return { ticket: updated, message };
    } catch (error) {
      if (!(error instanceof TicketChangedMeanwhile)) throw error;
      if (attempt >= MAX_ATTEMPTS) throw conflict('The ticket is changing quickly right now; try again');
      const reread = await ticketRepository.get(current.number);
      if (!reread) throw notFound('Ticket');
      current = reread;
    }
  }
}

const attachmentTaken = () =>
  validationFailed('An attachment is no longer available to attach', [
    { path: 'body.attachmentIds', message: 'Already attached, expired or not yours' },
  ]);
