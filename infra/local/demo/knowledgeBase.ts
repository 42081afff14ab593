/**
 * Demo section "announcements and knowledge base": five categories (one with a subcategory),
 * twenty articles and four announcements (one pinned, one scheduled for next week), in Polish and
 * English. Written through the use cases; each part seeded only while it is empty. The search
 * index is built at the end so that search works the moment the local cloud is ready.
 */
const day = 86_400_000;

type Localized = { pl: string; en: string };
interface DemoArticle {
  slug: string;
  category: string;
  title: Localized;
  body: Localized;
  tags: string[];
  published?: boolean;
}

const categories = [
  {
    slug: 'hosting',
    name: { pl: 'Hosting', en: 'Hosting' },
    description: { pl: 'Konta hostingowe, pliki, bazy danych i PHP.', en: 'Hosting accounts, files, databases and PHP.' },
    order: 10,
  },
  {
    slug: 'wordpress',
    name: { pl: 'WordPress', en: 'WordPress' },
    description: { pl: 'Instalacja, kopie i przyspieszanie WordPressa.', en: 'Installing, backing up and speeding up WordPress.' },
    order: 15,
    parent: 'hosting',
  },
  {
    slug: 'email',
    name: { pl: 'Poczta e-mail', en: 'E-mail' },
    description: { pl: 'Skrzynki, programy pocztowe, spam i dostarczalność.', en: 'Mailboxes, mail clients, spam and deliverability.' },
    order: 20,
  },
  {
    slug: 'domains',
    name: { pl: 'Domeny', en: 'Domains' },
    description: { pl: 'Rejestracja, transfer i DNS.', en: 'Registration, transfers and DNS.' },
    order: 30,
  },
  {
    slug: 'billing',
    name: { pl: 'Płatności', en: 'Billing' },
    description: { pl: 'Faktury, płatności i odnowienia usług.', en: 'Invoices, payments and renewals.' },
    order: 40,
  },
  {
    slug: 'security',
    name: { pl: 'Bezpieczeństwo', en: 'Security' },
    description: { pl: 'Hasła, 2FA, certyfikaty SSL i ochrona przed atakami.', en: 'Passwords, 2FA, SSL certificates and protection against attacks.' },
    order: 50,
  },
];

