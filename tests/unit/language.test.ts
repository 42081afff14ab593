import { describe, expect, it } from 'vitest';
import { pickLanguage } from '../../shared/http/language.ts';

describe('pickLanguage', () => {
  it('prefers ?lang= over Accept-Language', () => {
    expect(pickLanguage('pl', 'en-US')).toBe('pl');
  });
  it('takes the best supported language by quality, then by order', () => {
    expect(pickLanguage(undefined, 'de;q=1, en;q=0.5, pl;q=0.8')).toBe('pl');
    expect(pickLanguage(undefined, 'pl-PL, en')).toBe('pl');
    expect(pickLanguage(undefined, 'en-GB,en;q=0.9,pl;q=0.8')).toBe('en');
  });
  it('ignores languages refused with q=0 and falls back to English', () => {
    expect(pickLanguage(undefined, 'pl;q=0, de')).toBe('en');
    expect(pickLanguage(undefined, undefined)).toBe('en');
    expect(pickLanguage(undefined, '*')).toBe('en');
  });
  it('falls through an unsupported ?lang= to Accept-Language, then English', () => {
    expect(pickLanguage('de', 'pl')).toBe('pl');
    expect(pickLanguage('xx', undefined)).toBe('en');
    expect(pickLanguage('PL', undefined)).toBe('pl');
  });
});
