/**
 * Deployment settings, read from CDK context (`cdk synth -c key=value` or cdk.json) and checked
 * before anything is built, so a typo fails the synth with a message instead of a broken deploy.
 */
import type { Construct } from 'constructs';
import { ENV } from '../shared/environmentNames.ts';
import { ConfigError, loadConfig } from '../shared/configuration.ts';

/** An OIDC issuer run elsewhere (e.g. the hosting panel's); when set, no Cognito user pool is created. */
export interface ExternalIssuer {
  issuer: string;
  audience: string;
  jwksUrl: string;
}

export interface SupportSettings {
  /** Deployment name (dev, prod, …): part of the stack name, so stages can live in one account. */
  stage: string;
  /** SES sender identity the functions may send from, e.g. support@example.com. */
  mailFrom: string;
  /** Where the customer portal runs; links in e-mails point there. */
  portalUrl: string;
  /** Browser origins allowed by CORS on the API and the buckets. */
  allowedOrigins: string[];
  externalIssuer?: ExternalIssuer;
  /** Ticket and attachment settings given in context, as the environment variables the functions read. */
  functionEnvironment?: Record<string, string>;
}

/** Context keys that set the functions' behaviour, and the environment variable each becomes. */
const functionSettingsContext: Array<{ key: string; env: string }> = [
  { key: 'ticketNumberMask', env: ENV.ticketNumberMask },
  { key: 'autoCloseHours', env: ENV.autoCloseHours },
  { key: 'guestAccessDays', env: ENV.guestAccessDays },
  { key: 'openTicketLimitPerCustomerHour', env: ENV.openTicketLimitCustomer },
  { key: 'openTicketLimitPerGuestIpHour', env: ENV.openTicketLimitGuest },
  { key: 'attachmentMaxMb', env: ENV.attachmentMaxMb },
  { key: 'attachmentTypes', env: ENV.attachmentTypes },
  { key: 'attachmentsPerMessage', env: ENV.attachmentsPerMessage },
  { key: 'uploadsPerHour', env: ENV.uploadsPerHour },
  { key: 'downloadMaxMb', env: ENV.downloadMaxMb },
];

export const defaultSettings = {
  stage: 'dev',
  mailFrom: 'support@example.com',
  portalUrl: 'http://localhost:5173',
  allowedOrigins: 'http://localhost:5173',
} as const;

export class SettingsError extends Error {
  override name = 'SettingsError';
}

const emailPattern = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const stagePattern = /^[a-z][a-z0-9-]{0,19}$/;

function httpUrl(key: string, value: string, { httpsOnly }: { httpsOnly: boolean }): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SettingsError(`context ${key}: "${value}" is not a URL`);
  }
  const allowed = httpsOnly ? ['https:'] : ['https:', 'http:'];
  if (!allowed.includes(url.protocol)) {
    throw new SettingsError(`context ${key}: "${value}" must use ${allowed.join(' or ')}`);
  }
  return url;
}

function origin(value: string): string {
  // A CORS origin is scheme://host[:port], nothing else. '*' is refused on purpose: only the known
  // frontends should drive the API and the buckets from a browser.
  const url = httpUrl('allowedOrigins', value, { httpsOnly: false });
  if (url.origin !== value) {
    throw new SettingsError(`context allowedOrigins: "${value}" is not an origin (expected ${url.origin})`);
  }
  return value;
}

export function readSettings(scope: Construct): SupportSettings {
  const text = (key: string): string | undefined => {
    const value: unknown = scope.node.tryGetContext(key);
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') throw new SettingsError(`context ${key} must be a string`);
    return value.trim();
  };

  const stage = text('stage') ?? defaultSettings.stage;
  if (!stagePattern.test(stage)) {
    throw new SettingsError(`context stage: "${stage}" must be lowercase letters, digits and dashes (max 20)`);
  }

  const mailFrom = text('mailFrom') ?? defaultSettings.mailFrom;
  if (!emailPattern.test(mailFrom)) {
    throw new SettingsError(`context mailFrom: "${mailFrom}" must be a bare e-mail address (the SES identity)`);
  }

  const portalUrl = text('portalUrl') ?? defaultSettings.portalUrl;
  httpUrl('portalUrl', portalUrl, { httpsOnly: false });

  const allowedOrigins = (text('allowedOrigins') ?? defaultSettings.allowedOrigins)
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map(origin);
  if (allowedOrigins.length === 0) throw new SettingsError('context allowedOrigins: at least one origin is needed');

  const issuer = text('issuer');
  const audience = text('audience');
  if ((issuer === undefined) !== (audience === undefined)) {
    throw new SettingsError('context issuer and audience go together: set both for an external issuer, or neither for Cognito');
  }
  let externalIssuer: ExternalIssuer | undefined;
  if (issuer !== undefined && audience !== undefined) {
    httpUrl('issuer', issuer, { httpsOnly: true });
    // OIDC providers publish keys at different paths (Keycloak, Okta…): jwksUrl overrides the usual one.
    const jwksUrl = text('jwksUrl') ?? `${issuer.replace(/\/+$/, '')}/.well-known/jwks.json`;
    httpUrl('jwksUrl', jwksUrl, { httpsOnly: true });
    externalIssuer = { issuer, audience, jwksUrl };
  }

  // Checked against the functions' own configuration schema: a value they would refuse at
  // start-up fails the synth instead, named by its context key.
  const functionEnvironment: Record<string, string> = {};
  for (const { key, env } of functionSettingsContext) {
    const value = text(key);
    if (value !== undefined) functionEnvironment[env] = value;
  }
  try {
    loadConfig(functionEnvironment);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    let message = error.message.replace(/^Invalid configuration: /, '');
    for (const { key, env } of functionSettingsContext) {
      message = message.replace(new RegExp(`\\b${env}(\\.\\d+)?:`, 'g'), `context ${key}:`);
    }
    throw new SettingsError(message);
  }

  return {
    stage,
    mailFrom,
    portalUrl,
    allowedOrigins,
    ...(externalIssuer ? { externalIssuer } : {}),
    ...(Object.keys(functionEnvironment).length > 0 ? { functionEnvironment } : {}),
  };
}