const articles: DemoArticle[] = [
  {
    slug: 'how-to-open-a-ticket',
    category: 'hosting',
    tags: ['pomoc', 'support', 'zgłoszenie', 'ticket'],
    title: { pl: 'Jak otworzyć zgłoszenie', en: 'How to open a ticket' },
    body: {
      pl: 'Zgłoszenie otworzysz w panelu klienta w sekcji **Pomoc techniczna → Otwórz zgłoszenie**.\n\n1. Wybierz dział (np. *Wsparcie techniczne* lub *Rozliczenia i faktury*).\n2. Wskaż usługę, której dotyczy problem, i priorytet.\n3. Opisz problem: co robisz, czego oczekujesz i co się dzieje. Dołącz zrzut ekranu, jeśli to pomoże.\n\nNie masz konta? Zgłoszenie możesz wysłać jako gość — klucz dostępu dostaniesz e-mailem.',
      en: 'Open a ticket in the customer panel under **Technical Support → Open ticket**.\n\n1. Choose a department (e.g. *Technical support* or *Billing and invoices*).\n2. Pick the service the problem is about and a priority.\n3. Describe the problem: what you do, what you expect and what happens. Attach a screenshot if it helps.\n\nNo account? You can send a ticket as a guest — the access key arrives by e-mail.',
    },
  },
  {
    slug: 'upload-files-ftp',
    category: 'hosting',
    tags: ['ftp', 'sftp', 'pliki', 'files'],
    title: { pl: 'Wgrywanie plików przez FTP i SFTP', en: 'Uploading files with FTP and SFTP' },
    body: {
      pl: 'Do wgrywania plików użyj programu FileZilla lub WinSCP.\n\n- Serwer: nazwa Twojej domeny lub adres serwera z panelu\n- Port: 21 (FTP) albo 22 (SFTP — zalecany)\n- Login i hasło: konto FTP utworzone w panelu\n\nPliki strony umieść w katalogu `public_html`.',
      en: 'Use FileZilla or WinSCP to upload files.\n\n- Host: your domain name or the server address shown in the panel\n- Port: 21 (FTP) or 22 (SFTP — recommended)\n- User and password: an FTP account created in the panel\n\nPut your website files in the `public_html` directory.',
    },
  },
  {
    slug: 'change-php-version',
    category: 'hosting',
    tags: ['php', 'wersja', 'version'],
    title: { pl: 'Zmiana wersji PHP', en: 'Changing the PHP version' },
    body: {
      pl: 'Wersję PHP zmienisz osobno dla każdej domeny: **Hosting → Domeny → Ustawienia PHP**. Zmiana działa po około minucie. Przed przejściem na nowszą wersję sprawdź, czy Twoje wtyczki i motywy ją obsługują.',
      en: 'The PHP version is set per domain: **Hosting → Domains → PHP settings**. The change takes effect within a minute. Before moving to a newer version, check that your plugins and themes support it.',
    },
  },
  {
    slug: 'create-mysql-database',
    category: 'hosting',
    tags: ['mysql', 'baza danych', 'database'],
    title: { pl: 'Tworzenie bazy danych MySQL', en: 'Creating a MySQL database' },
    body: {
      pl: 'Bazę utworzysz w **Hosting → Bazy danych → Dodaj bazę**. Zapisz nazwę bazy, użytkownika i hasło — będą potrzebne w konfiguracji aplikacji. Bazą zarządzasz przez phpMyAdmin.',
      en: 'Create a database under **Hosting → Databases → Add database**. Note the database name, user and password — your application needs them. Manage the database with phpMyAdmin.',
    },
  },
  {
    slug: 'install-wordpress',
    category: 'wordpress',
    tags: ['wordpress', 'instalacja', 'install'],
    title: { pl: 'Instalacja WordPressa jednym kliknięciem', en: 'Installing WordPress in one click' },
    body: {
      pl: 'W panelu wybierz **Hosting → Aplikacje → WordPress**, wskaż domenę i podaj dane administratora. Instalator sam utworzy bazę danych i skonfiguruje certyfikat SSL.',
      en: 'In the panel choose **Hosting → Applications → WordPress**, pick a domain and give the administrator details. The installer creates the database and sets up the SSL certificate for you.',
    },
  },
  {
    slug: 'speed-up-wordpress',
    category: 'wordpress',
    tags: ['wordpress', 'cache', 'wydajność', 'performance'],
    title: { pl: 'Jak przyspieszyć stronę na WordPressie', en: 'How to speed up a WordPress site' },
    body: {
      pl: 'Włącz pamięć podręczną (LiteSpeed Cache lub Redis), zoptymalizuj obrazki, usuń nieużywane wtyczki i korzystaj z najnowszej wersji PHP. Wolne zapytania do bazy sprawdzisz wtyczką Query Monitor.',
      en: 'Turn on caching (LiteSpeed Cache or Redis), optimize images, remove unused plugins and run the latest PHP version. Find slow database queries with the Query Monitor plugin.',
    },
  },
  {
    slug: 'set-up-mail-client',
    category: 'email',
    tags: ['imap', 'smtp', 'outlook', 'thunderbird'],
    title: { pl: 'Konfiguracja programu pocztowego (IMAP, SMTP)', en: 'Setting up a mail client (IMAP, SMTP)' },
    body: {
      pl: '| Usługa | Serwer | Port | Szyfrowanie |\n|---|---|---|---|\n| IMAP | mail.twojadomena.pl | 993 | SSL/TLS |\n| SMTP | mail.twojadomena.pl | 465 | SSL/TLS |\n\nLoginem jest pełny adres e-mail. W Outlooku i Thunderbirdzie zaznacz, że serwer SMTP wymaga uwierzytelnienia.',
      en: '| Service | Server | Port | Encryption |\n|---|---|---|---|\n| IMAP | mail.yourdomain.com | 993 | SSL/TLS |\n| SMTP | mail.yourdomain.com | 465 | SSL/TLS |\n\nThe user name is the full e-mail address. In Outlook and Thunderbird, tick that the SMTP server requires authentication.',
    },
  },
  {
    slug: 'emails-go-to-spam',
    category: 'email',
    tags: ['spam', 'spf', 'dkim', 'dmarc'],
    title: { pl: 'Moje wiadomości trafiają do spamu', en: 'My e-mails end up in spam' },
    body: {
      pl: 'Sprawdź rekordy **SPF**, **DKIM** i **DMARC** domeny — w panelu włączysz je jednym przyciskiem w sekcji Poczta → Dostarczalność. Unikaj wysyłania masowych wiadomości ze skrzynki; do newsletterów użyj usługi mailingowej.',
      en: 'Check your domain’s **SPF**, **DKIM** and **DMARC** records — switch them on with one button under E-mail → Deliverability. Avoid bulk sending from a mailbox; use a mailing service for newsletters.',
    },
  },
  {
    slug: 'mailbox-full',
    category: 'email',
    tags: ['skrzynka', 'mailbox', 'limit'],
    title: { pl: 'Skrzynka pocztowa jest pełna', en: 'The mailbox is full' },
    body: {
      pl: 'Gdy skrzynka osiągnie limit, nowe wiadomości są odrzucane. Zwiększ limit w **Poczta → Skrzynki → Edytuj** albo usuń stare wiadomości i opróżnij kosz.',
      en: 'When a mailbox reaches its quota, new messages are rejected. Raise the quota under **E-mail → Mailboxes → Edit** or delete old messages and empty the trash.',
    },
  },
  {
    slug: 'email-forwarding',
    category: 'email',
    tags: ['przekierowanie', 'forwarding', 'alias'],
    title: { pl: 'Przekierowanie poczty na inny adres', en: 'Forwarding e-mail to another address' },
    body: {
      pl: 'Przekierowanie ustawisz w **Poczta → Przekierowania**. Możesz zachować kopię w skrzynce lub przekazywać wiadomości bez zapisywania ich na serwerze.',
      en: 'Set up forwarding under **E-mail → Forwarders**. You can keep a copy in the mailbox or pass messages on without storing them on the server.',
    },
  },
  {
    slug: 'transfer-domain',
    category: 'domains',
    tags: ['transfer', 'authinfo', 'domena', 'domain'],
    title: { pl: 'Transfer domeny do nas', en: 'Transferring a domain to us' },
    body: {
      pl: 'Poproś obecnego rejestratora o **kod AuthInfo**, a następnie złóż zamówienie transferu w panelu. Transfer domeny .pl trwa zwykle do 5 dni; przez ten czas strona i poczta działają bez przerwy.',
      en: 'Ask your current registrar for the **AuthInfo code**, then order the transfer in the panel. A .pl domain transfer usually takes up to 5 days; your website and e-mail keep working meanwhile.',
    },
  },
  {
    slug: 'dns-records',
    category: 'domains',
    tags: ['dns', 'rekordy', 'records', 'mx', 'cname'],
    title: { pl: 'Konfiguracja rekordów DNS', en: 'Configuring DNS records' },
    body: {
      pl: 'Rekordy A, AAAA, CNAME, MX i TXT zmienisz w **Domeny → Strefa DNS**. Zmiany rozchodzą się zwykle w ciągu godziny, ale mogą potrwać do 24 godzin (TTL).',
      en: 'Change A, AAAA, CNAME, MX and TXT records under **Domains → DNS zone**. Changes usually spread within an hour but can take up to 24 hours (TTL).',
    },
  },
  {
    slug: 'point-domain-to-hosting',
    category: 'domains',
    tags: ['dns', 'serwery nazw', 'nameservers'],
    title: { pl: 'Podpięcie domeny z innej firmy do hostingu', en: 'Pointing a domain from another registrar to your hosting' },
    body: {
      pl: 'U rejestratora domeny ustaw nasze serwery nazw: `ns1.hosting.example` i `ns2.hosting.example`. Następnie dodaj domenę w **Hosting → Domeny → Dodaj domenę**.',
      en: 'At your registrar, set our name servers: `ns1.hosting.example` and `ns2.hosting.example`. Then add the domain under **Hosting → Domains → Add domain**.',
    },
  },
  {
    slug: 'paying-an-invoice',
    category: 'billing',
    tags: ['faktura', 'invoice', 'płatność', 'payment'],
    title: { pl: 'Opłacanie faktury', en: 'Paying an invoice' },
    body: {
      pl: 'Fakturę opłacisz w **Płatności → Faktury**: kartą, BLIK-iem, szybkim przelewem lub zwykłym przelewem na numer konta podany na fakturze. Płatność online księgujemy od razu, zwykły przelew — w ciągu jednego dnia roboczego.',
      en: 'Pay an invoice under **Billing → Invoices**: by card, BLIK, instant transfer or a regular bank transfer to the account number on the invoice. Online payments are booked at once, regular transfers within one business day.',
    },
  },
  {
    slug: 'automatic-renewal',
    category: 'billing',
    tags: ['odnowienie', 'renewal', 'karta', 'card'],
    title: { pl: 'Automatyczne odnawianie usług', en: 'Automatic renewal of services' },
    body: {
      pl: 'Włącz automatyczne odnowienie w **Płatności → Metody płatności**, zapisując kartę. Na 14 dni przed terminem wyślemy przypomnienie, a w dniu odnowienia pobierzemy opłatę.',
      en: 'Turn on automatic renewal under **Billing → Payment methods** by saving a card. We send a reminder 14 days before the due date and charge the card on the renewal day.',
    },
  },
  {
    slug: 'invoice-details',
    category: 'billing',
    tags: ['faktura', 'nip', 'invoice', 'vat'],
    title: { pl: 'Zmiana danych na fakturze', en: 'Changing the details on an invoice' },
    body: {
      pl: 'Dane firmy i NIP zmienisz w **Konto → Dane do faktury**; nowe dane trafią na kolejne faktury. Korektę wystawionej faktury zamówisz, otwierając zgłoszenie do działu rozliczeń.',
      en: 'Change your company details and VAT number under **Account → Billing details**; new invoices use them. To correct an issued invoice, open a ticket with the billing department.',
    },
  },
  {
    slug: 'enable-two-factor',
    category: 'security',
    tags: ['2fa', 'logowanie', 'login'],
    title: { pl: 'Włączanie weryfikacji dwuetapowej (2FA)', en: 'Turning on two-factor authentication (2FA)' },
    body: {
      pl: 'W **Konto → Bezpieczeństwo** zeskanuj kod QR aplikacją (Google Authenticator, Aegis, 1Password) i wpisz wygenerowany kod. Zapisz kody zapasowe w bezpiecznym miejscu.',
      en: 'Under **Account → Security**, scan the QR code with an app (Google Authenticator, Aegis, 1Password) and type the code it shows. Keep the backup codes somewhere safe.',
    },
  },
  {
    slug: 'ssl-certificate',
    category: 'security',
    tags: ['ssl', 'https', 'certyfikat', 'certificate', 'lets encrypt'],
    title: { pl: 'Darmowy certyfikat SSL (Let’s Encrypt)', en: 'Free SSL certificate (Let’s Encrypt)' },
    body: {
      pl: 'Certyfikat Let’s Encrypt włączysz w **Hosting → SSL** dla każdej domeny. Odnawia się automatycznie co 60 dni. Po włączeniu ustaw przekierowanie z HTTP na HTTPS.',
      en: 'Turn on a Let’s Encrypt certificate for each domain under **Hosting → SSL**. It renews by itself every 60 days. Afterwards, redirect HTTP to HTTPS.',
    },
  },
  {
    slug: 'hacked-website',
    category: 'security',
    tags: ['włamanie', 'malware', 'hacked', 'wirus'],
    title: { pl: 'Co zrobić, gdy strona została zhakowana', en: 'What to do when your website has been hacked' },
    body: {
      pl: '1. Zmień hasła do panelu, FTP i bazy danych.\n2. Przywróć stronę z kopii zapasowej sprzed włamania (**Hosting → Kopie zapasowe**).\n3. Zaktualizuj CMS, wtyczki i motywy.\n4. Uruchom skaner malware w panelu.\n\nJeśli potrzebujesz pomocy, otwórz zgłoszenie — dołącz adres strony i godzinę, o której zauważyłeś problem.',
      en: '1. Change the passwords of the panel, FTP and database.\n2. Restore the site from a backup taken before the attack (**Hosting → Backups**).\n3. Update the CMS, plugins and themes.\n4. Run the malware scanner in the panel.\n\nIf you need help, open a ticket — include the site address and when you noticed the problem.',
    },
  },
  {
    slug: 'restore-backup',
    category: 'hosting',
    tags: ['kopia zapasowa', 'backup', 'przywracanie', 'restore'],
    title: { pl: 'Przywracanie kopii zapasowej', en: 'Restoring a backup' },
    body: {
      pl: 'Codzienne kopie z ostatnich 30 dni znajdziesz w **Hosting → Kopie zapasowe**. Możesz przywrócić całe konto, pojedynczy katalog lub bazę danych.',
      en: 'Daily backups of the last 30 days are under **Hosting → Backups**. Restore the whole account, a single directory or a database.',
    },
  },
  {
    slug: 'php-8-migration-notes',
    category: 'hosting',
    tags: ['php', 'migracja'],
    published: false,
    title: { pl: 'Notatki do migracji na PHP 8.4 (szkic)', en: 'PHP 8.4 migration notes (draft)' },
    body: { pl: 'Szkic — w przygotowaniu.', en: 'Draft — work in progress.' },
  },
];

