/**
 * Who an upload belongs to, and an upload's state as its owner may see it. DynamoDB only (the
 * functions creating upload forms add the presigner themselves: shared/useCases/createUpload.ts).
 */
import * as uploadRepository from '../data/uploadRepository.ts';
import { uploadOwnerOf, type Upload, type UploadOwner } from '../domain/attachments.ts';
import type { Caller } from '../domain/callers.ts';
import { AppError, notFound, validationFailed } from '../errors.ts';
import { findTicketForCaller } from './ticketAccess.ts';

/**
 * The owner a new upload gets. A guest naming a ticket must hold a valid key for it (else 404,
 * as for any ticket they may not see); a signed-in caller's uploads are always their own.
 */
export async function ownerForNewUpload(caller: Caller, ticketNumber: string | undefined, guestKey: string | undefined): Promise<UploadOwner> {
  if (caller.kind === 'user') {
    if (ticketNumber !== undefined) {
      throw validationFailed('Uploads of a signed-in user are theirs for any of their messages; ticketNumber is for guests', [
        { path: 'body.ticketNumber', message: 'Only for guests' },
      ]);
    }
    return uploadOwnerOf(caller);
  }
  if (ticketNumber === undefined) {
    if (guestKey !== undefined) {
      throw validationFailed('Name the ticket the X-Ticket-Key opens', [{ path: 'body.ticketNumber', message: 'Required with X-Ticket-Key' }]);
    }
    return uploadOwnerOf(caller);
  }
  if (guestKey === undefined) {
    throw validationFailed('A guest uploading for a ticket sends its access key', [{ path: 'header.x-ticket-key', message: 'Required with ticketNumber' }]);
  }
  const ticket = await findTicketForCaller(caller, ticketNumber, guestKey);
  return uploadOwnerOf(caller, ticket.number);
}

/** Whether the caller is (or, for a ticket-bound guest upload, holds the key of) the upload's owner. */
async function callerOwns(caller: Caller, upload: Upload, guestKey: string | undefined): Promise<boolean> {
  if (caller.kind === 'user') return upload.owner === uploadOwnerOf(caller);
  if (upload.owner === uploadOwnerOf(caller)) return true;
  const ticketNumber = upload.owner.startsWith('ticket:') ? upload.owner.slice('ticket:'.length) : undefined;
  if (ticketNumber === undefined || guestKey === undefined) return false;
  try {
    await findTicketForCaller(caller, ticketNumber, guestKey);
    return true;
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return false;
    throw error;
  }
}

/** The upload if the caller owns it and it has not been forgotten, else a 404. */
export async function findUploadForOwner(caller: Caller, uploadId: string, guestKey: string | undefined, now = new Date()): Promise<Upload> {
  const upload = await uploadRepository.get(uploadId);
  const forgotten = upload !== undefined && upload.status !== 'attached' && upload.claimableUntil <= now.toISOString();
  if (!upload || forgotten || !(await callerOwns(caller, upload, guestKey))) throw notFound('Upload');
  return upload;
}

export const showUploadStatus = (upload: Upload) => ({
  uploadId: upload.id,
  filename: upload.filename,
  contentType: upload.contentType,
  size: upload.size,
  claimableUntil: upload.claimableUntil,
  status: upload.status,
  rejectedReason: upload.rejectedReason,
});
