import { describe, expect, it } from 'vitest';
import { pendingUploadPrefix } from '../../shared/data/bucketDefinitions.ts';
import { anonymous, type SignedInCaller } from '../../shared/domain/callers.ts';
import {
  anonymousViewer,
  changeDownloadFile,
  downloadViewerOf,
  mayDownload,
  newDownloadCategory,
  newDownloadFile,
  parsePendingDownloadKey,
  pendingDownloadKey,
  showDownload,
  showDownloadToStaff,
  storedDownloadKey,
  type DownloadFile,
  type PendingFile,
  type Visibility,
} from '../../shared/domain/downloads.ts';

const now = new Date('2026-11-25T12:00:00Z');
const pending: PendingFile = {
  uploadId: 'ffffffffffffffffffffffffffffffff',
  filename: 'tool.zip',
  contentType: 'application/zip',
  size: 10,
  objectKey: 'pending/0123456789abcdef/ffffffffffffffffffffffffffffffff',
  uploadBefore: '2026-11-25T12:15:00.000Z',
  rejectedReason: null,
};
const stored = { filename: 'tool.zip', contentType: 'application/zip', size: 10, objectKey: 'files/0123456789abcdef/ff', uploadedAt: now.toISOString() };

const fileWith = (visibility: Visibility, withContent = true): DownloadFile => ({
  ...newDownloadFile('0123456789abcdef', { title: 'Tool', category: 'tools', visibility, file: { filename: 'tool.zip', contentType: 'application/zip', size: 10 } }, pending, now),
  file: withContent ? stored : null,
});

const user = (id: string): SignedInCaller => ({ kind: 'user', id, email: null, name: null, isStaff: false, isAdmin: false });
const service = (product: string) => ({ id: `s-${product}`, name: product, product, serverId: null });

describe('who may download a file', () => {
  const anna = downloadViewerOf(user('anna'), [service('vps'), service('vps'), service('domain')]);
  const john = downloadViewerOf(user('john'), []);

  it('builds a viewer from the caller and the distinct products of their services; guests have neither', () => {
    expect(anna).toEqual({ customerId: 'anna', products: ['vps', 'domain'] });
    expect(downloadViewerOf(anonymous, [service('vps')])).toEqual(anonymousViewer);
  });

  it.each<[string, Visibility, boolean, boolean, boolean]>([
    // visibility, guest, anna (vps, domain), john (nothing)
    ['everyone', { audience: 'everyone' }, true, true, true],
    ['signed-in', { audience: 'signed-in' }, false, true, true],
    ['holders of vps', { audience: 'product', product: 'vps' }, false, true, false],
    ['holders of dedicated', { audience: 'product', product: 'dedicated' }, false, false, false],
    ['exactly one customer', { audience: 'customers', customerIds: ['john'] }, false, false, true],
    ['named customers', { audience: 'customers', customerIds: ['anna', 'john'] }, false, true, true],
  ])('%s', (_name, visibility, guest, annaMay, johnMay) => {
    const file = fileWith(visibility);
    expect(mayDownload(file, anonymousViewer)).toBe(guest);
    expect(mayDownload(file, anna)).toBe(annaMay);
    expect(mayDownload(file, john)).toBe(johnMay);
  });

  it('shows nobody a file whose upload is not verified yet', () => {
    expect(mayDownload(fileWith({ audience: 'everyone' }, false), anna)).toBe(false);
  });
});

describe('storage keys', () => {
  it('keep announced uploads under pending/ and verified files outside it, and parse back only well-formed keys', () => {
    const key = pendingDownloadKey(pendingUploadPrefix, '0123456789abcdef', 'ffffffffffffffffffffffffffffffff');
    expect(key).toBe('pending/0123456789abcdef/ffffffffffffffffffffffffffffffff');
    expect(parsePendingDownloadKey(pendingUploadPrefix, key)).toEqual({ fileId: '0123456789abcdef', uploadId: 'ffffffffffffffffffffffffffffffff' });
    expect(storedDownloadKey('0123456789abcdef', 'ff').startsWith(pendingUploadPrefix)).toBe(false);
    for (const other of ['pending/../x', 'pending/0123456789abcdef', 'files/0123456789abcdef/ffffffffffffffffffffffffffffffff', `${key}/x`]) {
      expect(parsePendingDownloadKey(pendingUploadPrefix, other)).toBeUndefined();
    }
  });
});

describe('categories and files', () => {
  it('derive a category id from the English name, with empty descriptions and no files', () => {
    expect(newDownloadCategory({ name: { pl: 'Podręczniki', en: 'Manuals' } }, now)).toMatchObject({
      id: 'manuals',
      description: { pl: '', en: '' },
      fileCount: 0,
      version: 1,
    });
  });

  it('keep the current content and a partial translation when edited, and bump the version', () => {
    const file = fileWith({ audience: 'everyone' });
    const changed = changeDownloadFile(file, { title: { pl: 'Narzędzie' }, fileVersion: null }, null, new Date('2026-11-26T00:00:00Z'));
    expect(changed.title).toEqual({ pl: 'Narzędzie', en: 'Tool' });
    expect(changed.file).toEqual(stored);
    expect(changed.pendingFile).toEqual(pending);
    expect(changed.fileVersion).toBeNull();
    expect(changed.version).toBe(2);
  });

  it('show customers nothing about who else may see a file or where it is stored', () => {
    const file = fileWith({ audience: 'customers', customerIds: ['anna', 'john'] });
    const shown = showDownload(file, stored, undefined, 'pl');
    expect(Object.keys(shown).sort()).toEqual(['category', 'contentType', 'description', 'fileVersion', 'filename', 'id', 'size', 'title', 'updatedAt']);
    expect(JSON.stringify(shown)).not.toMatch(/anna|john|files\/|pending\//);
  });

  it('show staff the visibility and state, but no storage keys either', () => {
    const shown = showDownloadToStaff(fileWith({ audience: 'product', product: 'vps' }, false), 3);
    expect(shown).toMatchObject({ status: 'awaiting-upload', file: null, visibility: { audience: 'product', product: 'vps' }, downloadCount: 3 });
    expect(JSON.stringify(shown)).not.toMatch(/objectKey|uploadId|pending\//);
  });
});
