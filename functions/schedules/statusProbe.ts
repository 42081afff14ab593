import type { Context, ScheduledEvent } from 'aws-lambda';
import { runStatusProbe } from '../../shared/useCases/statusProbe.ts';

/** Leaves this much of the function's time for start-up slack and the last writes. */
const safetyMarginMs = 15_000;

export const handler = async (_event: ScheduledEvent, context: Context) =>
  runStatusProbe({ budgetMs: context.getRemainingTimeInMillis() - safetyMarginMs });
