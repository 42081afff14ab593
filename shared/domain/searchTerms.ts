/**
 * How text becomes search terms, for documents and queries alike, the way Polish and English
 * customers type: case and diacritics do not matter (ł counts as l), common inflections share a
 * stem, and stop words are dropped. Pure functions, no AWS.
 *
 * Each word yields its normalized form and, when different, its stem: the stem makes inflected
 * forms meet (`zgłoszeń` and `zgłoszenie` both stem to `zglosz`), the full form keeps typo
 * tolerance working (`zgloszeine` is one transposition away from `zgloszenie`, not from `zglosz`).
 */

const stopWords = new Set(
  [
    // Polish (already without diacritics)
    'a', 'aby', 'ale', 'bo', 'by', 'co', 'czy', 'dla', 'do', 'i', 'ich', 'jak', 'jest', 'juz', 'ktory', 'ktora',
    'ktore', 'lub', 'mam', 'mi', 'mnie', 'moj', 'moja', 'moje', 'na', 'nie', 'o', 'od', 'oraz', 'po', 'przez',
    'sie', 'ta', 'tak', 'te', 'ten', 'to', 'u', 'w', 'we', 'z', 'za', 'ze', 'zeby',
    // English
    'an', 'and', 'are', 'as', 'at', 'be', 'can', 'do', 'does', 'for', 'from', 'how', 'i', 'if', 'in', 'is', 'it',
    'me', 'my', 'of', 'on', 'or', 'our', 'the', 'this', 'to', 'what', 'when', 'with', 'you', 'your',
  ],
);

/**
 * Suffixes stripped by the light stemmer, Polish and English together (text is searched in both
 * languages at once). Longest first; one suffix at most; the stem keeps at least 3 letters.
 */
const suffixes = [
  'owaniami', 'owaniach', 'owaniem', 'owaniu', 'owania', 'owanie', 'eniami', 'eniach', 'aniami', 'aniach',
  'ations', 'eniem', 'aniem', 'ation', 'ings', 'eniu', 'enia', 'enie', 'aniu', 'ania', 'anie', 'ami', 'ach',
  'owi', 'ych', 'ymi', 'ego', 'emu', 'iej', 'ing', 'ies', 'ied', 'ers', 'ow', 'om', 'em', 'ej', 'ie', 'ia',
  'iu', 'en', 'es', 'ed', 'er', 'ly', 'a', 'e', 'i', 'o', 'u', 'y', 's',
];
const MIN_STEM_LENGTH = 3;

/** Lower case, ASCII letters: `Zgłoszeń` → `zgloszen`. */
export function normalizeWord(word: string): string {
  return word
    .toLowerCase()
    .replace(/ł/g, 'l')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
}

export function stem(normalized: string): string {
  for (const suffix of suffixes) {
    if (normalized.length - suffix.length >= MIN_STEM_LENGTH && normalized.endsWith(suffix)) {
      return normalized.slice(0, -suffix.length);
    }
  }
  return normalized;
}

/** The index terms of one word (the search library's `processTerm`); none for a stop word. */
export function termsOfWord(word: string): string[] | null {
  const normalized = normalizeWord(word);
  if (normalized === '' || stopWords.has(normalized)) return null;
  const stemmed = stem(normalized);
  return stemmed === normalized ? [normalized] : [normalized, stemmed];
}

/** Words are runs of letters and digits; everything else (punctuation, control characters) separates them. */
export function splitWords(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter((word) => word !== '');
}

/** A word longer than this is not something a customer typed; it is ignored. */
const MAX_WORD_LENGTH = 40;

/**
 * The words of a query worth searching for: distinct by their terms, stop words and absurdly long
 * words dropped, at most `maxWords`. Joined with spaces this is the query given to the index,
 * which applies `termsOfWord` itself. An empty result means there is nothing to search for.
 */
export function queryWords(text: string, maxWords: number): string[] {
  const seen = new Set<string>();
  const words: string[] = [];
  for (const word of splitWords(text)) {
    if (words.length >= maxWords) break;
    if (word.length > MAX_WORD_LENGTH) continue;
    const terms = termsOfWord(word);
    if (!terms) continue;
    const key = terms.join(' ');
    if (seen.has(key)) continue;
    seen.add(key);
    words.push(word);
  }
  return words;
}

/** Prefix matching from 3 letters, one typo from 5 letters, two from 10. */
export const prefixFor = (term: string) => term.length >= 3;
export const fuzzinessFor = (term: string) => (term.length >= 5 ? 0.2 : false);
