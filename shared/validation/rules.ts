/**
 * The refinements and transforms the zod schemas use, as named functions: a compiled validator
 * (shared/compiled) imports them by name, so a rule is written once and runs the same
 * in zod and in the Lambda. infra/generateValidators.ts refuses a schema whose function is not
 * one of these exports.
 */
import { ticketNumberMaskProblem } from '../domain/ticketNumbers.ts';

/** 64 KB of message text (UTF-8 bytes, as a reader of the limit would count them). */
export const MAX_MESSAGE_BYTES = 64 * 1024;

export function fitsMessageBytes(text: string) {
  return Buffer.byteLength(text, 'utf8') <= MAX_MESSAGE_BYTES;
}

export function hasNoDuplicates(items: readonly unknown[]) {
  return new Set(items).size === items.length;
}

export function hasUniqueIds(items: readonly { id: string }[]) {
  return new Set(items.map((item) => item.id)).size === items.length;
}

/** A window given both ends must end after it starts; a missing end is checked where it is completed. */
export function endsAfterStart(window: { startsAt?: string | undefined; endsAt?: string | undefined }) {
  return window.startsAt === undefined || window.endsAt === undefined || Date.parse(window.endsAt) > Date.parse(window.startsAt);
}

export function isTicketNumberMask(mask: string) {
  return ticketNumberMaskProblem(mask) === null;
}

/** `png, PDF,,zip` → `['png', 'pdf', 'zip']` */
export function attachmentTypeList(list: string) {
  return list.split(',').map((type) => type.trim().toLowerCase()).filter(Boolean);
}
