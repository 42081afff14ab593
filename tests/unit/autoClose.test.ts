/** The auto-close job over a fake ticket repository: who is closed, races, pages, the time budget. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { StoredTicket } from '../../shared/domain/tickets.ts';

const repository = vi.hoisted(() => ({ listAnsweredBefore: vi.fn(), updateIfUnchanged: vi.fn() }));
vi.mock('../../shared/data/ticketRepository.ts', () => repository);

const { runAutoClose } = await import('../../shared/useCases/autoClose.ts');

const now = new Date('2026-11-28T12:00:00.000Z');
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000).toISOString();

function answeredTicket(number: string, lastActivityAt: string, version = 5): StoredTicket {
  return {
    number,
    subject: 'Subject',
    departmentId: 'support',
    status: 'answered',
    priority: 'medium',
    serviceId: null,
    owner: { kind: 'customer', customerId: 'c-1', name: 'Anna', email: 'anna@example.com' },
    language: 'en',
    cc: [],
    assignee: null,
    createdAt: lastActivityAt,
    updatedAt: lastActivityAt,
    lastActivityAt,
    lastReplyAt: lastActivityAt,
    lastReply: { authorName: 'Marta', role: 'staff', at: lastActivityAt },
    closedAt: null,
    closedBy: null,
    messageCount: 2,
    version,
  };
}

beforeEach(() => {
  repository.listAnsweredBefore.mockReset();
  repository.updateIfUnchanged.mockReset();
});

describe('auto-close', () => {
  it('does nothing at all when switched off (0 hours)', async () => {
    const summary = await runAutoClose({ budgetMs: 60_000, now: () => now, autoCloseHours: 0 });
    expect(summary).toEqual({ enabled: false, cutoff: null, examined: 0, closed: 0, changedMeanwhile: 0, stoppedEarly: false });
    expect(repository.listAnsweredBefore).not.toHaveBeenCalled();
  });

  it('closes answered tickets older than the cutoff as closed by auto-close, each only if unchanged since read', async () => {
    const old = answeredTicket('100001', hoursAgo(73), 7);
    repository.listAnsweredBefore.mockResolvedValueOnce({ items: [old], nextCursor: null });
    repository.updateIfUnchanged.mockResolvedValue(true);

    const summary = await runAutoClose({ budgetMs: 60_000, now: () => now, autoCloseHours: 72 });

    expect(repository.listAnsweredBefore).toHaveBeenCalledWith(hoursAgo(72), expect.any(Number), undefined);
    expect(repository.updateIfUnchanged).toHaveBeenCalledWith(
      expect.objectContaining({ number: '100001', status: 'closed', closedBy: 'auto-close', closedAt: now.toISOString(), version: 8 }),
      7,
    );
    expect(summary).toMatchObject({ enabled: true, cutoff: hoursAgo(72), examined: 1, closed: 1, changedMeanwhile: 0, stoppedEarly: false });
  });

  it('leaves a ticket that changed meanwhile (a customer reply won the race) and counts it', async () => {
    repository.listAnsweredBefore.mockResolvedValueOnce({ items: [answeredTicket('100001', hoursAgo(80)), answeredTicket('100002', hoursAgo(90))], nextCursor: null });
    repository.updateIfUnchanged.mockImplementation(async (ticket: StoredTicket) => ticket.number !== '100002');

    const summary = await runAutoClose({ budgetMs: 60_000, now: () => now, autoCloseHours: 72 });

    expect(summary).toMatchObject({ examined: 2, closed: 1, changedMeanwhile: 1 });
  });

  it('does not trust a lagging index: a ticket read as no longer due or no longer answered is not closed', async () => {
    const recent = answeredTicket('100003', hoursAgo(1));
    const replied = { ...answeredTicket('100004', hoursAgo(100)), status: 'customer_reply' as const };
    repository.listAnsweredBefore.mockResolvedValueOnce({ items: [recent, replied], nextCursor: null });

    const summary = await runAutoClose({ budgetMs: 60_000, now: () => now, autoCloseHours: 72 });

    expect(repository.updateIfUnchanged).not.toHaveBeenCalled();
    expect(summary).toMatchObject({ examined: 2, closed: 0 });
  });

  it('follows the pages to the end', async () => {
    repository.listAnsweredBefore
      .mockResolvedValueOnce({ items: [answeredTicket('1', hoursAgo(100))], nextCursor: 'page-2' })
      .mockResolvedValueOnce({ items: [answeredTicket('2', hoursAgo(99))], nextCursor: null });
    repository.updateIfUnchanged.mockResolvedValue(true);

    const summary = await runAutoClose({ budgetMs: 60_000, now: () => now, autoCloseHours: 72 });

    expect(repository.listAnsweredBefore.mock.calls.map((call) => call[2])).toEqual([undefined, 'page-2']);
    expect(summary).toMatchObject({ closed: 2, stoppedEarly: false });
  });

  it('reads nothing more once its time budget is spent, and says so', async () => {
    const summary = await runAutoClose({ budgetMs: 0, now: () => now, autoCloseHours: 72 });
    expect(repository.listAnsweredBefore).not.toHaveBeenCalled();
    expect(summary).toMatchObject({ enabled: true, closed: 0, stoppedEarly: true });
  });
});
