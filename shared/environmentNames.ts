/**
 * Environment variable names, shared by shared/config.ts (which reads them) and by the CDK stack
 * and the local cloud (which set them). Importing this module has no side effects, unlike config.
 */
export const ENV = {
  tableName: 'TABLE_NAME',
  attachmentsBucket: 'ATTACHMENTS_BUCKET',
  downloadsBucket: 'DOWNLOADS_BUCKET',
  mailFrom: 'MAIL_FROM',
  portalUrl: 'PORTAL_URL',
  jwtIssuer: 'JWT_ISSUER',
  jwtAudience: 'JWT_AUDIENCE',
  jwksUrl: 'JWKS_URL',
  dynamodbEndpoint: 'DYNAMODB_ENDPOINT',
  s3Endpoint: 'S3_ENDPOINT',
  sesEndpoint: 'SES_ENDPOINT',
  logLevel: 'LOG_LEVEL',
  statusAllowLoopback: 'STATUS_ALLOW_LOOPBACK',
  statusHistoryDays: 'STATUS_HISTORY_DAYS',
  ticketNumberMask: 'TICKET_NUMBER_MASK',
  autoCloseHours: 'AUTO_CLOSE_HOURS',
  guestAccessDays: 'GUEST_ACCESS_DAYS',
  openTicketLimitCustomer: 'OPEN_TICKET_LIMIT_PER_CUSTOMER_HOUR',
  openTicketLimitGuest: 'OPEN_TICKET_LIMIT_PER_GUEST_IP_HOUR',
  attachmentMaxMb: 'ATTACHMENT_MAX_MB',
  attachmentTypes: 'ATTACHMENT_TYPES',
  attachmentsPerMessage: 'ATTACHMENTS_PER_MESSAGE',
  uploadsPerHour: 'UPLOADS_PER_HOUR',
  downloadMaxMb: 'DOWNLOAD_MAX_MB',
} as const;
