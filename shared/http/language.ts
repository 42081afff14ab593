import type { Language } from '../schemas/common.ts';

const supported: readonly Language[] = ['pl', 'en'];

/**
 * A supported `?lang=` wins; then the first supported language in Accept-Language by quality;
 * then English. An unsupported language is not an error anywhere: it falls through (API.md).
 */
export function pickLanguage(queryLang: string | undefined, acceptLanguage: string | undefined): Language {
  const requested = queryLang?.trim().toLowerCase();
  if (requested && (supported as readonly string[]).includes(requested)) return requested as Language;
  if (!acceptLanguage) return 'en';
  const ranked = acceptLanguage
    .split(',')
    .map((part, position) => {
      const [tag = '', ...params] = part.trim().split(';');
      const quality = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { base: tag.toLowerCase().split('-')[0] ?? '', quality: quality ? Number(quality) : 1, position };
    })
    .filter((entry) => entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.position - b.position);
  const match = ranked.find((entry) => (supported as readonly string[]).includes(entry.base));
  return (match?.base as Language | undefined) ?? 'en';
}
