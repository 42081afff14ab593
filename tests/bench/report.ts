/**
 * The benchmark report: bench-report/report.md (Markdown), report.json (every figure and every
 * function's measurements, runs included) and chart.svg (each function's bundle size and cold
 * start next to its floor). Written by `npm run bench` (tests/bench/run.ts).
 */
import { cpus, loadavg } from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { median, type Figure, type FunctionCost } from './harness.ts';
import { bundleTarget, coldStartTarget } from './suites/functions.ts';

export interface ReportInput {
  startedAt: Date;
  finishedAt: Date;
  /** 1-minute load average when the run started (others' work on the machine shows here). */
  loadAtStart: number;
  figures: Figure[];
  functions: FunctionCost[];
}

const kib = (bytes: number) => bytes / 1024;
const hasClient = (cost: FunctionCost) => cost.clients !== 'none';
const bundleRatio = (cost: FunctionCost) => cost.bundleBytes / cost.floorBundleBytes;
const coldRatio = (cost: FunctionCost) => cost.coldStartMs / cost.floorColdStartMs;
const bundleMet = (cost: FunctionCost) => bundleRatio(cost) <= bundleTarget;
const coldMet = (cost: FunctionCost) => coldRatio(cost) <= coldStartTarget;
/** Start-up alone (the import, before the first request): not a target, it tells a function's weight from its first request's work. */
const initRatio = (cost: FunctionCost) => cost.initMs / cost.floorInitMs;
const verdict = (met: boolean) => (met ? 'met' : '**MISSED**');
const fixed = (value: number, digits = 1) => value.toFixed(digits);
const figureValue = (figure: Figure) => `${figure.value.toFixed(figure.unit === 'ms' || figure.unit === 'KiB' || figure.unit === 's' ? 1 : 0)} ${figure.unit}`;

/** Families in manifest order, each with its functions. */
function byFamily(functions: FunctionCost[]): Map<string, FunctionCost[]> {
  const families = new Map<string, FunctionCost[]>();
  for (const cost of functions) families.set(cost.family, [...(families.get(cost.family) ?? []), cost]);
  return families;
}

const range = (values: number[], digits = 0) => {
  const low = Math.min(...values);
  const high = Math.max(...values);
  return low.toFixed(digits) === high.toFixed(digits) ? low.toFixed(digits) : `${low.toFixed(digits)}–${high.toFixed(digits)}`;
};

