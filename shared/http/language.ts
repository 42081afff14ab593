import type { Language } from '../schemas/common.ts';
import { validationFailed } from '../errors.ts';

const supported: readonly Language[] = ['pl', 'en'];

/** `?lang=` wins; then the first supported language in Accept-Language by quality; then English. */
export function pickLanguage(queryLang: string | undefined, acceptLanguage: string | undefined): Language {
  if (queryLang !== undefined) {
    if ((supported as readonly string[]).includes(queryLang)) return queryLang as Language;
    throw validationFailed('lang must be pl or en', [{ path: 'query.lang', message: 'Use pl or en' }]);
  }
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
