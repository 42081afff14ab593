/** Staff reading the Downloads section's files: every file, whoever it is shared with, with its download count. */
import * as downloadRepository from '../data/downloadRepository.ts';
import { showDownloadToStaff } from '../domain/downloads.ts';
import { notFound } from '../errors.ts';
import type { DownloadListQuery } from '../schemas/downloads.ts';

export async function staffListDownloads(query: DownloadListQuery) {
  const page = await downloadRepository.listForStaff(query.category, { limit: query.limit ?? 20, cursor: query.cursor });
  const counts = page.items.length > 0 ? await downloadRepository.downloadCounts(page.items.map((file) => file.id)) : new Map<string, number>();
  return {
    items: page.items.map((file) => showDownloadToStaff(file, counts.get(file.id) ?? 0)),
    nextCursor: page.nextCursor,
  };
}

export async function staffGetDownload(id: string) {
  const file = await downloadRepository.getFile(id);
  if (!file) throw notFound('File');
  const counts = await downloadRepository.downloadCounts([id]);
  return showDownloadToStaff(file, counts.get(id) ?? 0);
}
