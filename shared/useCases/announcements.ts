/** Announcements as customers and guests read them (no Markdown renderer in these bundles). */
import * as announcementRepository from '../data/announcementRepository.ts';
import type { Page } from '../data/pagination.ts';
import { isVisibleToCustomers, type Announcement } from '../domain/announcements.ts';
import { buildRssFeed } from '../domain/rss.ts';
import { resolveText } from '../domain/text.ts';
import { config } from '../config.ts';
import { notFound } from '../errors.ts';
import type { Language } from '../schemas/common.ts';

/** Items in the RSS feed: readers poll it, so the latest few are enough. */
const FEED_ITEMS = 30;

export function listPublishedAnnouncements(page: { limit?: number; cursor?: string }, now = new Date()): Promise<Page<Announcement>> {
  return announcementRepository.listPublished({ limit: page.limit ?? 20, cursor: page.cursor }, now);
}

/** A draft or a scheduled announcement is a 404, exactly like one that does not exist. */
export async function getPublishedAnnouncement(id: string, now = new Date()): Promise<Announcement> {
  const announcement = await announcementRepository.get(id);
  if (!announcement || !isVisibleToCustomers(announcement, now)) throw notFound('Announcement');
  return announcement;
}

const channelText = {
  pl: { title: 'Ogłoszenia', description: 'Ogłoszenia działu wsparcia technicznego' },
  en: { title: 'Announcements', description: 'Announcements from technical support' },
} satisfies Record<Language, { title: string; description: string }>;

export async function announcementFeed(language: Language, now = new Date()): Promise<string> {
  const announcements = await announcementRepository.latestPublished(FEED_ITEMS, now);
  const portal = config.portalUrl.replace(/\/+$/, '');
  return buildRssFeed(
    {
      title: channelText[language].title,
      link: `${portal}/announcements`,
      description: channelText[language].description,
      language,
      items: announcements.map((announcement) => ({
        title: resolveText(announcement.title, language),
        link: `${portal}/announcements/${announcement.id}`,
        guid: `announcement-${announcement.id}`,
        publishedAt: announcement.publishAt!,
        descriptionHtml: resolveText(announcement.bodyHtml, language),
      })),
    },
    now,
  );
}
