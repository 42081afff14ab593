/** Small helpers the benchmark suites share: latency percentiles over sequential requests. */
import type { LocalCloud } from '../../infra/local/localCloud.ts';

export interface Figure {
  suite: string;
  name: string;
  value: number;
  unit: string;
  /** The target this figure is held to, when there is one. */
  target?: { max: number };
}

/** One function's bundle size and cold start next to its floor (tests/bench/suites/functions.ts). */
export interface FunctionCost {
  /** Route id, or the consumer's or job's name. */
  name: string;
  kind: 'route' | 'stream consumer' | 'bucket consumer' | 'scheduled job';
  /** Route tag or consumer kind: the rows of the README's figures table. */
  family: string;
  handler: string;
  /** What the first request was. */
  request: string;
  /** The SDK clients the function creates (from its manifest access), e.g. `DynamoDB + S3 (presigned POST)`; `none`. */
  clients: string;
  /** The AWS calls its first request made, in order (`DynamoDB GetItem`…); the floor repeats the first. */
  calls: string[];
  /** Floor module the function is held to (bench-report/floors/<floor>.mjs). */
  floor: string;
  bundleBytes: number;
  floorBundleBytes: number;
  /** Medians over the timed runs, milliseconds from process start. */
  initMs: number;
  coldStartMs: number;
  floorInitMs: number;
  floorColdStartMs: number;
  /** Every timed run, for the JSON report. */
  coldStartRunsMs: number[];
  floorColdStartRunsMs: number[];
  /** The machine's 1-minute load average when the runs ended: above its core count, others' work weighed on them. */
  loadAverage: number;
}

export interface BenchContext {
  cloud: LocalCloud;
  record(figure: Omit<Figure, 'suite'>): void;
  recordFunction(cost: FunctionCost): void;
}

export interface BenchSuite {
  name: string;
  run(context: BenchContext): Promise<void>;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

/** The median of unsorted values. */
export const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);

/** Times `count` sequential calls after `warmup` untimed ones; returns sorted milliseconds. */
export async function timeRequests(count: number, warmup: number, call: () => Promise<Response>): Promise<number[]> {
  for (let i = 0; i < warmup; i += 1) await (await call()).arrayBuffer();
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    const response = await call();
    await response.arrayBuffer();
    if (response.status >= 500) throw new Error(`benchmark request failed with ${response.status}`);
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b);
}
