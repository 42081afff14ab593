/** Staff managing the Downloads section's categories. */
import * as downloadRepository from '../data/downloadRepository.ts';
import { changeDownloadCategory, namesAnyField, newDownloadCategory, sortCategories, type DownloadCategory } from '../domain/downloads.ts';
import { notFound, staleEdit } from '../errors.ts';
import type { CreateDownloadCategoryInput, UpdateDownloadCategoryInput } from '../schemas/downloads.ts';

export async function listAllDownloadCategories(): Promise<DownloadCategory[]> {
  return sortCategories(await downloadRepository.listCategories());
}

export async function createDownloadCategory(input: CreateDownloadCategoryInput, now = new Date()): Promise<DownloadCategory> {
  const category = newDownloadCategory(input, now);
  await downloadRepository.createCategory(category);
  return category;
}

export async function updateDownloadCategory(id: string, changes: UpdateDownloadCategoryInput, now = new Date()): Promise<DownloadCategory> {
  const current = await downloadRepository.getCategory(id);
  if (!current) throw notFound('Download category');
  if (changes.version !== undefined && changes.version !== current.version) throw staleEdit('download category', current.version);
  if (!namesAnyField(changes)) return current;
  const updated = changeDownloadCategory(current, changes, now);
  await downloadRepository.updateCategory(updated, current.version);
  return updated;
}

/** Only an empty category can go (409 otherwise): files are never orphaned. */
export async function deleteDownloadCategory(id: string): Promise<void> {
  await downloadRepository.deleteEmptyCategory(id);
}
