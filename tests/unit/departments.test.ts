import { describe, expect, it } from 'vitest';
import { anonymous } from '../../shared/domain/callers.ts';
import { changeDepartment, changesAnything, departmentsVisibleTo, newDepartment, showDepartment } from '../../shared/domain/departments.ts';
import { localize, resolveText, slugify } from '../../shared/domain/text.ts';

const now = new Date('2026-11-25T10:00:00.000Z');

describe('newDepartment', () => {
  it('fills every setting with a default from a name alone', () => {
    expect(newDepartment({ name: 'Hosting WWW' }, now)).toEqual({
      id: 'hosting-www',
      name: { pl: 'Hosting WWW', en: 'Hosting WWW' },
      description: { pl: '', en: '' },
      email: null,
      openToGuests: false,
      allowReopen: true,
      order: 100,
      version: 1,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    });
  });
  it('derives the id from the English name, or the Polish one, transliterated', () => {
    expect(newDepartment({ name: { pl: 'Wsparcie', en: 'Support desk' } }, now).id).toBe('support-desk');
    expect(newDepartment({ name: { pl: 'Zgłoszenia łączy' } }, now).id).toBe('zgloszenia-laczy');
  });
});

describe('changeDepartment', () => {
  const current = newDepartment({ name: { pl: 'Domeny', en: 'Domains' }, email: 'd@example.com' }, now);
  it('keeps the untouched language and settings, and bumps the version', () => {
    const later = new Date('2026-11-26T00:00:00.000Z');
    const changed = changeDepartment(current, { name: { en: 'Domain names' } }, later);
    expect(changed).toMatchObject({ name: { pl: 'Domeny', en: 'Domain names' }, email: 'd@example.com', version: 2 });
    expect(changed.updatedAt).toBe(later.toISOString());
    expect(changed.createdAt).toBe(current.createdAt);
  });
  it('counts an edit naming no field as no change', () => {
    expect(changesAnything({})).toBe(false);
    expect(changesAnything({ version: 3 })).toBe(false);
    expect(changesAnything({ order: 5 })).toBe(true);
    expect(changesAnything({ email: null })).toBe(true);
  });
  it('clears the e-mail when given null', () => {
    expect(changeDepartment(current, { email: null }, now).email).toBeNull();
  });
});

describe('departmentsVisibleTo', () => {
  const open = { ...newDepartment({ name: 'Open', openToGuests: true, order: 2 }, now) };
  const closed = { ...newDepartment({ name: 'Closed', order: 1 }, now) };
  it('shows guests only departments open to guests', () => {
    expect(departmentsVisibleTo(anonymous, [closed, open]).map((d) => d.id)).toEqual(['open']);
  });
  it('shows signed-in users all departments, by order', () => {
    const user = { kind: 'user' as const, id: 'u', email: null, name: null, isStaff: false, isAdmin: false };
    expect(departmentsVisibleTo(user, [open, closed]).map((d) => d.id)).toEqual(['closed', 'open']);
  });
  it('shows customers no routing settings', () => {
    expect(Object.keys(showDepartment(open, 'pl')).sort()).toEqual(['description', 'id', 'name', 'openToGuests']);
  });
});

describe('text rules', () => {
  it('localize uses one string for both languages and fills a missing one', () => {
    expect(localize('Tekst')).toEqual({ pl: 'Tekst', en: 'Tekst' });
    expect(localize({ en: 'Only English' })).toEqual({ pl: 'Only English', en: 'Only English' });
    expect(localize({ en: 'New' }, { pl: 'Stary', en: 'Old' })).toEqual({ pl: 'Stary', en: 'New' });
  });
  it('resolveText falls back to the other language when empty', () => {
    expect(resolveText({ pl: '', en: 'Hello' }, 'pl')).toBe('Hello');
  });
  it('slugify produces URL-safe ids', () => {
    expect(slugify('  Żółta łódź — FAQ!  ', 'x')).toBe('zolta-lodz-faq');
    expect(slugify('a'.repeat(100), 'x')).toHaveLength(64);
  });
  it('slugify uses the fallback when a title has nothing usable', () => {
    expect(slugify('!!! 🚀', 'department-abc')).toBe('department-abc');
  });
  it('gives punctuation-only department names distinct ids', () => {
    const first = newDepartment({ name: '!!!' }, new Date('2026-11-25T10:00:00.000Z'));
    const second = newDepartment({ name: '???' }, new Date('2026-11-25T10:00:01.000Z'));
    expect(first.id).toMatch(/^department-/);
    expect(first.id).not.toBe(second.id);
  });
});
