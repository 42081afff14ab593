/**
 * Demo data for the local cloud, in Polish and English, written on the first run through the
 * same use cases the API uses. Each section seeds only when it is empty, so a later feature can
 * add its own section without touching data a user has changed.
 */
import { seedStatusDemo } from './demo/status.ts';
import { seedKnowledgeBaseDemo } from './demo/knowledgeBase.ts';
import { seedTicketsDemo } from './demo/tickets.ts';
import { seedFilesDemo } from './demo/files.ts';

/** Imported only after the local cloud has set the environment the shared modules read. */
export async function seedDemoData(log: (line: string) => void) {
  const { listAllDepartments, createDepartment } = await import('../../shared/useCases/departments.ts');
  if ((await listAllDepartments()).length === 0) {
    const departments = [
      {
        id: 'technical-support',
        name: { pl: 'Wsparcie techniczne', en: 'Technical support' },
        description: {
          pl: 'Problemy z serwerami, hostingiem, pocztą i stronami WWW.',
          en: 'Problems with servers, hosting, e-mail and websites.',
        },
        email: 'support@hosting.example',
        openToGuests: true,
        order: 10,
      },
      {
        id: 'billing',
        name: { pl: 'Rozliczenia i faktury', en: 'Billing and invoices' },
        description: {
          pl: 'Pytania o faktury, płatności i odnowienia usług.',
          en: 'Questions about invoices, payments and renewals.',
        },
        email: 'billing@hosting.example',
        openToGuests: true,
        order: 20,
      },
      {
        id: 'sales',
        name: { pl: 'Dział sprzedaży', en: 'Sales' },
        description: {
          pl: 'Dobór usług, oferty indywidualne i migracje.',
          en: 'Choosing a plan, custom offers and migrations.',
        },
        email: 'sales@hosting.example',
        openToGuests: true,
        order: 30,
      },
      {
        id: 'domains',
        name: { pl: 'Domeny', en: 'Domains' },
        description: {
          pl: 'Rejestracja, transfer i konfiguracja DNS domen.',
          en: 'Domain registration, transfers and DNS.',
        },
        email: 'domains@hosting.example',
        openToGuests: false,
        order: 40,
      },
      {
        id: 'abuse',
        name: { pl: 'Nadużycia (abuse)', en: 'Abuse reports' },
        description: {
          pl: 'Zgłoszenia spamu, phishingu i ataków z naszej sieci.',
          en: 'Reports of spam, phishing and attacks from our network.',
        },
        email: 'abuse@hosting.example',
        openToGuests: true,
        allowReopen: false,
        order: 50,
      },
    ];
    for (const department of departments) await createDepartment(department);
    log(`Seeded ${departments.length} departments`);
  }
  await seedStatusDemo(log);
  await seedKnowledgeBaseDemo(log);
  await seedTicketsDemo(log);
  await seedFilesDemo(log);
}
