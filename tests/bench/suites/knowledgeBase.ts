/**
 * Knowledge-base search at scale: 2,000 published articles seeded through the use cases (in this
 * process, against the local cloud's table), then warm search and suggestion latency through the
 * HTTP gateway, the time to rebuild the index, and how long one edited article takes to become
 * searchable end to end (PATCH → stream → rebuild → search).
 */
import { percentile, timeRequests, type BenchSuite } from '../harness.ts';

const ARTICLES = 2000;

const topics = [
  { pl: 'zgłoszenie', en: 'ticket' }, { pl: 'faktura', en: 'invoice' }, { pl: 'płatność', en: 'payment' },
  { pl: 'domena', en: 'domain' }, { pl: 'rekord DNS', en: 'DNS record' }, { pl: 'skrzynka pocztowa', en: 'mailbox' },
  { pl: 'certyfikat SSL', en: 'SSL certificate' }, { pl: 'kopia zapasowa', en: 'backup' }, { pl: 'baza danych', en: 'database' },
  { pl: 'konto FTP', en: 'FTP account' }, { pl: 'wersja PHP', en: 'PHP version' }, { pl: 'WordPress', en: 'WordPress' },
  { pl: 'przekierowanie', en: 'redirect' }, { pl: 'serwer VPS', en: 'VPS server' }, { pl: 'hasło', en: 'password' },
  { pl: 'weryfikacja dwuetapowa', en: 'two-factor authentication' }, { pl: 'transfer domeny', en: 'domain transfer' },
  { pl: 'limit transferu', en: 'bandwidth limit' }, { pl: 'pamięć podręczna', en: 'cache' }, { pl: 'spam', en: 'spam' },
];
const actions = [
  { pl: 'Jak skonfigurować', en: 'How to configure' }, { pl: 'Rozwiązywanie problemów:', en: 'Troubleshooting:' },
  { pl: 'Jak zmienić', en: 'How to change' }, { pl: 'Jak usunąć', en: 'How to remove' }, { pl: 'Przewodnik:', en: 'Guide:' },
  { pl: 'Najczęstsze pytania:', en: 'FAQ:' }, { pl: 'Jak sprawdzić', en: 'How to check' }, { pl: 'Limity:', en: 'Limits:' },
];
const sentences = {
  pl: [
    'Zaloguj się do panelu klienta i przejdź do odpowiedniej sekcji.', 'Zmiany zaczynają działać po kilku minutach.',
    'Jeśli problem nie ustąpi, otwórz zgłoszenie do działu wsparcia technicznego.', 'Pamiętaj o aktualnej kopii zapasowej przed zmianą.',
    'Ustawienia różnią się w zależności od pakietu hostingowego.', 'Szczegóły znajdziesz na fakturze i w historii płatności.',
  ],
  en: [
    'Sign in to the customer panel and open the right section.', 'Changes take effect within a few minutes.',
    'If the problem persists, open a ticket with technical support.', 'Make sure you have a recent backup before changing anything.',
    'Settings differ between hosting plans.', 'Details are on the invoice and in the payment history.',
  ],
};
const queries = ['zgloszenie', 'faktury', 'invoce', 'dns rekord', 'certyfikat ssl', 'wordpress cache', 'backup', 'hasło', 'skrzynka', 'php'];

function article(index: number) {
  const topic = topics[index % topics.length]!;
  const action = actions[Math.floor(index / topics.length) % actions.length]!;
  const paragraph = (language: 'pl' | 'en') =>
    Array.from({ length: 8 }, (_, i) => sentences[language][(index + i) % sentences[language].length]).join(' ');
  return {
    slug: `bench-${index}`,
    category: `bench-${index % 5}`,
    title: { pl: `${action.pl} ${topic.pl} (${index})`, en: `${action.en} ${topic.en} (${index})` },
    body: {
      pl: `## ${topic.pl}\n\n${paragraph('pl')}\n\n${paragraph('pl')}`,
      en: `## ${topic.en}\n\n${paragraph('en')}\n\n${paragraph('en')}`,
    },
    tags: [topic.en.toLowerCase(), `tag-${index % 37}`],
    published: true,
  };
}

