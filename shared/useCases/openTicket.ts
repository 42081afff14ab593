/**
 * Opening a ticket, signed in or as a guest. The ticket, its first message, the number's
 * reservation, the idempotency record, the rate-limit count and the attachment claims are one
 * transaction: a request either does all of it or none of it.
 */
import { randomInt } from 'node:crypto';
import { config } from '../config.ts';
import * as customerServiceRepository from '../data/customerServiceRepository.ts';
import * as departmentRepository from '../data/departmentRepository.ts';
import * as idempotencyRepository from '../data/idempotencyRepository.ts';
import { IdempotencyRecordExists } from '../data/idempotencyRepository.ts';
import * as rateLimitRepository from '../data/rateLimitRepository.ts';
import type { RateLimit } from '../data/rateLimitRepository.ts';
import * as ticketRepository from '../data/ticketRepository.ts';
import { TicketNumberTaken } from '../data/ticketRepository.ts';
import type { Caller } from '../domain/callers.ts';
import { idempotencyRecordId, openSealedSecret, requestFingerprint, sealSecret } from '../domain/idempotency.ts';
import { generateTicketNumber } from '../domain/ticketNumbers.ts';
import { hashAccessKey, newAccessKey, showTicket, type StoredMessage, type StoredTicket, type TicketOwner } from '../domain/tickets.ts';
import { conflict, validationFailed } from '../errors.ts';
import { logger } from '../logger.ts';
import type { Language } from '../schemas/common.ts';
import type { OpenTicketInput } from '../schemas/tickets.ts';
import { claimAttachments } from './attachments.ts';
import { uploadOwnerOf } from '../domain/attachments.ts';
import { newMessageId } from './ticketMessages.ts';

export interface OpenTicketContext {
  language: Language;
  idempotencyKey: string | undefined;
  sourceIp: string;
  now?: Date;
}

export interface OpenedTicket {
  view: ReturnType<typeof showTicket> & { accessKey?: string };
  replayed: boolean;
}

/** Numbers drawn before giving up: with a 6-digit mask even a million tickets rarely need a second draw. */
const NUMBER_ATTEMPTS = 8;

function ownerOf(caller: Caller, input: OpenTicketInput): TicketOwner {
  if (caller.kind === 'user') {
    const fromToken = [
      ...(input.name !== undefined ? [{ path: 'body.name', message: 'Comes from your account' }] : []),
      ...(input.email !== undefined ? [{ path: 'body.email', message: 'Comes from your account' }] : []),
    ];
    if (fromToken.length > 0) throw validationFailed('Signed-in customers cannot set the name or e-mail of a ticket', fromToken);
    if (caller.email === null) {
      throw validationFailed('Your account has no e-mail address to send replies to', [{ path: 'token.email', message: 'Missing' }]);
    }
    return { kind: 'customer', customerId: caller.id, name: caller.name ?? caller.email, email: caller.email };
  }
  const missing = [
    ...(input.name === undefined ? [{ path: 'body.name', message: 'Required for guests' }] : []),
    ...(input.email === undefined ? [{ path: 'body.email', message: 'Required for guests' }] : []),
  ];
  if (missing.length > 0) throw validationFailed('Guests give their name and e-mail address', missing);
  return { kind: 'guest', name: input.name!, email: input.email!.toLowerCase() };
}

async function checkReferences(caller: Caller, input: OpenTicketInput) {
  const department = await departmentRepository.get(input.department);
  if (!department || (caller.kind !== 'user' && !department.openToGuests)) {
    throw validationFailed('No such department (guests may write only to departments open to guests)', [
      { path: 'body.department', message: 'Unknown department' },
    ]);
  }
  const serviceId = input.serviceId ?? null;
  if (serviceId !== null) {
    const services = caller.kind === 'user' ? await customerServiceRepository.list(caller.id) : [];
    if (!services.some((service) => service.id === serviceId)) {
      throw validationFailed('The related service must be one of your own services', [
        { path: 'body.serviceId', message: 'Not one of your services' },
      ]);
    }
  }
  return { department, serviceId };
}

const rateLimitFor = (caller: Caller, sourceIp: string): RateLimit =>
  caller.kind === 'user'
    ? {
        scope: `open-ticket:user:${caller.id}`,
        limit: config.tickets.openLimitPerCustomerHour,
        windowSeconds: 3600,
        message: 'You have opened many tickets in the last hour; please wait before opening another',
      }
    : {
        scope: `open-ticket:ip:${sourceIp}`,
        limit: config.tickets.openLimitPerGuestIpHour,
        windowSeconds: 3600,
        message: 'Many tickets were opened from your address in the last hour; please wait or sign in',
      };