export async function seedKnowledgeBaseDemo(log: (line: string) => void) {
  const manage = await import('../../../shared/useCases/manageKnowledgeBase.ts');
  const { createArticle } = await import('../../../shared/useCases/writeKnowledgeBaseArticles.ts');
  const { listAllAnnouncements } = await import('../../../shared/useCases/manageAnnouncements.ts');
  const { createAnnouncement } = await import('../../../shared/useCases/writeAnnouncements.ts');
  const { rebuildSearchIndex } = await import('../../../shared/useCases/knowledgeBaseSearch.ts');

  if ((await manage.listAllCategories()).length === 0) {
    for (const category of categories) await manage.createCategory(category);
    for (const article of articles) await createArticle({ ...article, published: article.published ?? true });
    await rebuildSearchIndex();
    log(`Seeded ${categories.length} knowledge-base categories and ${articles.length} articles`);
  }

  if ((await listAllAnnouncements({ limit: 1 })).items.length === 0) {
    const now = Date.now();
    const demo = [
      {
        pinned: true,
        publishAt: new Date(now - 2 * day).toISOString(),
        title: { pl: 'Nowy panel klienta i adres pomocy technicznej', en: 'New customer panel and support address' },
        body: {
          pl: 'Od dziś zgłoszenia obsługujemy w nowym panelu. Stare zgłoszenia zostały przeniesione **bez zmian**. Pytania? Zajrzyj do [bazy wiedzy](https://panel.hosting.example/kb).',
          en: 'From today, tickets are handled in the new panel. Your old tickets have been moved **unchanged**. Questions? See the [knowledge base](https://panel.hosting.example/kb).',
        },
      },
      {
        pinned: false,
        publishAt: new Date(now - 20 * day).toISOString(),
        title: { pl: 'PHP 8.4 dostępne na wszystkich serwerach', en: 'PHP 8.4 available on every server' },
        body: {
          pl: 'PHP 8.4 możesz włączyć w **Hosting → Ustawienia PHP**. Domyślna wersja pozostaje bez zmian.',
          en: 'Turn on PHP 8.4 under **Hosting → PHP settings**. The default version stays as it is.',
        },
      },
      {
        pinned: false,
        publishAt: new Date(now - 45 * day).toISOString(),
        title: { pl: 'Zmiana cennika domen .pl od 1 stycznia', en: '.pl domain prices change on 1 January' },
        body: {
          pl: 'Rejestr NASK podnosi opłaty; ceny odnowienia domen .pl wzrosną o 5 zł netto. Odnowienia opłacone wcześniej nie zmienią ceny.',
          en: 'The NASK registry raises its fees; .pl renewals go up by PLN 5 net. Renewals paid in advance keep their price.',
        },
      },
      {
        pinned: false,
        publishAt: new Date(now + 7 * day).toISOString(),
        title: { pl: 'Planowane prace serwisowe w centrum danych Warszawa', en: 'Planned maintenance in the Warsaw data centre' },
        body: {
          pl: 'W nocy z soboty na niedzielę, 2:00–4:00, wymieniamy przełączniki sieciowe. Możliwe krótkie przerwy w dostępności.',
          en: 'On Saturday night, 2:00–4:00, we replace network switches. Short interruptions are possible.',
        },
      },
    ];
    for (const announcement of demo) await createAnnouncement(announcement);
    log(`Seeded ${demo.length} announcements (1 pinned, 1 scheduled)`);
  }
}