export const knowledgeBaseSuite: BenchSuite = {
  name: 'kb',
  async run({ cloud, record }) {
    // Imported now: the local cloud has set the environment the shared modules read.
    const { createCategory } = await import('../../../shared/useCases/manageKnowledgeBase.ts');
    const { createArticle } = await import('../../../shared/useCases/writeKnowledgeBaseArticles.ts');
    const { rebuildSearchIndex } = await import('../../../shared/useCases/knowledgeBaseSearch.ts');
    const settle = () => fetch(`${cloud.apiUrl}/_local/settle`, { method: 'POST' }).then((response) => response.arrayBuffer());

    for (let category = 0; category < 5; category += 1) {
      await createCategory({ slug: `bench-${category}`, name: `Bench ${category}` });
    }
    const seeding = performance.now();
    for (let start = 0; start < ARTICLES; start += 20) {
      await Promise.all(Array.from({ length: Math.min(20, ARTICLES - start) }, (_, i) => createArticle(article(start + i))));
    }
    record({ name: `seed ${ARTICLES} articles (use cases, 20 at a time)`, value: (performance.now() - seeding) / 1000, unit: 's' });
    await settle();

    const rebuilds: number[] = [];
    let pointer = await rebuildSearchIndex();
    for (let i = 0; i < 5; i += 1) {
      const started = performance.now();
      pointer = await rebuildSearchIndex();
      rebuilds.push(performance.now() - started);
    }
    rebuilds.sort((a, b) => a - b);
    record({ name: `index rebuild, ${pointer.articleCount} articles (median of 5)`, value: percentile(rebuilds, 50), unit: 'ms' });
    record({ name: 'index size (gzip)', value: Math.round(pointer.bytes / 1024), unit: 'KiB' });
    record({ name: 'index chunks', value: pointer.chunks, unit: 'items' });

    let next = 0;
    const search = () => fetch(`${cloud.apiUrl}/v1/kb/search?q=${encodeURIComponent(queries[next++ % queries.length]!)}&lang=pl`);
    const searchSamples = await timeRequests(400, 40, search);
    record({ name: 'GET /v1/kb/search p50 (2,000 articles, warm)', value: percentile(searchSamples, 50), unit: 'ms' });
    record({ name: 'GET /v1/kb/search p99 (2,000 articles, warm)', value: percentile(searchSamples, 99), unit: 'ms', target: { max: 50 } });

    const subject = encodeURIComponent('Nie mogę opłacić faktury kartą');
    const message = encodeURIComponent('Dzień dobry, próbuję zapłacić za domenę i certyfikat SSL, ale płatność kartą jest odrzucana. Co mam zrobić?');
    const suggestionSamples = await timeRequests(200, 20, () => fetch(`${cloud.apiUrl}/v1/kb/suggestions?subject=${subject}&message=${message}`));
    record({ name: 'GET /v1/kb/suggestions p50 (warm)', value: percentile(suggestionSamples, 50), unit: 'ms' });
    record({ name: 'GET /v1/kb/suggestions p99 (warm)', value: percentile(suggestionSamples, 99), unit: 'ms' });

    // One edit, end to end: the stream consumer rebuilds, the search function picks the new version up.
    const freshness: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const word = `benchmarkword${i}x${Date.now().toString(36)}`;
      const started = performance.now();
      const patched = await fetch(`${cloud.apiUrl}/v1/staff/kb/articles/bench-${i}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${cloud.tokens.staff}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: `Changed ${word}` }),
      });
      if (patched.status !== 200) throw new Error(`PATCH failed with ${patched.status}`);
      await settle();
      const found = (await (await fetch(`${cloud.apiUrl}/v1/kb/search?q=${word}`)).json()) as { items: unknown[] };
      if (found.items.length !== 1) throw new Error('the edited article is not searchable after settle');
      freshness.push(performance.now() - started);
    }
    freshness.sort((a, b) => a - b);
    record({ name: 'one article edited → searchable (PATCH, stream, rebuild; median of 3)', value: percentile(freshness, 50), unit: 'ms' });
  },
};
