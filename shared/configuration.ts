/**
 * What the functions' environment must hold, and reading it (`loadConfig`). The instance every
 * function uses is shared/config.ts; this module has no side effects, so the CDK app checks
 * deployment settings against the same schema at synth.
 *
 * Resource names are optional in the schema because each function is bound only to the resources
 * its manifest entry declares; asking for an unbound one is a deployment bug and throws.
 */
import { ENV } from './environmentNames.ts';
import type { Environment } from './environmentSchema.ts';
import { environmentValidator } from './compiled/configuration.ts';
import { safeParse } from './validation/runtime.ts';

export { ENV };

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(environment: Record<string, string | undefined>) {
  const parsed = safeParse(environmentValidator, environment);
  if (!parsed.success) {
    const problems = parsed.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  // The compiled validator checks exactly what environmentSchema declares (tests/unit/compiledValidators.test.ts).
  const env = parsed.data as Environment;
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

