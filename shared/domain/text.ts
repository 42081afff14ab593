/** Small text rules shared by every translated entity. */
import type { Language, LocalizedInput, LocalizedText } from '../schemas/common.ts';

/**
 * Normalizes input to both languages. A plain string serves both; a missing language falls back
 * to the one given, or to the previous value when changing an existing text.
 */
export function localize(input: LocalizedInput, previous?: LocalizedText): LocalizedText {
  if (typeof input === 'string') return { pl: input, en: input };
  const pl = input.pl ?? previous?.pl ?? input.en ?? '';
  const en = input.en ?? previous?.en ?? input.pl ?? '';
  return { pl, en };
}

/** The text in the asked language, or the other one when that translation is empty. */
export function resolveText(text: LocalizedText, language: Language): string {
  const other: Language = language === 'pl' ? 'en' : 'pl';
  return text[language] || text[other];
}

const polishLetters: Record<string, string> = { ł: 'l', Ł: 'l' };

/**
 * A URL-safe identifier from a title: lower case, ASCII, hyphens; Polish letters transliterated.
 * A title with nothing usable (only punctuation or emoji) gets `fallback` instead.
 */
export function slugify(title: string, fallback: string): string {
  const slug = title
    .replace(/[łŁ]/g, (letter) => polishLetters[letter] ?? letter)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/g, '');
  return slug || fallback;
}