/** The per-family summary (also the README's figures table). */
export function familyTable(functions: FunctionCost[]): string {
  const rows = [...byFamily(functions.filter(hasClient))].map(([family, costs]) => {
    const bundleOk = costs.filter(bundleMet).length;
    const coldOk = costs.filter(coldMet).length;
    return (
      `| ${family} | ${costs.length} | ${range(costs.map((cost) => kib(cost.bundleBytes)))} | ${range(costs.map((cost) => kib(cost.floorBundleBytes)))} | ` +
      `${range(costs.map(bundleRatio), 2)} | ${bundleOk}/${costs.length} | ${range(costs.map((cost) => cost.coldStartMs))} | ` +
      `${range(costs.map((cost) => cost.floorColdStartMs))} | ${range(costs.map(coldRatio), 2)} | ${coldOk}/${costs.length} |`
    );
  });
  return [
    `| Family | Functions | Bundle KiB | Floor KiB | × floor | ≤ ${bundleTarget}× | Cold start ms | Floor ms | × floor | ≤ ${coldStartTarget}× |`,
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

function functionRows(functions: FunctionCost[], withBundleTarget: boolean): string[] {
  return functions.map(
    (cost) =>
      `| \`${cost.name}\` | ${cost.family} | ${cost.clients} | ${cost.calls.join(', ') || '—'} | ${fixed(kib(cost.bundleBytes))} | ${fixed(kib(cost.floorBundleBytes), 2)} | ` +
      `${withBundleTarget ? `${fixed(bundleRatio(cost), 2)} | ${verdict(bundleMet(cost))}` : 'n/a | n/a'} | ` +
      `${fixed(cost.coldStartMs)} | ${fixed(cost.floorColdStartMs)} | ${fixed(coldRatio(cost), 2)} | ${verdict(coldMet(cost))} | ` +
      `${fixed(cost.initMs)} | ${fixed(cost.floorInitMs)} | ${fixed(initRatio(cost), 2)} |`,
  );
}

const functionHeader = [
  `| Function | Family | SDK clients | AWS calls of the first request | Bundle KiB | Floor KiB | × floor | ≤ ${bundleTarget}× | Cold start ms | Floor ms | × floor | ≤ ${coldStartTarget}× | Start-up ms | Floor start-up ms | × floor |`,
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
];

/** Functions measured while others' work loaded the machine beyond its cores: their figures are the least certain. */
function busyNote(functions: FunctionCost[]): string[] {
  const cores = cpus().length;
  const busy = functions.filter((cost) => cost.loadAverage > cores);
  if (busy.length === 0) return [];
  return [
    `Measured while the 1-minute load average was above ${cores} (the core count), so other work competed with the runs: ` +
      `${busy.map((cost) => `\`${cost.name}\` (${fixed(cost.loadAverage, 1)})`).join(', ')}. Function and floor alternate, but a burst can ` +
      'still land on one side; rerun to confirm a miss there.',
    '',
  ];
}

export function renderMarkdown(input: ReportInput): string {
  const withClient = input.functions.filter(hasClient);
  const withoutClient = input.functions.filter((cost) => !hasClient(cost));
  const suiteFigures = input.figures.filter((figure) => figure.suite !== 'functions');
  const targeted = suiteFigures.filter((figure) => figure.target);
  const floors = new Map<string, FunctionCost[]>();
  for (const cost of input.functions) floors.set(cost.floor, [...(floors.get(cost.floor) ?? []), cost]);
  const cpu = cpus();

  const lines = [
    '# Benchmark report',
    '',
    `Generated by \`npm run bench\` on ${input.startedAt.toISOString()} (${fixed((input.finishedAt.getTime() - input.startedAt.getTime()) / 60_000)} min), ` +
      `Node ${process.version}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'CPU'}; 1-minute load average ${fixed(input.loadAtStart, 2)} at the start, ` +
      `${fixed(loadavg()[0]!, 2)} at the end (other work on the machine slows function and floor alike: they run in alternation).`,
    '',
    '![Bundle size and cold start of every function next to its floor](chart.svg)',
    '',
    '## Targets',
    '',
    `- Cold start ≤ ${coldStartTarget} × its floor: **${withClient.filter(coldMet).length} of ${withClient.length}** functions with SDK clients met it.`,
    `- Bundle ≤ ${bundleTarget} × its floor: **${withClient.filter(bundleMet).length} of ${withClient.length}** met it.`,
    `- Functions without an SDK client (${withoutClient.length}): cold start ≤ ${coldStartTarget} × an empty module's met by ${withoutClient.filter(coldMet).length}; ` +
      'bundle target not applicable (below).',
    `- Not a target, to tell weight from work: start-up alone (importing the bundle, before the first request) is ≤ ${coldStartTarget} × the floor's ` +
      `for ${withClient.filter((cost) => initRatio(cost) <= coldStartTarget).length} of ${withClient.length} functions with SDK clients ` +
      `(median ${fixed(median(withClient.map(initRatio)), 2)} ×, highest ${fixed(Math.max(...withClient.map(initRatio)), 2)} ×); ` +
      'a function that misses the cold-start target but not this one misses it on its first request\'s calls and CPU.',
    ...targeted.map((figure) => `- ${figure.suite}: ${figure.name} ${figureValue(figure)}, target ≤ ${fixed(figure.target!.max)} ${figure.unit}: ${verdict(figure.value <= figure.target!.max)}`),
    '',
    ...busyNote(input.functions),
    '## Functions by family',
    '',
    familyTable(input.functions),
    '',
    '## Every function with SDK clients',
    '',
    'Cold start: milliseconds from the start of a fresh Node process to the handler\'s answer to its first request (median of ' +
      `${withClient[0]?.coldStartRunsMs.length ?? 0} runs); start-up: from the start of the process to the end of the bundle's import ` +
      '(median of the same runs); bundle: index.mjs.',
    '',
    ...functionHeader,
    ...functionRows(withClient, true),
    '',
    '## Functions without an SDK client',
    '',
    'These functions touch no AWS service, so their floor is a module that exports a handler and nothing else: its bundle is a ' +
      'few hundred bytes and its cold start is the start of Node itself. The bundle target (1.15 × a few hundred bytes) cannot be ' +
      "met by any code at all and is not applied: their size is reported as it is. The cold-start target still applies and means: the function's " +
      `own code (schemas, routing, the handler wrapper) may add at most ${Math.round((coldStartTarget - 1) * 100)} % to a bare Node start.`,
    '',
    ...functionHeader,
    ...functionRows(withoutClient, false),
    '',
    '## Floors',
    '',
    'Each floor is generated into `bench-report/floors/` and bundled like a function. It creates the clients the function\'s manifest ' +
      'access requires (as the shared modules configure them), bundles the presigning modules the function bundles, replays the first ' +
      "AWS call the function made on its first request (recorded on the wire) and, when the function's answer carried a presigned " +
      'form or link, signs one.',
    '',
    '| Floor | Bundle KiB | Cold start ms (median over its runs) | Held against |',
    '|---|---|---|---|',
    ...[...floors].map(([floor, costs]) => {
      const runs = costs.flatMap((cost) => cost.floorColdStartRunsMs).sort((a, b) => a - b);
      return `| [\`${floor}\`](floors/${floor}.mjs) | ${fixed(kib(costs[0]!.floorBundleBytes), 2)} | ${fixed(runs[Math.floor(runs.length / 2)] ?? 0)} | ${costs.map((cost) => `\`${cost.name}\``).join(', ')} |`;
    }),
    '',
    '## First requests',
    '',
    '| Function | Request or event |',
    '|---|---|',
    ...input.functions.map((cost) => `| \`${cost.name}\` | ${cost.request} |`),
    '',
    '## Other benchmarks',
    '',
  ];
  for (const suite of [...new Set(suiteFigures.map((figure) => figure.suite))]) {
    lines.push(`### ${suite}`, '', '| Figure | Value | Target |', '|---|---|---|');
    for (const figure of suiteFigures.filter((candidate) => candidate.suite === suite)) {
      const target = figure.target ? `≤ ${fixed(figure.target.max)} ${figure.unit}: ${verdict(figure.value <= figure.target.max)}` : '';
      lines.push(`| ${figure.name} | ${figureValue(figure)} | ${target} |`);
    }
    lines.push('');
  }
  lines.push(
    '## How the functions are measured',
    '',
    '- **Bundle**: esbuild with the options the CDK stack uses (`infra/constructs/lambdaBundling.ts`: minified ESM for node24, ' +
      'linked source map without sources, `mainFields` module/main, the createRequire banner, AWS SDK bundled); ' +
      '`tests/infra/lambdaBundling.test.ts` proves the code is byte for byte what `cdk synth` packages.',
    '- **Cold start**: `process.execPath` (Node 24) runs `tests/bench/functionCosts/lambdaRunner.mjs` with the environment the local ' +
      'cloud gives its functions plus `NODE_OPTIONS=--enable-source-maps` (as deployed), its AWS endpoints pointing straight at the ' +
      'emulators (not through the local cloud\'s fault-injection proxies): it imports the bundle, hands the handler one ' +
      'event and notes `performance.now()` (time since the process started) when the answer is back. The request is real: an API ' +
      'Gateway payload v2 event built by the local gateway\'s own builder (claims from the authorizer on protected routes, the bearer ' +
      'token on public and customer-or-guest routes, which verify it themselves), or the stream record, S3 notification or ' +
      'scheduled event the function receives, against this run\'s local cloud; the answer must be the success the manifest declares.',
    '- **Floor**: see above. Function and floor runs alternate (and swap order every run), so load on the machine weighs on both; ' +
      'the medians are compared.',
    '- What the local cloud cannot show: Lambda\'s own init (sandbox, runtime) and network to real AWS endpoints add the same to ' +
      'function and floor, so ratios here are, if anything, stricter than in AWS.',
    '',
  );
  return lines.join('\n');
}

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** Horizontal bars: per function its bundle and its cold start (colour: target met or not), its floor in grey, the target as a tick. */
export function renderChart(functions: FunctionCost[]): string {
  const rowHeight = 16;
  const labelWidth = 200;
  const panelWidth = 380;
  const gap = 70;
  const top = 70;
  const ordered = [...functions.filter(hasClient), ...functions.filter((cost) => !hasClient(cost))];
  const height = top + ordered.length * rowHeight + 40;
  const width = labelWidth + 2 * panelWidth + gap + 30;
  const niceMax = (value: number) => {
    const magnitude = 10 ** Math.floor(Math.log10(value));
    return Math.ceil(value / magnitude) * magnitude;
  };
  const bundleMax = niceMax(Math.max(...ordered.map((cost) => kib(cost.bundleBytes) * 1.0), ...ordered.map((cost) => (kib(cost.floorBundleBytes) * bundleTarget))));
  const coldMax = niceMax(Math.max(...ordered.map((cost) => Math.max(cost.coldStartMs, cost.floorColdStartMs * coldStartTarget))));
  const panels = [
    { x: labelWidth, title: `Bundle (KiB), target ≤ ${bundleTarget} × floor`, max: bundleMax, value: (cost: FunctionCost) => kib(cost.bundleBytes), floor: (cost: FunctionCost) => kib(cost.floorBundleBytes), target: bundleTarget, met: bundleMet },
    { x: labelWidth + panelWidth + gap, title: `Cold start (ms, median), target ≤ ${coldStartTarget} × floor`, max: coldMax, value: (cost: FunctionCost) => cost.coldStartMs, floor: (cost: FunctionCost) => cost.floorColdStartMs, target: coldStartTarget, met: coldMet },
  ];
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="10" y="20" font-size="15" font-weight="bold">Every function next to its floor (grey); bar green when the target is met, red when missed; tick = target</text>`,
  ];
  for (const panel of panels) {
    parts.push(`<text x="${panel.x}" y="${top - 28}" font-weight="bold">${escapeXml(panel.title)}</text>`);
    for (let step = 0; step <= 4; step += 1) {
      const x = panel.x + (panelWidth * step) / 4;
      parts.push(
        `<line x1="${x}" y1="${top - 8}" x2="${x}" y2="${top + ordered.length * rowHeight}" stroke="#dddddd"/>`,
        `<text x="${x}" y="${top - 12}" text-anchor="middle" fill="#555555">${fixed((panel.max * step) / 4, 0)}</text>`,
      );
    }
  }
  for (const [index, cost] of ordered.entries()) {
    const y = top + index * rowHeight;
    const label = `${cost.name}${hasClient(cost) ? '' : ' (no SDK client)'}`;
    parts.push(`<text x="${labelWidth - 6}" y="${y + 11}" text-anchor="end">${escapeXml(label)}</text>`);
    for (const panel of panels) {
      const scale = (value: number) => Math.min(panelWidth, (value / panel.max) * panelWidth);
      const applies = hasClient(cost) || panel.target === coldStartTarget;
      const colour = !applies ? '#4a78c2' : panel.met(cost) ? '#3b9b4a' : '#d0433a';
      parts.push(
        `<rect x="${panel.x}" y="${y + 1}" width="${fixed(scale(panel.floor(cost)))}" height="${rowHeight - 2}" fill="#c8c8c8"/>`,
        `<rect x="${panel.x}" y="${y + 4}" width="${fixed(scale(panel.value(cost)))}" height="${rowHeight - 8}" fill="${colour}"/>`,
      );
      if (applies) {
        const x = panel.x + scale(panel.floor(cost) * panel.target);
        parts.push(`<line x1="${fixed(x)}" y1="${y}" x2="${fixed(x)}" y2="${y + rowHeight}" stroke="#000000" stroke-width="1.5"/>`);
      }
    }
  }
  parts.push('</svg>', '');
  return parts.join('\n');
}

export function writeReport(directory: string, input: ReportInput): void {
  const cpu = cpus();
  writeFileSync(
    join(directory, 'report.json'),
    JSON.stringify(
      {
        startedAt: input.startedAt.toISOString(),
        finishedAt: input.finishedAt.toISOString(),
        machine: { node: process.version, cpus: cpu.length, cpuModel: cpu[0]?.model.trim(), loadAtStart: input.loadAtStart, loadAtEnd: loadavg()[0] },
        targets: { coldStartTimesFloor: coldStartTarget, bundleTimesFloor: bundleTarget },
        functions: input.functions,
        figures: input.figures,
      },
      null,
      2,
    ),
  );
  writeFileSync(join(directory, 'report.md'), renderMarkdown(input));
  writeFileSync(join(directory, 'chart.svg'), renderChart(input.functions));
}
