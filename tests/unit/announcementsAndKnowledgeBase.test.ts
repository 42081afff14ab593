import { describe, expect, it } from 'vitest';
import { announcementStatus, changeAnnouncement, newAnnouncement } from '../../shared/domain/announcements.ts';
import { changesSearchIndex } from '../../shared/domain/articleSearch.ts';
import { anonymous, type Caller } from '../../shared/domain/callers.ts';
import {
  categoryCountChanges,
  checkCategoryParent,
  excerptOf,
  newArticle,
  newCategory,
  visitorOf,
  type Article,
} from '../../shared/domain/knowledgeBase.ts';
import { markdownToPlainText, renderMarkdown } from '../../shared/domain/markdown.ts';
import { buildRssFeed, escapeXml } from '../../shared/domain/rss.ts';
import { AppError } from '../../shared/errors.ts';

const now = new Date('2026-06-10T12:00:00.000Z');
const render = (markdown: string) => `<p>${markdown}</p>`;

describe('announcement status', () => {
  const make = (publishAt: string | null | undefined) =>
    newAnnouncement({ title: 'T', body: 'B', ...(publishAt === undefined ? {} : { publishAt }) }, { id: 'id', now, render });

  it('is published from its publish time on, scheduled before it, a draft without one', () => {
    expect(announcementStatus(make(undefined), now)).toBe('published');
    expect(announcementStatus(make('2026-06-10T12:00:00Z'), now)).toBe('published');
    expect(announcementStatus(make('2026-06-10T12:00:01Z'), now)).toBe('scheduled');
    expect(announcementStatus(make(null), now)).toBe('draft');
  });

  it('stores publish times in one canonical form, so they sort as strings', () => {
    expect(make('2026-06-10T12:00:00Z').publishAt).toBe('2026-06-10T12:00:00.000Z');
  });

  it('re-renders the body only when it changes and keeps the other language', () => {
    const original = newAnnouncement({ title: { pl: 'Tytuł', en: 'Title' }, body: { pl: 'a', en: 'b' } }, { id: 'id', now, render });
    const retitled = changeAnnouncement(original, { title: { en: 'New' } }, { now, render: () => 'unused' });
    expect(retitled.title).toEqual({ pl: 'Tytuł', en: 'New' });
    expect(retitled.bodyHtml).toEqual(original.bodyHtml);
    const rewritten = changeAnnouncement(original, { body: { pl: 'c' } }, { now, render });
    expect(rewritten.bodyHtml).toEqual({ pl: '<p>c</p>', en: '<p>b</p>' });
    expect(rewritten.version).toBe(2);
  });
});

