/** Announcements: the rules for writing, publishing and showing them. Pure functions, no AWS. */
import type { Language, LocalizedText } from '../schemas/common.ts';
import type { CreateAnnouncementInput, UpdateAnnouncementInput } from '../schemas/announcements.ts';
import { localize, resolveText } from './text.ts';

export interface Announcement {
  id: string;
  title: LocalizedText;
  body: LocalizedText;
  bodyHtml: LocalizedText;
  /** ISO time customers start seeing it; null = draft. */
  publishAt: string | null;
  pinned: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type AnnouncementStatus = 'draft' | 'scheduled' | 'published';

/** Markdown → sanitized HTML, given by the caller so that only staff writes bundle the renderer. */
export type RenderMarkdown = (markdown: string) => string;

const renderBoth = (body: LocalizedText, render: RenderMarkdown): LocalizedText => ({
  pl: render(body.pl),
  en: render(body.en),
});

/** One format for every stored time, so that times compare correctly as strings (sort keys). */
const canonicalTime = (time: string) => new Date(time).toISOString();

export function newAnnouncement(
  input: CreateAnnouncementInput,
  context: { id: string; now: Date; render: RenderMarkdown },
): Announcement {
  const timestamp = context.now.toISOString();
  const body = localize(input.body);
  return {
    id: context.id,
    title: localize(input.title),
    body,
    bodyHtml: renderBoth(body, context.render),
    publishAt: input.publishAt === undefined ? timestamp : input.publishAt === null ? null : canonicalTime(input.publishAt),
    pinned: input.pinned ?? false,
    version: 1,
    createdAt: timestamp,
    updatedAt: timestamp,
  };
}

export function changeAnnouncement(
  current: Announcement,
  changes: UpdateAnnouncementInput,
  context: { now: Date; render: RenderMarkdown },
): Announcement {
  const body = changes.body === undefined ? current.body : localize(changes.body, current.body);
  return {
    ...current,
    title: changes.title === undefined ? current.title : localize(changes.title, current.title),
    body,
    bodyHtml: changes.body === undefined ? current.bodyHtml : renderBoth(body, context.render),
    publishAt:
      changes.publishAt === undefined
        ? current.publishAt
        : changes.publishAt === null
          ? null
          : canonicalTime(changes.publishAt),
    pinned: changes.pinned ?? current.pinned,
    version: current.version + 1,
    updatedAt: context.now.toISOString(),
  };
}

export function announcementStatus(announcement: Announcement, now: Date): AnnouncementStatus {
  if (announcement.publishAt === null) return 'draft';
  return announcement.publishAt <= now.toISOString() ? 'published' : 'scheduled';
}

export const isVisibleToCustomers = (announcement: Announcement, now: Date) =>
  announcementStatus(announcement, now) === 'published';

export function showAnnouncement(announcement: Announcement, language: Language) {
  return {
    id: announcement.id,
    title: resolveText(announcement.title, language),
    body: resolveText(announcement.body, language),
    bodyHtml: resolveText(announcement.bodyHtml, language),
    publishedAt: announcement.publishAt!,
    pinned: announcement.pinned,
    updatedAt: announcement.updatedAt,
  };
}

export function showAnnouncementToStaff(announcement: Announcement, now: Date) {
  return {
    id: announcement.id,
    title: announcement.title,
    body: announcement.body,
    bodyHtml: announcement.bodyHtml,
    publishAt: announcement.publishAt,
    status: announcementStatus(announcement, now),
    pinned: announcement.pinned,
    version: announcement.version,
    createdAt: announcement.createdAt,
    updatedAt: announcement.updatedAt,
  };
}
