/**
 * `npm run bench`: starts an ephemeral local cloud, runs every benchmark suite against it, prints
 * the figures and writes the report to bench-report/ (report.md, report.json, chart.svg; see
 * tests/bench/report.ts). Benchmarks measure; tests never check wall-clock time.
 * `BENCH_SUITES=functions,status` runs only those suites (by name; foundation always runs).
 */
import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { startLocalCloud } from '../../infra/local/localCloud.ts';
import type { BenchSuite, Figure, FunctionCost } from './harness.ts';
import { writeReport } from './report.ts';
import { foundationSuite } from './suites/foundation.ts';

const suites: BenchSuite[] = [foundationSuite];
// Functions early, while the table holds the demo data and little else (a probe run or an index rebuild stays realistic).
suites.push((await import('./suites/functions.ts')).functionsSuite);
suites.push((await import('./suites/status.ts')).statusSuite);
suites.push((await import('./suites/knowledgeBase.ts')).knowledgeBaseSuite);
suites.push((await import('./suites/tickets.ts')).ticketsSuite);
suites.push((await import('./suites/files.ts')).filesSuite);

const onlySuites = process.env.BENCH_SUITES?.split(',');
const chosenSuites = suites.filter((suite) => suite === foundationSuite || !onlySuites || onlySuites.includes(suite.name));

const cloud = await startLocalCloud({ ephemeral: true, log: () => undefined, scheduleTimers: false });
const figures: Figure[] = [];
const functions: FunctionCost[] = [];
const startedAt = new Date();
const loadAtStart = loadavg()[0]!;
try {
  for (const suite of chosenSuites) {
    const started = performance.now();
    await suite.run({
      cloud,
      record: (figure) => figures.push({ suite: suite.name, ...figure }),
      recordFunction: (cost) => functions.push(cost),
    });
    console.log(`suite ${suite.name} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
} finally {
  await cloud.stop();
}

const width = Math.max(...figures.map((figure) => figure.name.length));
let missed = 0;
for (const figure of figures) {
  const digits = figure.unit === 'ms' ? 2 : 0;
  const verdict = figure.target ? ` (target ≤ ${figure.target.max.toFixed(digits)}: ${figure.value <= figure.target.max ? 'met' : 'MISSED'})` : '';
  if (figure.target && figure.value > figure.target.max) missed += 1;
  console.log(`${figure.suite.padEnd(12)} ${figure.name.padEnd(width)} ${figure.value.toFixed(digits).padStart(10)} ${figure.unit}${verdict}`);
}
const directory = resolve(import.meta.dirname, '../../bench-report');
mkdirSync(directory, { recursive: true });
writeReport(directory, { startedAt, finishedAt: new Date(), loadAtStart, figures, functions });
console.log(`\n${figures.length} figures, ${missed} targets missed; report in bench-report/report.md (and report.json, chart.svg)`);
