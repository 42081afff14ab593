/**
 * Demo sections "Downloads" and attachments: two categories of shared files (for everyone, for
 * signed-in customers, for holders of shared hosting, and one for Anna alone) and the invoice
 * scan Anna attached to her billing ticket (which waits for staff already). Everything goes the
 * way a frontend does it: the use case hands out a presigned POST, the file is posted to the S3
 * emulator, and the bucket event verifies it. Downloads are seeded only while there is no category; the invoice scan only while
 * that ticket carries no attachment.
 */
import { callerFromClaims, type SignedInCaller } from '../../../shared/domain/callers.ts';
import { demoUsers } from '../demoUsers.ts';

const minimalPdf = (text: string) =>
  `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n` +
  `3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 100]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n` +
  `4 0 obj<</Length ${text.length + 30}>>stream\nBT /F1 12 Tf 10 50 Td (${text}) Tj ET\nendstream endobj\n` +
  `5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`;

/** POSTs a presigned form as a browser does: every field, then the file. */
async function postForm(form: { url: string; fields: Record<string, string> }, bytes: Buffer, contentType: string) {
  const body = new FormData();
  for (const [name, value] of Object.entries(form.fields)) body.append(name, value);
  body.append('file', new Blob([new Uint8Array(bytes)], { type: contentType }));
  const response = await fetch(form.url, { method: 'POST', body });
  if (!response.ok) throw new Error(`The S3 emulator refused a demo upload: ${response.status}`);
}

/** Waits (briefly) until the bucket event has verified what was posted. */
async function until(done: () => Promise<boolean>, what: string) {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Demo ${what} was not verified in time`);
}

async function seedDownloads(log: (line: string) => void) {
  const { listAllDownloadCategories, createDownloadCategory } = await import('../../../shared/useCases/manageDownloadCategories.ts');
  const { createDownload } = await import('../../../shared/useCases/writeDownloads.ts');
  const downloadRepository = await import('../../../shared/data/downloadRepository.ts');
  if ((await listAllDownloadCategories()).length > 0) return;

  await createDownloadCategory({
    id: 'manuals',
    name: { pl: 'Podręczniki', en: 'Manuals' },
    description: { pl: 'Instrukcje obsługi panelu i usług.', en: 'Guides to the panel and our services.' },
    order: 10,
  });
  await createDownloadCategory({
    id: 'tools',
    name: { pl: 'Narzędzia', en: 'Tools' },
    description: { pl: 'Skrypty i pliki konfiguracyjne.', en: 'Scripts and configuration files.' },
    order: 20,
  });
  const files = [
    {
      input: {
        title: { pl: 'Instrukcja panelu klienta', en: 'Customer panel guide' },
        description: { pl: 'Pierwsze kroki: usługi, faktury, zgłoszenia.', en: 'First steps: services, invoices, tickets.' },
        category: 'manuals',
        fileVersion: '2026.11',
        visibility: { audience: 'everyone' as const },
      },
      filename: 'instrukcja-panelu.pdf',
      contentType: 'application/pdf',
      bytes: Buffer.from(minimalPdf('Instrukcja panelu klienta')),
    },
    {
      input: {
        title: { pl: 'Cennik usług 2027', en: 'Price list 2027' },
        category: 'manuals',
        visibility: { audience: 'signed-in' as const },
      },
      filename: 'cennik-2027.pdf',
      contentType: 'application/pdf',
      bytes: Buffer.from(minimalPdf('Cennik 2027')),
    },
    {
      input: {
        title: { pl: 'Skrypt kopii zapasowej WordPressa', en: 'WordPress backup script' },
        description: { pl: 'Dla klientów hostingu współdzielonego.', en: 'For shared hosting customers.' },
        category: 'tools',
        fileVersion: '1.2',
        visibility: { audience: 'product' as const, product: 'shared-hosting' },
      },
      filename: 'wp-backup.sh',
      contentType: 'application/x-sh',
      bytes: Buffer.from('#!/bin/sh\nwp db export "backup-$(date +%F).sql"\ntar czf "files-$(date +%F).tar.gz" wp-content\n'),
    },
    {
      input: {
        title: { pl: 'Strefa DNS anna-kowalska.pl', en: 'DNS zone of anna-kowalska.pl' },
        description: { pl: 'Przygotowana na prośbę klientki.', en: 'Prepared at the customer’s request.' },
        category: 'tools',
        visibility: { audience: 'customers' as const, customerIds: [demoUsers.customer.sub] },
      },
      filename: 'anna-kowalska.pl.zone.txt',
      contentType: 'text/plain',
      bytes: Buffer.from('anna-kowalska.pl. 3600 IN MX 10 mail.hosting.example.\n'),
    },
  ];
  for (const file of files) {
    const created = await createDownload({
      ...file.input,
      file: { filename: file.filename, contentType: file.contentType, size: file.bytes.length },
    });
    await postForm(created.upload, file.bytes, file.contentType);
    await until(async () => (await downloadRepository.getFile(created.id))?.file !== null, `file ${file.filename}`);
  }
  log(`Seeded 2 download categories and ${files.length} shared files (everyone, signed-in, a product, one customer)`);
}

async function seedAttachment(log: (line: string) => void) {
  const ticketRepository = await import('../../../shared/data/ticketRepository.ts');
  const uploadRepository = await import('../../../shared/data/uploadRepository.ts');
  const { createUpload } = await import('../../../shared/useCases/createUpload.ts');
  const { addEntry } = await import('../../../shared/useCases/ticketMessages.ts');
  const { uploadOwnerOf } = await import('../../../shared/domain/attachments.ts');

  const anna = callerFromClaims(demoUsers.customer) as SignedInCaller;
  const tickets = (await ticketRepository.listForCustomer(anna.id, undefined, { limit: 100 })).items;
  const invoice = tickets.find((ticket) => ticket.subject.includes('FV/2026/11/0412'));
  if (!invoice) return;
  const history = (await ticketRepository.getWithHistory(invoice.number))?.history ?? [];
  if (history.some((message) => message.attachments.length > 0)) return;

  const scan = Buffer.from(minimalPdf('FV/2026/11/0412 NIP 525-000-00-01'));
  const { upload, form } = await createUpload(
    anna,
    { filename: 'FV-2026-11-0412.pdf', contentType: 'application/pdf', size: scan.length },
    { guestKey: undefined, sourceIp: '127.0.0.1' },
  );
  await postForm(form, scan, 'application/pdf');
  await until(async () => (await uploadRepository.get(upload.id))?.status === 'available', 'invoice scan');
  await addEntry(invoice, {
    kind: 'message',
    author: { id: anna.id, name: anna.name ?? anna.id, role: 'customer' },
    body: 'W załączniku skan faktury z błędnym numerem NIP.',
    attachmentIds: [upload.id],
    uploadOwners: [uploadOwnerOf(anna)],
    nextStatus: () => 'customer_reply',
  });
  log('Seeded an invoice scan attached to Anna’s billing ticket');
}

export async function seedFilesDemo(log: (line: string) => void) {
  await seedDownloads(log);
  await seedAttachment(log);
}
