import { afterEach, describe, expect, it, vi } from 'vitest';
import { startScheduler } from '../../infra/local/scheduler.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('local schedules', () => {
  it('runs each job every `everyMinutes` with the scheduled-event payload', async () => {
    vi.useFakeTimers();
    const events: Array<{ 'detail-type': string; source: string }> = [];
    const scheduler = startScheduler(
      [{ name: 'tick', everyMinutes: 2, invoke: async (event) => void events.push(event) }],
      'eu-central-1',
      () => undefined,
      { timers: true },
    );
    await vi.advanceTimersByTimeAsync(119_000);
    expect(events).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(events).toEqual([expect.objectContaining({ 'detail-type': 'Scheduled Event', source: 'aws.events' })]);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(events).toHaveLength(2);
    await scheduler.stop();
  });

  it('without timers runs a job only on demand, and never two runs of one job at once', async () => {
    vi.useFakeTimers();
    let runs = 0;
    let finish: () => void = () => undefined;
    const scheduler = startScheduler(
      [{ name: 'slow', everyMinutes: 1, invoke: () => new Promise<void>((resolve) => ((runs += 1), (finish = resolve))) }],
      'eu-central-1',
      () => undefined,
      { timers: false },
    );
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(runs).toBe(0);
    const first = scheduler.runNow('slow');
    const joined = scheduler.runNow('slow');
    expect(runs).toBe(1);
    finish();
    await Promise.all([first, joined]);
    expect(scheduler.runNow('missing')).toBeUndefined();
    await scheduler.stop();
  });
});
