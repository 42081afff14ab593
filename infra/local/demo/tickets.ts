/**
 * Demo section "tickets": Anna's history in Polish (answered, waiting for staff, closed) and one
 * open ticket of John's in English, with replies from the support team and an internal note.
 * Written through the use cases (so the e-mails go out to the local inbox as well); seeded only
 * while Anna has no tickets.
 */
import { callerFromClaims, type SignedInCaller } from '../../../shared/domain/callers.ts';
import { demoUsers } from '../demoUsers.ts';

const hour = 3_600_000;

export async function seedTicketsDemo(log: (line: string) => void) {
  const ticketRepository = await import('../../../shared/data/ticketRepository.ts');
  const { openTicket } = await import('../../../shared/useCases/openTicket.ts');
  const { addEntry } = await import('../../../shared/useCases/ticketMessages.ts');
  const { closeTicket } = await import('../../../shared/domain/tickets.ts');

  const anna = callerFromClaims(demoUsers.customer) as SignedInCaller;
  const john = callerFromClaims(demoUsers.otherCustomer) as SignedInCaller;
  const marta = callerFromClaims(demoUsers.staff) as SignedInCaller;
  if ((await ticketRepository.listForCustomer(anna.id, undefined, { limit: 1 })).items.length > 0) return;

  const now = Date.now();
  const context = (language: 'pl' | 'en', hoursAgo: number) => ({ language, idempotencyKey: undefined, sourceIp: '127.0.0.1', now: new Date(now - hoursAgo * hour) });
  const staffAuthor = { id: marta.id, name: marta.name ?? 'Support', role: 'staff' as const };
  const staffReply = (body: string) => ({ kind: 'message' as const, author: staffAuthor, body, attachmentIds: undefined, uploadOwners: [], nextStatus: () => 'answered' as const });
  const customerReply = (body: string) => ({
    kind: 'message' as const,
    author: { id: anna.id, name: anna.name ?? anna.id, role: 'customer' as const },
    body,
    attachmentIds: undefined,
    uploadOwners: [],
    nextStatus: () => 'customer_reply' as const,
  });

  const php = await openTicket(anna, {
    department: 'technical-support',
    priority: 'high',
    subject: 'Strona nie działa po aktualizacji PHP do 8.4',
    message: 'Dzień dobry,\n\npo przełączeniu wersji PHP na 8.4 strona anna-kowalska.pl pokazuje błąd 500. Proszę o pomoc.\n\nAnna',
    serviceId: 'svc-10231',
  }, context('pl', 30));
  let ticket = (await ticketRepository.get(php.view.number))!;
  ({ ticket } = await addEntry(ticket, { ...staffReply('Klientka potwierdziła kopię zapasową z wczoraj.'), kind: 'note' }, new Date(now - 29 * hour)));
  await addEntry(ticket, staffReply('Dzień dobry,\n\nw logach widać przestarzałą wtyczkę cache, która nie obsługuje PHP 8.4. Wyłączyliśmy ją; strona działa. Prosimy o aktualizację wtyczki.\n\nMarta Nowak\nWsparcie techniczne'), new Date(now - 28 * hour));

  const invoice = await openTicket(anna, {
    department: 'billing',
    priority: 'medium',
    subject: 'Faktura FV/2026/11/0412 — prośba o korektę NIP',
    message: 'Na fakturze FV/2026/11/0412 jest błędny NIP firmy. Poprawny: 525-000-00-00.',
  }, context('pl', 6));
  ticket = (await ticketRepository.get(invoice.view.number))!;
  ({ ticket } = await addEntry(ticket, staffReply('Dziękujemy, przygotujemy korektę. Czy fakturę wysłać również na adres księgowości?'), new Date(now - 5 * hour)));
  await addEntry(ticket, customerReply('Tak, proszę o kopię na ksiegowosc@anna-kowalska.pl.'), new Date(now - 4 * hour));

  const dns = await openTicket(anna, {
    department: 'technical-support',
    priority: 'low',
    subject: 'Rekord MX dla domeny anna-kowalska.pl',
    message: 'Jak ustawić rekord MX, żeby poczta działała u Państwa?',
    serviceId: 'svc-10233',
  }, context('pl', 24 * 9));
  ticket = (await ticketRepository.get(dns.view.number))!;
  ({ ticket } = await addEntry(ticket, staffReply('Rekord MX: mail.hosting.example, priorytet 10. Instrukcja jest w bazie wiedzy („Konfiguracja poczty”).'), new Date(now - 24 * 8 * hour)));
  await ticketRepository.update(closeTicket(ticket, 'customer', new Date(now - 24 * 7 * hour)), ticket.version);

  await openTicket(john, {
    department: 'sales',
    priority: 'medium',
    subject: 'Upgrading the managed PostgreSQL plan',
    message: 'Hi, we need more storage for smith-shop. Can we move to the next plan without downtime?',
    serviceId: 'svc-20417',
  }, context('en', 2));
  log('Seeded 4 demo tickets');
}
