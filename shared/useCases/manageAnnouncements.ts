/** Staff work on announcements that needs no Markdown renderer: listing, reading, deleting. */
import * as announcementRepository from '../data/announcementRepository.ts';
import type { Page } from '../data/pagination.ts';
import type { Announcement } from '../domain/announcements.ts';
import { notFound } from '../errors.ts';

export function listAllAnnouncements(page: { limit?: number; cursor?: string }): Promise<Page<Announcement>> {
  return announcementRepository.listAll({ limit: page.limit ?? 20, cursor: page.cursor });
}

export async function getAnnouncementForStaff(id: string): Promise<Announcement> {
  const announcement = await announcementRepository.get(id);
  if (!announcement) throw notFound('Announcement');
  return announcement;
}

export async function deleteAnnouncement(id: string): Promise<void> {
  await announcementRepository.delete(id);
}
