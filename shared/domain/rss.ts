/** An RSS 2.0 feed as text. Pure: every value is escaped here, whatever it contains. */

export interface RssItem {
  title: string;
  link: string;
  guid: string;
  publishedAt: string;
  /** HTML; carried as escaped text, as RSS 2.0 expects. */
  descriptionHtml: string;
}

export interface RssChannel {
  title: string;
  link: string;
  description: string;
  language: string;
  items: RssItem[];
}

/** Characters XML 1.0 does not allow at all (escaping cannot carry them) are dropped. */
const invalidXmlCharacters = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

export function escapeXml(text: string): string {
  return text
    .replace(invalidXmlCharacters, '')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** RFC 822 dates, as RSS 2.0 requires: `Tue, 10 Jun 2026 04:00:00 GMT`. */
const rfc822 = (iso: string) => new Date(iso).toUTCString();

export function buildRssFeed(channel: RssChannel, now: Date): string {
  const items = channel.items
    .map(
      (item) => `    <item>
      <title>${escapeXml(item.title)}</title>
      <link>${escapeXml(item.link)}</link>
      <guid isPermaLink="false">${escapeXml(item.guid)}</guid>
      <pubDate>${rfc822(item.publishedAt)}</pubDate>
      <description>${escapeXml(item.descriptionHtml)}</description>
    </item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>${escapeXml(channel.title)}</title>
    <link>${escapeXml(channel.link)}</link>
    <description>${escapeXml(channel.description)}</description>
    <language>${escapeXml(channel.language)}</language>
    <lastBuildDate>${rfc822(now.toISOString())}</lastBuildDate>
${items}
  </channel>
</rss>
`;
}
