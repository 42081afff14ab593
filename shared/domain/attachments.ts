/**
 * Attachments: who owns an upload, which files may be uploaded and under which names, how a stored
 * object is judged, when an upload may be attached, and how a file is served. Pure rules, no AWS.
 */
import type { Caller } from './callers.ts';

/** Who may attach an upload: set when the upload is created, compared when it is attached. */
export type UploadOwner = string;

/**
 * Signed-in user → `user:<sub>`; guest with a valid X-Ticket-Key → `ticket:<number>`; any other
 * guest → `guest` (the upload's 128-bit random id is then the only capability, as for the
 * guest opening a ticket there is no identity yet).
 */
export function uploadOwnerOf(caller: Caller, guestTicketNumber?: string): UploadOwner {
  if (caller.kind === 'user') return `user:${caller.id}`;
  if (guestTicketNumber !== undefined) return `ticket:${guestTicketNumber}`;
  return 'guest';
}

/** What a message stores about each of its attachments (and shows to whoever sees the message). */
export interface MessageAttachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
}

/**
 * Every type an attachment may ever have, with the name extensions that go with it. None of them
 * renders as active content in a browser (no HTML, SVG, XML or script): a file that claims such a
 * type, or whose name says so, is refused before anything is signed. Configuration
 * (`ATTACHMENT_TYPES`) may narrow this list, never extend it.
 */
export const attachmentTypeExtensions: Readonly<Record<string, readonly string[]>> = {
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'application/pdf': ['pdf'],
  'text/plain': ['txt', 'log', 'text'],
  'application/zip': ['zip'],
  // What Windows browsers send for a .zip file.
  'application/x-zip-compressed': ['zip'],
};

export const knownAttachmentTypes = Object.keys(attachmentTypeExtensions);

export type UploadStatus = 'pending' | 'available' | 'rejected' | 'attached';

export interface Upload {
  /** 128 random bits, hex: also the attachment id once attached. */
  id: string;
  owner: UploadOwner;
  filename: string;
  contentType: string;
  /** Declared by the client; the stored object's real size once verified. */
  size: number;
  /** `pending/<id>` until attached, then the permanent key under `tickets/`. */
  objectKey: string;
  status: UploadStatus;
  createdAt: string;
  /** It may be attached until then; afterwards it is as if it never existed (and expires by TTL). */
  claimableUntil: string;
  rejectedReason: string | null;
  ticketNumber: string | null;
  messageId: string | null;
  attachedAt: string | null;
}

/** The presigned POST's lifetime (the issue allows at most 15 minutes). */
export const uploadUrlMinutes = 15;
/**
 * How long an upload may wait to be attached. Well under the bucket's one-day lifecycle of
 * `pending/` (which deletes objects 24–48 h old), so an attached object is always copied to its
 * permanent key before the lifecycle could take the original.
 */
export const uploadClaimableHours = 12;
/** A presigned download is valid this long (the issue allows at most 5 minutes). */
export const downloadLinkSeconds = 300;

export const pendingAttachmentKey = (pendingPrefix: string, uploadId: string) => `${pendingPrefix}${uploadId}`;
/** Where an attached file lives for good: outside `pending/`, grouped by ticket for audits. */
export const permanentAttachmentKey = (ticketNumber: string, uploadId: string) => `tickets/${ticketNumber}/${uploadId}`;

// File names: checked and normalized, never silently rewritten into something the user did not choose.

/** Longest accepted name, in UTF-16 units as the request schema counts (most file systems allow 255 bytes). */
export const maxFilenameLength = 255;

// Bidirectional formatting characters (U+202E turns `gpj.exe` into what reads as `exe.jpg`).
const bidiControls = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const invisibleCharacters = /[\u200B\u2060\uFEFF]/u;
const controlCharacters = /\p{Cc}/u;

export const normalizeFilename = (name: string) => name.normalize('NFC').trim().replace(/\s+/gu, ' ');

/** Lower-case extension after the last dot, or null when the name has none (or nothing before it). */
export function extensionOf(name: string): string | null {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot === name.length - 1) return null;
  return name.slice(dot + 1).toLowerCase();
}

