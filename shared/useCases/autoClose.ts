/**
 * The auto-close job: closes tickets that have been `answered` with no customer reply for
 * `config.tickets.autoCloseHours` (0 disables it). Each close is conditional on the ticket being
 * exactly as read, so a reply (or a staff edit) racing the job wins and the ticket stays open.
 * The customer is told by the stream consumer (shared/useCases/ticketNotifications.ts), which sees
 * the ticket change to closed by `auto-close`; the job itself sends nothing. A run stops reading
 * when its time budget is spent; the tickets it did not reach are closed by the next run.
 */
import { config } from '../config.ts';
import * as ticketRepository from '../data/ticketRepository.ts';
import { closeTicket, isDueForAutoClose } from '../domain/tickets.ts';
import { logger } from '../logger.ts';

export interface AutoCloseSummary {
  enabled: boolean;
  /** Tickets answered before this time (ISO) were due; null when disabled. */
  cutoff: string | null;
  examined: number;
  closed: number;
  /** Changed between the read and the close (a reply won the race); left as they are. */
  changedMeanwhile: number;
  /** The budget ran out before every due ticket was read: the next run continues. */
  stoppedEarly: boolean;
}

export interface AutoCloseOptions {
  /** Milliseconds the run may take (the function's remaining time minus a safety margin). */
  budgetMs: number;
  now?: () => Date;
  autoCloseHours?: number;
}

/** Tickets read, and closed concurrently, per step; small enough for a step to fit in any sane budget. */
const PAGE_SIZE = 25;

export async function runAutoClose(options: AutoCloseOptions): Promise<AutoCloseSummary> {
  const clock = options.now ?? (() => new Date());
  const hours = options.autoCloseHours ?? config.tickets.autoCloseHours;
  const summary: AutoCloseSummary = { enabled: hours > 0, cutoff: null, examined: 0, closed: 0, changedMeanwhile: 0, stoppedEarly: false };
  if (!summary.enabled) return summary;

  const startedAt = performance.now();
  const cutoff = new Date(clock().getTime() - hours * 3_600_000);
  summary.cutoff = cutoff.toISOString();
  let cursor: string | undefined;
  do {
    if (performance.now() - startedAt >= options.budgetMs) {
      summary.stoppedEarly = true;
      break;
    }
    const page = await ticketRepository.listAnsweredBefore(summary.cutoff, PAGE_SIZE, cursor);
    summary.examined += page.items.length;
    // The index is eventually consistent: each ticket is judged again as read, and the close is
    // conditional on its version anyway.
    const due = page.items.filter((ticket) => isDueForAutoClose(ticket, cutoff));
    const results = await Promise.all(
      due.map((ticket) => ticketRepository.updateIfUnchanged(closeTicket(ticket, 'auto-close', clock()), ticket.version)),
    );
    for (const closed of results) {
      if (closed) summary.closed += 1;
      else summary.changedMeanwhile += 1;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);

  if (summary.closed > 0 || summary.stoppedEarly) logger.info('Auto-close run', { ...summary });
  return summary;
}
