/**
 * `npm run bench`: starts an ephemeral local cloud, runs every benchmark suite against it and
 * prints the figures (and writes them to bench-report/figures.json). Benchmarks measure; tests
 * never check wall-clock time.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startLocalCloud } from '../../infra/local/localCloud.ts';
import type { BenchSuite, Figure } from './harness.ts';
import { foundationSuite } from './suites/foundation.ts';

const suites: BenchSuite[] = [foundationSuite];
suites.push((await import('./suites/status.ts')).statusSuite);
suites.push((await import('./suites/knowledgeBase.ts')).knowledgeBaseSuite);
suites.push((await import('./suites/tickets.ts')).ticketsSuite);
suites.push((await import('./suites/files.ts')).filesSuite);

const cloud = await startLocalCloud({ ephemeral: true, log: () => undefined, scheduleTimers: false });
const figures: Figure[] = [];
try {
  for (const suite of suites) {
    const started = performance.now();
    await suite.run({ cloud, record: (figure) => figures.push({ suite: suite.name, ...figure }) });
    console.log(`suite ${suite.name} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
} finally {
  await cloud.stop();
}

const width = Math.max(...figures.map((figure) => figure.name.length));
let missed = 0;
for (const figure of figures) {
  const verdict = figure.target ? (figure.value <= figure.target.max ? ` (target ≤ ${figure.target.max}: met)` : ` (target ≤ ${figure.target.max}: MISSED)`) : '';
  if (figure.target && figure.value > figure.target.max) missed += 1;
  console.log(`${figure.suite.padEnd(12)} ${figure.name.padEnd(width)} ${figure.value.toFixed(figure.unit === 'ms' ? 2 : 0).padStart(10)} ${figure.unit}${verdict}`);
}
const directory = resolve(import.meta.dirname, '../../bench-report');
mkdirSync(directory, { recursive: true });
writeFileSync(resolve(directory, 'figures.json'), JSON.stringify({ at: new Date().toISOString(), figures }, null, 2));
console.log(`\n${figures.length} figures, ${missed} targets missed; written to bench-report/figures.json`);
