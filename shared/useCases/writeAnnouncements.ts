/** Writing announcements: the only announcement code that bundles the Markdown renderer. */
import { randomUUID } from 'node:crypto';
import * as announcementRepository from '../data/announcementRepository.ts';
import { changeAnnouncement, newAnnouncement, type Announcement } from '../domain/announcements.ts';
import { renderMarkdown } from '../domain/markdown.ts';
import { staleEdit } from '../errors.ts';
import type { CreateAnnouncementInput, UpdateAnnouncementInput } from '../schemas/announcements.ts';
import { getAnnouncementForStaff } from './manageAnnouncements.ts';

export async function createAnnouncement(input: CreateAnnouncementInput, now = new Date()): Promise<Announcement> {
  const announcement = newAnnouncement(input, { id: randomUUID(), now, render: renderMarkdown });
  await announcementRepository.create(announcement);
  return announcement;
}

export async function updateAnnouncement(id: string, changes: UpdateAnnouncementInput, now = new Date()): Promise<Announcement> {
  const current = await getAnnouncementForStaff(id);
  if (changes.version !== undefined && changes.version !== current.version) {
    throw staleEdit('announcement', current.version);
  }
  const updated = changeAnnouncement(current, changes, { now, render: renderMarkdown });
  await announcementRepository.replace(updated, current.version);
  return updated;
}
