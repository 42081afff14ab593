/**
 * Ticket numbers: random, never sequential (a number tells nobody how many tickets we have or
 * lets them guess their neighbour's), drawn from a configurable mask the way WHMCS does it:
 * `%n` a random digit, `%A` a random upper-case letter, `%y` `%m` `%d` the UTC date, anything
 * else (letters, digits, hyphens) literally. Uniqueness is the repository's conditional write.
 * The random source is the caller's (node:crypto's randomInt when opening a ticket): this module
 * is also how every function's configuration checks the mask, and loading node:crypto there
 * would cost a function without an SDK client ~3 ms of its cold start.
 */

const TOKEN = /%[nAymd]/g;
const RANDOM_TOKEN = /%[nA]/g;
const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ'; // no I or O: they read as 1 and 0 over the phone

/** Why a mask cannot be used, or null when it can. */
export function ticketNumberMaskProblem(mask: string): string | null {
  const literal = mask.replace(TOKEN, '');
  if (!/^[A-Za-z0-9-]*$/.test(literal)) return 'Only %n, %A, %y, %m, %d, letters, digits and hyphens are allowed';
  if ((mask.match(RANDOM_TOKEN) ?? []).length < 4) return 'At least 4 random places (%n or %A) are needed';
  if (generateTicketNumber(mask, new Date(0), () => 0).length > 32) return 'A number may be at most 32 characters long';
  return null;
}

/** `pick(n)` returns a random whole number below n. */
export function generateTicketNumber(mask: string, now: Date, pick: (n: number) => number): string {
  return mask.replace(TOKEN, (token) => {
    switch (token) {
      case '%n':
        return String(pick(10));
      case '%A':
        return LETTERS[pick(LETTERS.length)]!;
      case '%y':
        return String(now.getUTCFullYear());
      case '%m':
        return String(now.getUTCMonth() + 1).padStart(2, '0');
      default:
        return String(now.getUTCDate()).padStart(2, '0');
    }
  });
}

/** What a path `{number}` may look like: anything a mask can produce, nothing else. */
export const TICKET_NUMBER_PATTERN = /^[A-Za-z0-9-]{1,32}$/;
