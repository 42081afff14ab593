import { describe, expect, it } from 'vitest';
import { abandonedUploadDays, pendingUploadPrefix } from '../../shared/data/bucketDefinitions.ts';
import {
  attachmentDisposition,
  attachmentFileProblem,
  claimProblem,
  extensionOf,
  knownAttachmentTypes,
  normalizeFilename,
  pendingAttachmentKey,
  permanentAttachmentKey,
  servedContentType,
  storedObjectProblem,
  uploadClaimableHours,
  uploadOwnerOf,
  type Upload,
} from '../../shared/domain/attachments.ts';
import { anonymous, type SignedInCaller } from '../../shared/domain/callers.ts';
import { loadConfig } from '../../shared/config.ts';

const customer: SignedInCaller = { kind: 'user', id: 'cust-1', email: 'a@example.com', name: 'A', isStaff: false, isAdmin: false };
const allTypes = knownAttachmentTypes;
const problem = (name: string, type = 'image/png') => attachmentFileProblem(normalizeFilename(name), type, allTypes);

describe('upload owners', () => {
  it('are the user for signed-in callers, the ticket for guests with a key, and `guest` otherwise', () => {
    expect(uploadOwnerOf(customer)).toBe('user:cust-1');
    // A token wins over a ticket number: a signed-in caller's uploads are always their own.
    expect(uploadOwnerOf(customer, '123456')).toBe('user:cust-1');
    expect(uploadOwnerOf(anonymous, '123456')).toBe('ticket:123456');
    expect(uploadOwnerOf(anonymous)).toBe('guest');
  });
});

describe('attachment names and types', () => {
  it('accept ordinary names whose extension matches the type, in any case, with Unicode', () => {
    expect(problem('Zrzut ekranu 2026-11-25.PNG')).toBeNull();
    expect(problem('faktura.pdf', 'application/pdf')).toBeNull();
    expect(problem('error.log', 'text/plain')).toBeNull();
    expect(problem('backup.zip', 'application/x-zip-compressed')).toBeNull();
    expect(problem('zdjęcie 🙂.jpeg', 'image/jpeg')).toBeNull();
  });

  it.each([
    ['../../etc/passwd', 'text/plain', 'filename', /folders/],
    ['a\\b.png', 'image/png', 'filename', /folders/],
    ['x.svg', 'image/svg+xml', 'contentType', /Allowed types/],
    ['x.svg', 'image/png', 'filename', /\.png/],
    ['x.html', 'text/html', 'contentType', /Allowed types/],
    ['x.html', 'text/plain', 'filename', /\.txt/],
    ['photo\u202Egnp.exe', 'image/png', 'filename', /Text-direction/],
    ['invoice\u2067.pdf', 'application/pdf', 'filename', /Text-direction/],
    [`${'a'.repeat(996)}.png`, 'image/png', 'filename', /At most 255/],
    ['bell\u0007.png', 'image/png', 'filename', /Control/],
    ['nul\u0000.png', 'image/png', 'filename', /Control/],
    ['zero\u200Bwidth.png', 'image/png', 'filename', /Invisible/],
    ['lone\uD800.png', 'image/png', 'filename', /Unicode/],
    ['.png', 'image/png', 'filename', /must end in/],
    ['noextension', 'image/png', 'filename', /must end in/],
    ['   ', 'image/png', 'filename', /empty/],
    ['..', 'text/plain', 'filename', /Not a file name/],
  ])('refuses %j as %s (field %s)', (name, type, field, message) => {
    expect(problem(name, type)).toEqual({ field, message: expect.stringMatching(message) });
  });

  it('refuses types outside the configured list even when the domain knows them', () => {
    expect(attachmentFileProblem('a.zip', 'application/zip', ['image/png'])).toEqual({
      field: 'contentType',
      message: 'Allowed types: image/png',
    });
  });

  it('normalizes names to NFC with single inner spaces and no outer ones', () => {
    expect(normalizeFilename('  e\u0301cran   1.png ')).toBe('\u00e9cran 1.png');
    expect(extensionOf('archive.tar.ZIP')).toBe('zip');
    expect(extensionOf('README')).toBeNull();
  });

  it('never allows a type a browser runs as a page, image script or stylesheet', () => {
    for (const type of allTypes) expect(type).not.toMatch(/html|svg|xml|javascript|css/);
  });
});

describe('configuration', () => {
  it('defaults to 10 MiB, every known type, 10 attachments per message and 60 uploads an hour', () => {
    const config = loadConfig({});
    expect(config.attachments).toEqual({ maxBytes: 10 * 1024 * 1024, allowedTypes: allTypes, maxPerMessage: 10, uploadsPerHour: 60 });
  });

  it('narrows the types from ATTACHMENT_TYPES and refuses one that is not known', () => {
    expect(loadConfig({ ATTACHMENT_TYPES: ' image/png, application/PDF ' }).attachments.allowedTypes).toEqual(['image/png', 'application/pdf']);
    expect(() => loadConfig({ ATTACHMENT_TYPES: 'image/png,text/html' })).toThrow(/ATTACHMENT_TYPES/);
    expect(() => loadConfig({ ATTACHMENTS_PER_MESSAGE: '11' })).toThrow(/ATTACHMENTS_PER_MESSAGE/);
  });
});

