/**
 * Plays the EventBridge schedules: each job runs on its own timer with the classic scheduled-event
 * payload, and can be run on demand (POST /_local/jobs/{name}). A run never overlaps the previous
 * run of the same job.
 */
import type { ScheduledEvent } from 'aws-lambda';
import { randomUUID } from 'node:crypto';

export interface ScheduledJobRuntime {
  name: string;
  everyMinutes: number;
  invoke(event: ScheduledEvent): Promise<unknown>;
}

/** With `timers: false` jobs run only when asked (tests drive them, so no run lands mid-test). */
export function startScheduler(
  jobs: ScheduledJobRuntime[],
  region: string,
  log: (message: string) => void,
  options: { timers: boolean },
) {
  const running = new Map<string, Promise<unknown>>();
  const timers: NodeJS.Timeout[] = [];

  function eventFor(job: ScheduledJobRuntime): ScheduledEvent {
    return {
      version: '0',
      id: randomUUID(),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '000000000000',
      time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region,
      resources: [`arn:aws:events:${region}:000000000000:rule/${job.name}`],
      detail: {},
    };
  }

  function run(job: ScheduledJobRuntime): Promise<unknown> {
    const current = running.get(job.name);
    if (current) return current;
    const execution = job.invoke(eventFor(job)).finally(() => running.delete(job.name));
    running.set(job.name, execution);
    return execution;
  }

  for (const job of options.timers ? jobs : []) {
    const timer = setInterval(() => {
      run(job).catch((error: unknown) => log(`[schedule] ${job.name} failed: ${String(error)}`));
    }, job.everyMinutes * 60_000);
    timer.unref();
    timers.push(timer);
  }

  return {
    jobNames: jobs.map((job) => job.name),
    /** Runs the job now (or joins the run in progress) and resolves with its result. */
    runNow(name: string): Promise<unknown> | undefined {
      const job = jobs.find((candidate) => candidate.name === name);
      return job ? run(job) : undefined;
    },
    async stop() {
      for (const timer of timers) clearInterval(timer);
      await Promise.allSettled([...running.values()]);
    },
  };
}
