/**
 * Code-unit order for ids, slugs and ISO timestamps (ASCII, where locale rules add nothing).
 * Not `localeCompare`: its first call sets up ICU's collator, 5–13 ms of a cold start (npm run bench).
 */
export const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The letters under the accents: `łódź` → `lodz`. */
const baseLetters = (lowerCase: string) => lowerCase.normalize('NFD').replace(/\p{M}/gu, '').replace(/ł/g, 'l');

/**
 * Order for names people read (servers and their groups), as a collator orders Latin text: by
 * letters, then accents, then case, lower first (`Lodz` < `lódź` < `Łódź`, `web 1` < `Web 1`).
 * Not `localeCompare`, for the reason above; tests/unit/ordering.test.ts holds it to Intl.Collator.
 */
export function byName(a: string, b: string): number {
  const lowerA = a.toLowerCase();
  const lowerB = b.toLowerCase();
  return byCodeUnit(baseLetters(lowerA), baseLetters(lowerB)) || byCodeUnit(lowerA, lowerB) || byCodeUnit(b, a);
}
