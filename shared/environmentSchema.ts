/**
 * What the functions' environment must hold: the zod schema, the single source of the check that
 * shared/configuration.ts runs at every cold start (through its compiled form,
 * shared/compiled/configuration.ts) and the CDK app runs on deployment settings.
 */
import { ENV } from './environmentNames.ts';
import * as z from './schemas/zod.ts';
import { knownAttachmentTypes } from './domain/attachments.ts';
import { attachmentTypeList, isTicketNumberMask } from './validation/rules.ts';

const optionalText = z.optional(z.string().check(z.minLength(1)));
const optionalUrl = z.optional(z.url());

/** A whole number from the environment, within bounds. */
const wholeNumber = (min: number, max: number, fallback: number) =>
  z._default(
    z.pipe(z.string().check(z.regex(/^\d{1,6}$/)), z.pipe(z.transform(Number), z.int().check(z.gte(min), z.lte(max)))),
    fallback,
  );

export const environmentSchema = z.object({
  [ENV.tableName]: optionalText,
  [ENV.attachmentsBucket]: optionalText,
  [ENV.downloadsBucket]: optionalText,
  [ENV.mailFrom]: optionalText,
  [ENV.portalUrl]: z._default(z.url(), 'http://localhost:5173'),
  [ENV.jwtIssuer]: optionalText,
  [ENV.jwtAudience]: optionalText,
  [ENV.jwksUrl]: optionalUrl,
  [ENV.dynamodbEndpoint]: optionalUrl,
  [ENV.s3Endpoint]: optionalUrl,
  [ENV.sesEndpoint]: optionalUrl,
  [ENV.logLevel]: z._default(z.enum(['debug', 'info', 'warn', 'error']), 'info'),
  /** Status checks may target loopback addresses (the local cloud probes its own test servers). */
  [ENV.statusAllowLoopback]: z._default(z.enum(['true', 'false']), 'false'),
  /** How long each status check result is kept (TTL). */
  [ENV.statusHistoryDays]: wholeNumber(1, 3650, 90),
  /** See shared/domain/ticketNumbers.ts: `%n` a random digit, `%A` a random letter, `%y` `%m` `%d` the date. */
  [ENV.ticketNumberMask]: z._default(
    z.string().check(
      z.refine(isTicketNumberMask, 'Use %n, %A, %y, %m, %d, letters, digits and hyphens, with at least 4 random places and at most 32 characters'),
    ),
    '%n%n%n%n%n%n',
  ),
  /** Answered tickets with no customer reply for this long are closed; 0 disables auto-close. */
  [ENV.autoCloseHours]: wholeNumber(0, 8760, 72),
  /** A guest's access keys stop working this many days after the ticket was closed. */
  [ENV.guestAccessDays]: wholeNumber(1, 3650, 30),
  [ENV.openTicketLimitCustomer]: wholeNumber(1, 100_000, 20),
  [ENV.openTicketLimitGuest]: wholeNumber(1, 100_000, 10),
  /** Largest attachment, in MiB (10 MiB = 10,485,760 bytes). */
  [ENV.attachmentMaxMb]: wholeNumber(1, 100, 10),
  /** Comma-separated attachment types, each one of shared/domain/attachments.ts (which renders none as active content). */
  [ENV.attachmentTypes]: z._default(
    z.pipe(
      z.string(),
      z.pipe(
        z.transform(attachmentTypeList),
        z.array(z.enum(knownAttachmentTypes as [string, ...string[]])).check(z.minLength(1)),
      ),
    ),
    [...knownAttachmentTypes],
  ),
  /** The ticket schemas accept at most 10 attachment ids; this may only lower that. */
  [ENV.attachmentsPerMessage]: wholeNumber(1, 10, 10),
  /** Upload links one signed-in user (or one guest address) may create per hour. */
  [ENV.uploadsPerHour]: wholeNumber(1, 100_000, 60),
  /** Largest file in the Downloads section, in MiB (a presigned POST allows up to 5 GiB). */
  [ENV.downloadMaxMb]: wholeNumber(1, 5120, 2048),
});

export type Environment = z.output<typeof environmentSchema>;
