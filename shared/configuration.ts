/**
 * What the functions' environment must hold, and reading it (`loadConfig`). The instance every
 * function uses is shared/config.ts; this module has no side effects, so the CDK app checks
 * deployment settings against the same schema at synth.
 *
 * Resource names are optional in the schema because each function is bound only to the resources
 * its manifest entry declares; asking for an unbound one is a deployment bug and throws.
 */
import { ENV } from './environmentNames.ts';
import * as z from './schemas/zod.ts';
import { ticketNumberMaskProblem } from './domain/ticketNumbers.ts';
import { knownAttachmentTypes } from './domain/attachments.ts';

export { ENV };

const optionalText = z.optional(z.string().check(z.minLength(1)));
const optionalUrl = z.optional(z.url());

/** A whole number from the environment, within bounds. */
const wholeNumber = (min: number, max: number, fallback: number) =>
  z._default(
    z.pipe(z.string().check(z.regex(/^\d{1,6}$/)), z.pipe(z.transform(Number), z.int().check(z.gte(min), z.lte(max)))),
    fallback,
  );

const environmentSchema = z.object({
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
      z.refine((mask) => ticketNumberMaskProblem(mask) === null, 'Use %n, %A, %y, %m, %d, letters, digits and hyphens, with at least 4 random places and at most 32 characters'),
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
        z.transform((list: string) => list.split(',').map((type) => type.trim().toLowerCase()).filter(Boolean)),
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

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(environment: Record<string, string | undefined>) {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const env = parsed.data;
  const required = (name: string, value: string | undefined): string => {
    if (value === undefined) throw new ConfigError(`${name} is not set: this function is not bound to that resource`);
    return value;
  };
  return {
    get tableName() {
      return required(ENV.tableName, env.TABLE_NAME);
    },
    get attachmentsBucket() {
      return required(ENV.attachmentsBucket, env.ATTACHMENTS_BUCKET);
    },
    get downloadsBucket() {
      return required(ENV.downloadsBucket, env.DOWNLOADS_BUCKET);
    },
    get mailFrom() {
      return required(ENV.mailFrom, env.MAIL_FROM);
    },
    /** Present only when the function verifies optional bearer tokens itself (public routes). */
    get jwt() {
      return {
        issuer: required(ENV.jwtIssuer, env.JWT_ISSUER),
        audience: required(ENV.jwtAudience, env.JWT_AUDIENCE),
        jwksUrl: required(ENV.jwksUrl, env.JWKS_URL),
      };
    },
    portalUrl: env.PORTAL_URL,
    logLevel: env.LOG_LEVEL as LogLevel,
    status: {
      allowLoopback: env.STATUS_ALLOW_LOOPBACK === 'true',
      historyDays: env.STATUS_HISTORY_DAYS,
    },
    tickets: {
      numberMask: env.TICKET_NUMBER_MASK,
      autoCloseHours: env.AUTO_CLOSE_HOURS,
      guestAccessDays: env.GUEST_ACCESS_DAYS,
      openLimitPerCustomerHour: env.OPEN_TICKET_LIMIT_PER_CUSTOMER_HOUR,
      openLimitPerGuestIpHour: env.OPEN_TICKET_LIMIT_PER_GUEST_IP_HOUR,
    },
    attachments: {
      maxBytes: env.ATTACHMENT_MAX_MB * 1024 * 1024,
      allowedTypes: env.ATTACHMENT_TYPES as readonly string[],
      maxPerMessage: env.ATTACHMENTS_PER_MESSAGE,
      uploadsPerHour: env.UPLOADS_PER_HOUR,
    },
    downloads: {
      maxBytes: env.DOWNLOAD_MAX_MB * 1024 * 1024,
    },
    endpoints: {
      dynamodb: env.DYNAMODB_ENDPOINT,
      s3: env.S3_ENDPOINT,
      ses: env.SES_ENDPOINT,
    },
  };
}

export type Config = ReturnType<typeof loadConfig>;

