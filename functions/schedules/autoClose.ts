import type { Context, ScheduledEvent } from 'aws-lambda';
import { runAutoClose } from '../../shared/useCases/autoClose.ts';

/** Leaves this much of the function's time for start-up slack and the last page's writes. */
const safetyMarginMs = 10_000;

export const handler = async (_event: ScheduledEvent, context: Context) =>
  runAutoClose({ budgetMs: context.getRemainingTimeInMillis() - safetyMarginMs });