/** Why a (normalized) name is refused, or null when it is fine to store and show. */
export function filenameProblem(name: string): string | null {
  if (name.length === 0) return 'The file name is empty';
  if (name.length > maxFilenameLength) return `At most ${maxFilenameLength} characters`;
  if (!name.isWellFormed()) return 'The file name is not valid Unicode';
  if (name.includes('/') || name.includes('\\')) return 'A file name cannot contain / or \\ (folders are not kept)';
  if (controlCharacters.test(name)) return 'Control characters are not allowed in a file name';
  if (bidiControls.test(name)) return 'Text-direction control characters are not allowed in a file name';
  if (invisibleCharacters.test(name)) return 'Invisible characters are not allowed in a file name';
  if (name === '.' || name === '..') return 'Not a file name';
  return null;
}

/** Why an attachment of this name and type is refused (types as configured), or null. */
export function attachmentFileProblem(
  name: string,
  contentType: string,
  allowedTypes: readonly string[],
): { field: 'filename' | 'contentType'; message: string } | null {
  const nameProblem = filenameProblem(name);
  if (nameProblem) return { field: 'filename', message: nameProblem };
  if (!allowedTypes.includes(contentType)) {
    return { field: 'contentType', message: `Allowed types: ${allowedTypes.join(', ')}` };
  }
  const extensions = attachmentTypeExtensions[contentType] ?? [];
  const extension = extensionOf(name);
  if (extension === null || !extensions.includes(extension)) {
    return { field: 'filename', message: `A ${contentType} file name must end in .${extensions.join(' or .')}` };
  }
  return null;
}

// Verification of the stored object (S3 does not check anything the emulator skips, so we do).

export interface StoredObject {
  size: number;
  contentType: string | undefined;
}

/** Why a stored object does not match what was signed for it, or null when it does. */
export function storedObjectProblem(
  declared: { size: number; contentType: string },
  object: StoredObject,
  maxBytes: number,
): string | null {
  if (object.size < 1) return 'The file is empty';
  if (object.size > declared.size) return `The file is ${object.size} bytes, larger than the ${declared.size} declared`;
  if (object.size > maxBytes) return `The file is larger than ${maxBytes} bytes`;
  if (object.contentType !== declared.contentType) {
    return `The file was sent as ${object.contentType ?? 'no type'}, not ${declared.contentType}`;
  }
  return null;
}

// Attaching.

const unknownUpload = 'Unknown or expired upload';

/**
 * Why an upload cannot be attached by someone acting as one of `owners`, or null. Another
 * owner's upload reads exactly like an unknown one, so ids cannot be probed.
 */
export function claimProblem(upload: Upload | undefined, owners: readonly UploadOwner[], now: Date): string | null {
  if (!upload || !owners.includes(upload.owner)) return unknownUpload;
  if (upload.status === 'attached') return 'This file is already attached to a message';
  if (upload.claimableUntil <= now.toISOString()) return unknownUpload;
  if (upload.status === 'pending') return 'This file has not been uploaded yet, or is still being checked';
  if (upload.status === 'rejected') return `This file was refused: ${upload.rejectedReason ?? 'it did not match what was declared'}`;
  return null;
}

export const attachmentOf = (upload: Upload): MessageAttachment => ({
  id: upload.id,
  filename: upload.filename,
  contentType: upload.contentType,
  size: upload.size,
});

// Serving a file.

/** Types a browser shows inertly (or only downloads); anything else is served as octet-stream. */
const inertTypes = new Set([
  ...knownAttachmentTypes,
  'application/octet-stream',
  'application/gzip',
  'application/x-gzip',
  'application/x-tar',
  'application/x-7z-compressed',
  'application/vnd.rar',
  'application/x-msdownload',
  'application/x-iso9660-image',
  'application/vnd.debian.binary-package',
  'application/x-rpm',
  'text/csv',
]);

/** The Content-Type a presigned download answers with: never one a browser would run (HTML, SVG, XML, JS). */
export const servedContentType = (contentType: string) =>
  inertTypes.has(contentType.toLowerCase()) ? contentType.toLowerCase() : 'application/octet-stream';

/** RFC 5987 `attr-char`s are kept; every other UTF-8 byte is percent-encoded. */
const encodeRfc5987 = (value: string) =>
  encodeURIComponent(value).replace(/['()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * `attachment` (never `inline`) with an ASCII fallback name for old clients and the exact name
 * as `filename*` (RFC 6266 / RFC 5987), so no name can break out of the header.
 */
export function attachmentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7E]|["\\%;]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(filename)}`;
}
