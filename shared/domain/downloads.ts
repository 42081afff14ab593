/**
 * The Downloads section: categories, shared files and who may see each file. Pure rules, no AWS.
 */
import type { Language, LocalizedText } from '../schemas/common.ts';
import type {
  CreateDownloadCategoryInput,
  CreateDownloadInput,
  UpdateDownloadCategoryInput,
  UpdateDownloadInput,
  VisibilityInput,
} from '../schemas/downloads.ts';
import type { Caller } from './callers.ts';
import type { CustomerService } from './customerServices.ts';
import { byCodeUnit } from './ordering.ts';
import { localize, resolveText, slugify } from './text.ts';

export interface DownloadCategory {
  id: string;
  name: LocalizedText;
  description: LocalizedText;
  order: number;
  /** Every file in the category, kept in the same transaction as the file writes. */
  fileCount: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type Visibility =
  | { audience: 'everyone' }
  | { audience: 'signed-in' }
  | { audience: 'product'; product: string }
  | { audience: 'customers'; customerIds: string[] };

/** A verified file in the downloads bucket. */
export interface StoredFile {
  filename: string;
  contentType: string;
  size: number;
  objectKey: string;
  uploadedAt: string;
}

/** A file announced by staff whose upload has not been verified yet. */
export interface PendingFile {
  uploadId: string;
  filename: string;
  contentType: string;
  size: number;
  objectKey: string;
  uploadBefore: string;
  /** Why the uploaded file was refused (it was deleted); staff announce the file again. */
  rejectedReason: string | null;
}

export interface DownloadFile {
  id: string;
  categoryId: string;
  title: LocalizedText;
  description: LocalizedText;
  fileVersion: string | null;
  visibility: Visibility;
  /** Null until the first upload is verified: until then nobody but staff sees the file. */
  file: StoredFile | null;
  pendingFile: PendingFile | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

// Categories.

export function newDownloadCategory(input: CreateDownloadCategoryInput, now: Date): DownloadCategory {
  const name = localize(input.name);
  const timestamp = now.toISOString();
  return {
    id: input.id ?? slugify(name.en || name.pl, `category-${now.getTime().toString(36)}`),
    name,
    description: input.description === undefined ? { pl: '', en: '' } : localize(input.description),
    order: input.order ?? 100,
    fileCount: 0,
    version: 1,
    createdAt: timestamp,
    updatedAt: timestamp,
  };
}

/** An edit that names no field (a bare `version`, or `{}`) changes nothing and writes nothing. */
export function namesAnyField(changes: UpdateDownloadCategoryInput | UpdateDownloadInput): boolean {
  const { version: _version, ...fields } = changes;
  return Object.values(fields).some((value) => value !== undefined);
}

export function changeDownloadCategory(current: DownloadCategory, changes: UpdateDownloadCategoryInput, now: Date): DownloadCategory {
  return {
    ...current,
    name: changes.name === undefined ? current.name : localize(changes.name, current.name),
    description: changes.description === undefined ? current.description : localize(changes.description, current.description),
    order: changes.order ?? current.order,
    version: current.version + 1,
    updatedAt: now.toISOString(),
  };
}

export const sortCategories = (categories: DownloadCategory[]) =>
  [...categories].sort((a, b) => a.order - b.order || byCodeUnit(a.id, b.id));

// Files.

export const toVisibility = (input: VisibilityInput): Visibility =>
  input.audience === 'customers' ? { audience: 'customers', customerIds: [...input.customerIds] } : { ...input };

export function newDownloadFile(id: string, input: CreateDownloadInput, pendingFile: PendingFile, now: Date): DownloadFile {
  const timestamp = now.toISOString();
  return {
    id,
    categoryId: input.category,
    title: localize(input.title),
    description: input.description === undefined ? { pl: '', en: '' } : localize(input.description),
    fileVersion: input.fileVersion ?? null,
    visibility: toVisibility(input.visibility),
    file: null,
    pendingFile,
    version: 1,
    createdAt: timestamp,
    updatedAt: timestamp,
  };
}

export function changeDownloadFile(
  current: DownloadFile,
  changes: UpdateDownloadInput,
  pendingFile: PendingFile | null,
  now: Date,
): DownloadFile {
  return {
    ...current,
    categoryId: changes.category ?? current.categoryId,
    title: changes.title === undefined ? current.title : localize(changes.title, current.title),
    description: changes.description === undefined ? current.description : localize(changes.description, current.description),
    fileVersion: changes.fileVersion === undefined ? current.fileVersion : changes.fileVersion,
    visibility: changes.visibility === undefined ? current.visibility : toVisibility(changes.visibility),
    pendingFile: pendingFile ?? current.pendingFile,
    version: current.version + 1,
    updatedAt: now.toISOString(),
  };
}

export const pendingDownloadKey = (pendingPrefix: string, fileId: string, uploadId: string) => `${pendingPrefix}${fileId}/${uploadId}`;
/** Verified files live outside `pending/`, so the lifecycle rule never touches them. */
export const storedDownloadKey = (fileId: string, uploadId: string) => `files/${fileId}/${uploadId}`;

/** `pending/<fileId>/<uploadId>` → its parts, or undefined for any other key. */
export function parsePendingDownloadKey(pendingPrefix: string, key: string): { fileId: string; uploadId: string } | undefined {
  const match = new RegExp(`^${pendingPrefix}([0-9a-f]{16})/([0-9a-f]{32})$`).exec(key);
  return match ? { fileId: match[1]!, uploadId: match[2]! } : undefined;
}

// Who sees what.

/** What decides which files a caller sees: who they are and the products of their services. */
export interface DownloadViewer {
  customerId: string | null;
  products: string[];
}

export const anonymousViewer: DownloadViewer = { customerId: null, products: [] };

/** Staff on customer routes are customers like any other (their own services, their own id). */
export function downloadViewerOf(caller: Caller, services: CustomerService[]): DownloadViewer {
  if (caller.kind !== 'user') return anonymousViewer;
  return { customerId: caller.id, products: [...new Set(services.map((service) => service.product))] };
}

export function mayDownload(file: DownloadFile, viewer: DownloadViewer): boolean {
  if (file.file === null) return false;
  const visibility = file.visibility;
  switch (visibility.audience) {
    case 'everyone':
      return true;
    case 'signed-in':
      return viewer.customerId !== null;
    case 'product':
      return viewer.products.includes(visibility.product);
    case 'customers':
      return viewer.customerId !== null && visibility.customerIds.includes(viewer.customerId);
  }
}

// What each audience sees.

export function showDownloadCategory(category: DownloadCategory, visibleFiles: number, language: Language) {
  return {
    id: category.id,
    name: resolveText(category.name, language),
    description: resolveText(category.description, language),
    fileCount: visibleFiles,
  };
}

export function showDownloadCategoryToStaff(category: DownloadCategory) {
  return {
    id: category.id,
    name: category.name,
    description: category.description,
    order: category.order,
    fileCount: category.fileCount,
    version: category.version,
    createdAt: category.createdAt,
    updatedAt: category.updatedAt,
  };
}

/** Customers see the file as shared with them: no visibility rules, no customer ids, no storage keys. */
export function showDownload(file: DownloadFile, stored: StoredFile, category: DownloadCategory | undefined, language: Language) {
  return {
    id: file.id,
    title: resolveText(file.title, language),
    description: resolveText(file.description, language),
    category: { id: file.categoryId, name: category ? resolveText(category.name, language) : file.categoryId },
    fileVersion: file.fileVersion,
    filename: stored.filename,
    contentType: stored.contentType,
    size: stored.size,
    updatedAt: file.updatedAt,
  };
}

export function showDownloadToStaff(file: DownloadFile, downloadCount: number) {
  return {
    id: file.id,
    title: file.title,
    description: file.description,
    category: file.categoryId,
    fileVersion: file.fileVersion,
    visibility: file.visibility,
    status: file.file === null ? ('awaiting-upload' as const) : ('available' as const),
    file: file.file && {
      filename: file.file.filename,
      contentType: file.file.contentType,
      size: file.file.size,
      uploadedAt: file.file.uploadedAt,
    },
    pendingFile: file.pendingFile && {
      filename: file.pendingFile.filename,
      contentType: file.pendingFile.contentType,
      size: file.pendingFile.size,
      uploadBefore: file.pendingFile.uploadBefore,
      rejectedReason: file.pendingFile.rejectedReason,
    },
    downloadCount,
    version: file.version,
    createdAt: file.createdAt,
    updatedAt: file.updatedAt,
  };
}