describe('stored object checks', () => {
  const declared = { size: 100, contentType: 'image/png' };

  it('accept an object of the signed type no larger than declared', () => {
    expect(storedObjectProblem(declared, { size: 100, contentType: 'image/png' }, 1000)).toBeNull();
    expect(storedObjectProblem(declared, { size: 1, contentType: 'image/png' }, 1000)).toBeNull();
  });

  it('refuse an empty, larger than declared, over the limit, or differently typed object', () => {
    expect(storedObjectProblem(declared, { size: 0, contentType: 'image/png' }, 1000)).toMatch(/empty/);
    expect(storedObjectProblem(declared, { size: 101, contentType: 'image/png' }, 1000)).toMatch(/larger than the 100 declared/);
    expect(storedObjectProblem({ size: 5000, contentType: 'image/png' }, { size: 2000, contentType: 'image/png' }, 1000)).toMatch(
      /larger than 1000 bytes/,
    );
    expect(storedObjectProblem(declared, { size: 50, contentType: 'text/html' }, 1000)).toMatch(/sent as text\/html/);
    expect(storedObjectProblem(declared, { size: 50, contentType: undefined }, 1000)).toMatch(/no type/);
  });
});

describe('claiming an upload', () => {
  const now = new Date('2026-11-25T12:00:00Z');
  const upload = (changes: Partial<Upload> = {}): Upload => ({
    id: '0123456789abcdef0123456789abcdef',
    owner: 'user:cust-1',
    filename: 'a.png',
    contentType: 'image/png',
    size: 10,
    objectKey: 'pending/0123456789abcdef0123456789abcdef',
    status: 'available',
    createdAt: '2026-11-25T11:00:00.000Z',
    claimableUntil: '2026-11-25T23:00:00.000Z',
    rejectedReason: null,
    ticketNumber: null,
    messageId: null,
    attachedAt: null,
    ...changes,
  });

  it("is allowed for one of the owners while it is available and claimable", () => {
    expect(claimProblem(upload(), ['user:cust-1'], now)).toBeNull();
    expect(claimProblem(upload({ owner: 'guest' }), ['ticket:1', 'guest'], now)).toBeNull();
  });

  it("reads exactly like an unknown upload when it is someone else's or expired", () => {
    const unknown = claimProblem(undefined, ['user:cust-1'], now);
    expect(unknown).toBe('Unknown or expired upload');
    expect(claimProblem(upload({ owner: 'user:other' }), ['user:cust-1'], now)).toBe(unknown);
    expect(claimProblem(upload({ owner: 'ticket:2' }), ['ticket:1', 'guest'], now)).toBe(unknown);
    expect(claimProblem(upload({ claimableUntil: '2026-11-25T12:00:00.000Z' }), ['user:cust-1'], now)).toBe(unknown);
  });

  it('says why when it is the caller’s but pending, refused or attached already', () => {
    expect(claimProblem(upload({ status: 'pending' }), ['user:cust-1'], now)).toMatch(/not been uploaded/);
    expect(claimProblem(upload({ status: 'rejected', rejectedReason: 'The file is empty' }), ['user:cust-1'], now)).toMatch(/empty/);
    expect(claimProblem(upload({ status: 'attached' }), ['user:cust-1'], now)).toMatch(/already attached/);
  });

  it('stays claimable only while the pending object is certainly still there (lifecycle deletes after 1–2 days)', () => {
    expect(uploadClaimableHours).toBeLessThan(abandonedUploadDays * 24);
  });

  it('moves attached files out of the prefix the lifecycle rule empties', () => {
    expect(pendingAttachmentKey(pendingUploadPrefix, 'abc')).toBe('pending/abc');
    expect(permanentAttachmentKey('123456', 'abc')).toBe('tickets/123456/abc');
    expect(permanentAttachmentKey('123456', 'abc').startsWith(pendingUploadPrefix)).toBe(false);
  });
});

describe('serving a file', () => {
  it('forces a download under the exact name, with an ASCII fallback that cannot break the header', () => {
    expect(attachmentDisposition('report.pdf')).toBe(`attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`);
    expect(attachmentDisposition('zażółć "x"; y.txt')).toBe(
      `attachment; filename="za____ _x__ y.txt"; filename*=UTF-8''za%C5%BC%C3%B3%C5%82%C4%87%20%22x%22%3B%20y.txt`,
    );
    expect(attachmentDisposition("it's (1)*.png")).toContain(`filename*=UTF-8''it%27s%20%281%29%2A.png`);
  });

  it('never answers with a type a browser would render as a page or run', () => {
    expect(servedContentType('image/png')).toBe('image/png');
    expect(servedContentType('Application/PDF')).toBe('application/pdf');
    expect(servedContentType('application/x-tar')).toBe('application/x-tar');
    for (const active of ['text/html', 'image/svg+xml', 'application/xhtml+xml', 'text/xml', 'application/javascript', 'text/css']) {
      expect(servedContentType(active)).toBe('application/octet-stream');
    }
  });
});
