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

export interface BenchContext {
  cloud: LocalCloud;
  record(figure: Omit<Figure, 'suite'>): void;
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
