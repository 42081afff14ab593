/**
 * Sends one e-mail through SES (the SES emulator locally). Structured SendEmail, never raw MIME:
 * SES builds the headers; the sender is fixed by configuration and each e-mail has exactly one
 * recipient, so nothing a customer types can add a header, a sender or another recipient.
 */
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { config } from '../config.ts';
import { singleLine, type RenderedEmail } from './ticketEmails.ts';

/**
 * Bounded so that a send always ends (accepted or failed) well within the claim lease of
 * shared/data/emailLogRepository.ts: at most 3 attempts of 2 s to connect and 5 s to answer.
 */
const ses = new SESClient({
  ...(config.endpoints.ses ? { endpoint: config.endpoints.ses } : {}),
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000 },
});

/** The longest a send may take, retries included (see the client settings above). */
export const MAX_SEND_MS = 3 * (2_000 + 5_000) + 2_000;

/** A bare address: no display name, no list, no line break. */
const deliverableAddress = /^[^\s@<>,;:"()\\[\]]+@[^\s@<>,;:"()\\[\]]+$/;

export const isDeliverableAddress = (address: string) => deliverableAddress.test(address);

export async function sendEmail(to: string, email: RenderedEmail): Promise<{ messageId: string }> {
  if (!isDeliverableAddress(to)) throw new Error('Not a deliverable e-mail address');
  const result = await ses.send(
    new SendEmailCommand({
      Source: config.mailFrom,
      Destination: { ToAddresses: [to] },
      Message: {
        Subject: { Data: singleLine(email.subject), Charset: 'UTF-8' },
        Body: { Text: { Data: email.text, Charset: 'UTF-8' }, Html: { Data: email.html, Charset: 'UTF-8' } },
      },
    }),
  );
  return { messageId: result.MessageId ?? '' };
}
