/**
 * The Downloads section as a customer (or guest) sees it: only files shared with them, each
 * category with how many of those it holds. Staff calling these routes are customers here.
 */
import * as customerServiceRepository from '../data/customerServiceRepository.ts';
import * as downloadRepository from '../data/downloadRepository.ts';
import type { Caller } from '../domain/callers.ts';
import {
  downloadViewerOf,
  showDownload,
  showDownloadCategory,
  sortCategories,
  anonymousViewer,
  type DownloadViewer,
} from '../domain/downloads.ts';
import type { Language } from '../schemas/common.ts';
import type { DownloadListQuery } from '../schemas/downloads.ts';

export async function viewerFor(caller: Caller): Promise<DownloadViewer> {
  if (caller.kind !== 'user') return anonymousViewer;
  return downloadViewerOf(caller, await customerServiceRepository.list(caller.id));
}

/** Categories holding at least one file the caller may download, with how many. */
export async function listDownloadCategoriesFor(caller: Caller, language: Language) {
  const viewer = await viewerFor(caller);
  const [categories, counts] = await Promise.all([downloadRepository.listCategories(), downloadRepository.visibleCountsByCategory(viewer)]);
  return {
    items: sortCategories(categories)
      .filter((category) => (counts.get(category.id) ?? 0) > 0)
      .map((category) => showDownloadCategory(category, counts.get(category.id)!, language)),
  };
}

/** A page of the files the caller may download, newest first; a category with none is an empty page. */
export async function listDownloadsFor(caller: Caller, query: DownloadListQuery, language: Language) {
  const viewer = await viewerFor(caller);
  const [page, categories] = await Promise.all([
    downloadRepository.listVisible(viewer, query.category, { limit: query.limit ?? 20, cursor: query.cursor }),
    downloadRepository.listCategories(),
  ]);
  const byId = new Map(categories.map((category) => [category.id, category]));
  return {
    // The Query's filter already left out files without content; the check keeps the types honest.
    items: page.items.flatMap((file) => (file.file ? [showDownload(file, file.file, byId.get(file.categoryId), language)] : [])),
    nextCursor: page.nextCursor,
  };
}
