/**
 * Presigned links to a ticket's attachments, under the ticket's own access rule: whoever may
 * see the ticket may download what its visible messages carry, anyone else gets a 404. The
 * attachment must be on a message of that ticket (a customer route never reaches a file
 * attached to an internal note).
 */
import { config } from '../config.ts';
import * as uploadRepository from '../data/uploadRepository.ts';
import type { Caller } from '../domain/callers.ts';
import { notFound } from '../errors.ts';
import { downloadLinkTo } from './fileLinks.ts';
import { findTicketWithHistoryForCaller } from './ticketAccess.ts';

export async function ticketAttachmentLink(
  caller: Caller,
  request: { ticketNumber: string; attachmentId: string; guestKey: string | undefined; asStaff: boolean },
  now = new Date(),
) {
  const { ticket, history } = await findTicketWithHistoryForCaller(caller, request.ticketNumber, request.guestKey, {
    asStaff: request.asStaff,
  });
  const message = history.find(
    (entry) => (request.asStaff || entry.kind === 'message') && entry.attachments.some((attachment) => attachment.id === request.attachmentId),
  );
  const upload = message && (await uploadRepository.get(request.attachmentId));
  if (!message || !upload || upload.status !== 'attached' || upload.ticketNumber !== ticket.number || upload.messageId !== message.id) {
    throw notFound('Attachment');
  }
  return downloadLinkTo(config.attachmentsBucket, upload, now);
}