describe('Markdown rendering', () => {
  it.each([
    ['a script tag', '<script>alert(1)</script>', /<script/i],
    ['an event handler', '<img src=x onerror=alert(1)>', /<img/i],
    ['a javascript: link', '[x](javascript:alert(1))', /href="javascript/i],
    ['a data: link', '[x](data:text/html;base64,PHNjcmlwdD4=)', /href="data/i],
    ['raw HTML', '<div onclick="x()"><b>bold</b></div>', /<div|<b>/i],
    ['an HTML comment', '<!-- secret -->', /<!--/],
  ])('neutralizes %s', (_name, markdown, forbidden) => {
    expect(renderMarkdown(markdown)).not.toMatch(forbidden);
  });

  it('keeps ordinary formatting, safe links with rel, and https images', () => {
    expect(renderMarkdown('**b** _i_ `c`')).toBe('<p><strong>b</strong> <em>i</em> <code>c</code></p>');
    expect(renderMarkdown('[x](https://a.example "t")')).toBe('<p><a href="https://a.example" title="t" rel="noopener noreferrer nofollow">x</a></p>');
    expect(renderMarkdown('[m](mailto:a@b.example)')).toContain('href="mailto:a@b.example"');
    expect(renderMarkdown('![alt](https://a.example/i.png)')).toBe('<p><img src="https://a.example/i.png" alt="alt" /></p>');
  });

  it('gives plain text without markup', () => {
    expect(markdownToPlainText('# Title\n\n**Bold** & [link](https://x.example)')).toBe('Title Bold & link');
  });
});

describe('knowledge-base rules', () => {
  const rendering = { render, toText: (markdown: string) => markdown };
  const article = (category: string, published: boolean): Article =>
    newArticle({ title: 'T', body: 'B', category, published }, now, rendering);

  it('moves category counts with every kind of article write', () => {
    expect(categoryCountChanges(undefined, article('a', true))).toEqual([{ category: 'a', published: 1, total: 1 }]);
    expect(categoryCountChanges(undefined, article('a', false))).toEqual([{ category: 'a', published: 0, total: 1 }]);
    expect(categoryCountChanges(article('a', true), article('a', false))).toEqual([{ category: 'a', published: -1, total: 0 }]);
    expect(categoryCountChanges(article('a', true), article('b', true))).toEqual([
      { category: 'a', published: -1, total: -1 },
      { category: 'b', published: 1, total: 1 },
    ]);
    expect(categoryCountChanges(article('a', true), article('a', true))).toEqual([]);
    expect(categoryCountChanges(article('a', false), undefined)).toEqual([{ category: 'a', published: 0, total: -1 }]);
  });

  it('allows two category levels only', () => {
    const top = newCategory({ slug: 'top', name: 'Top' }, now);
    const child = newCategory({ slug: 'child', name: 'Child', parent: 'top' }, now);
    expect(() => checkCategoryParent(child, [top])).not.toThrow();
    const grandchild = newCategory({ slug: 'grandchild', name: 'G', parent: 'child' }, now);
    expect(() => checkCategoryParent(grandchild, [top, child])).toThrow(AppError);
    expect(() => checkCategoryParent({ ...top, parent: 'top' }, [top])).toThrow(AppError);
    const other = newCategory({ slug: 'other', name: 'Other' }, now);
    expect(() => checkCategoryParent({ ...top, parent: 'other' }, [top, child, other])).toThrow(AppError);
  });

  it('identifies voters: users by id, guests by a hash of address and browser', () => {
    const user: Caller = { kind: 'user', id: 'u1', email: null, name: null, isStaff: false, isAdmin: false };
    expect(visitorOf(user, '1.2.3.4', 'A')).toBe('user:u1');
    const guest = visitorOf(anonymous, '1.2.3.4', 'Browser');
    expect(guest).toMatch(/^guest:[A-Za-z0-9_-]{32}$/);
    expect(guest).not.toContain('1.2.3.4');
    expect(visitorOf(anonymous, '1.2.3.4', 'Browser')).toBe(guest);
    expect(visitorOf(anonymous, '1.2.3.5', 'Browser')).not.toBe(guest);
    expect(visitorOf(anonymous, '1.2.3.4', 'Other')).not.toBe(guest);
  });

  it('rebuilds the index only for changes to what published articles show in it', () => {
    const view = (published: boolean, fingerprint = 'f') => ({ published, fingerprint });
    expect(changesSearchIndex(undefined, view(true))).toBe(true);
    expect(changesSearchIndex(view(true), undefined)).toBe(true);
    expect(changesSearchIndex(view(true), view(false))).toBe(true);
    expect(changesSearchIndex(view(true, 'a'), view(true, 'b'))).toBe(true);
    expect(changesSearchIndex(view(true), view(true))).toBe(false);
    expect(changesSearchIndex(view(false, 'a'), view(false, 'b'))).toBe(false);
    expect(changesSearchIndex(undefined, view(false))).toBe(false);
  });

  it('cuts excerpts at a word', () => {
    expect(excerptOf('short')).toBe('short');
    const long = 'word '.repeat(100);
    expect(excerptOf(long).endsWith('word …')).toBe(true);
    expect(excerptOf(long).length).toBeLessThanOrEqual(202);
  });
});

describe('RSS', () => {
  it('escapes the five XML specials and drops characters XML cannot carry', () => {
    expect(escapeXml(`<a href="x">&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
    expect(escapeXml('a\u0000b\u0008c\u001fd\ttab')).toBe('abcd\ttab');
  });

  it('writes an RSS 2.0 channel with RFC 822 dates', () => {
    const xml = buildRssFeed(
      {
        title: 'News & notes',
        link: 'https://panel.example/announcements',
        description: 'd',
        language: 'en',
        items: [{ title: '<T>', link: 'https://panel.example/a?x=1&y=2', guid: 'g', publishedAt: '2026-06-01T08:00:00.000Z', descriptionHtml: '<p>Hi</p>' }],
      },
      now,
    );
    expect(xml).toContain('<rss version="2.0">');
    expect(xml).toContain('<title>News &amp; notes</title>');
    expect(xml).toContain('<title>&lt;T&gt;</title>');
    expect(xml).toContain('<link>https://panel.example/a?x=1&amp;y=2</link>');
    expect(xml).toContain('<pubDate>Mon, 01 Jun 2026 08:00:00 GMT</pubDate>');
    expect(xml).toContain('<description>&lt;p&gt;Hi&lt;/p&gt;</description>');
    expect(xml).toContain('<lastBuildDate>Wed, 10 Jun 2026 12:00:00 GMT</lastBuildDate>');
  });
});