/** Who a key belongs to: the signed-in user, or for guests the e-mail they gave. */
const idempotencyScope = (owner: TicketOwner) => (owner.kind === 'customer' ? `user:${owner.customerId}` : `guest:${owner.email}`);

async function replay(recordId: string, fingerprint: string, scope: string, key: string, language: Language): Promise<OpenedTicket | undefined> {
  const record = await idempotencyRepository.find(recordId);
  if (!record) return undefined;
  if (record.fingerprint !== fingerprint) {
    throw conflict('This Idempotency-Key was already used for a different request', [
      { path: 'header.idempotency-key', message: 'Reused with another body' },
    ]);
  }
  const found = await ticketRepository.getWithHistory(record.ticketNumber);
  if (!found) return undefined;
  const department = await departmentRepository.get(found.ticket.departmentId);
  const view = showTicket(found.ticket, found.history, department, language);
  const accessKey = record.sealedSecret === null ? undefined : openSealedSecret(record.sealedSecret, scope, key);
  return { view: accessKey === undefined ? view : { ...view, accessKey }, replayed: true };
}

export async function openTicket(caller: Caller, input: OpenTicketInput, context: OpenTicketContext): Promise<OpenedTicket> {
  const now = context.now ?? new Date();
  const owner = ownerOf(caller, input);
  const key = context.idempotencyKey;
  const scope = idempotencyScope(owner);
  const recordId = key === undefined ? undefined : idempotencyRecordId(scope, key);
  const fingerprint = requestFingerprint(input);
  if (recordId !== undefined && key !== undefined) {
    const replayed = await replay(recordId, fingerprint, scope, key, context.language);
    if (replayed) return replayed;
  }

  const { department, serviceId } = await checkReferences(caller, input);
  const accessKey = owner.kind === 'guest' ? newAccessKey() : undefined;
  const createdAt = now.toISOString();
  const author = { id: owner.kind === 'customer' ? owner.customerId : null, name: owner.name, role: owner.kind } as const;

  for (let attempt = 1; ; attempt += 1) {
    const number = generateTicketNumber(config.tickets.numberMask, now, randomInt);
    const message: StoredMessage = {
      id: newMessageId(),
      ticketNumber: number,
      kind: 'message',
      author,
      body: input.message,
      attachments: [],
      createdAt,
      opensTicket: true,
    };
    const claims = await claimAttachments(input.attachmentIds, [uploadOwnerOf(caller)], { ticketNumber: number, messageId: message.id });
    message.attachments = claims.attachments;
    const ticket: StoredTicket = {
      number,
      subject: input.subject,
      departmentId: department.id,
      status: 'open',
      priority: input.priority,
      serviceId,
      owner,
      language: context.language,
      cc: [],
      assignee: null,
      createdAt,
      updatedAt: createdAt,
      lastActivityAt: createdAt,
      lastReplyAt: createdAt,
      lastReply: { authorName: owner.name, role: author.role, at: createdAt },
      closedAt: null,
      closedBy: null,
      messageCount: 1,
      version: 1,
      ...(accessKey !== undefined ? { guestKeyHashes: [hashAccessKey(accessKey)] } : {}),
    };
    const together = [
      rateLimitRepository.countPart(rateLimitFor(caller, context.sourceIp), now),
      ...claims.transactItems.map((item) => ({
        item,
        onConditionFailed: () =>
          validationFailed('An attachment is no longer available to attach', [
            { path: 'body.attachmentIds', message: 'Already attached, expired or not yours' },
          ]),
      })),
    ];
    if (recordId !== undefined && key !== undefined) {
      const sealedSecret = accessKey === undefined ? null : sealSecret(accessKey, scope, key);
      together.unshift(idempotencyRepository.recordPart(recordId, { fingerprint, ticketNumber: number, sealedSecret }, now));
    }
    try {
      await ticketRepository.create(ticket, message, together);
      const view = showTicket(ticket, [message], department, context.language);
      return { view: accessKey === undefined ? view : { ...view, accessKey }, replayed: false };
    } catch (error) {
      if (error instanceof IdempotencyRecordExists && recordId !== undefined && key !== undefined) {
        const replayed = await replay(recordId, fingerprint, scope, key, context.language);
        if (replayed) return replayed;
      }
      if (!(error instanceof TicketNumberTaken) || attempt >= NUMBER_ATTEMPTS) throw error;
      logger.warn('Ticket number taken; drawing another', { attempt });
    }
  }
}
