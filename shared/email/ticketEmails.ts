/**
 * The ticket e-mails, rendered in the ticket's language as a plain-text and an HTML part. Pure:
 * every value from a person is escaped here for HTML, and the subject and every name are made a
 * single line, so no input can add a header or a line that looks like ours, whatever it contains.
 */
import type { Language } from '../schemas/common.ts';
import type { TicketPriority } from '../schemas/tickets.ts';

/** Who gets it and why: each kind has exactly one audience. */
export type TicketEmailKind =
  /** The owner's confirmation of a new ticket. */
  | 'ticketOpened'
  /** The department's notice of a new ticket. */
  | 'newTicket'
  /** A staff reply, to the owner. */
  | 'staffReply'
  /** A staff reply, to a CC recipient. */
  | 'staffReplyCc'
  /** A customer's or guest's reply, to the department. */
  | 'customerReply'
  /** The owner's notice that the ticket was closed for want of a reply. */
  | 'autoClosed';

export interface TicketEmailInput {
  kind: TicketEmailKind;
  language: Language;
  ticket: {
    number: string;
    subject: string;
    priority: TicketPriority;
    owner: { kind: 'customer' | 'guest'; name: string; email: string };
  };
  departmentName: string;
  /** The message the e-mail is about; every kind but `autoClosed` has one. */
  message?: { authorName: string; body: string };
  /** The ticket in the portal; for a guest owner with an access key in it. */
  link: string;
  /** The link carries a guest's access key (the e-mail then says to keep it private). */
  linkHasAccessKey: boolean;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

type Block = { paragraph: string } | { quote: string } | { link: string; label: string };

/**
 * One line of plain text: every control character and line or paragraph separator (the ways to
 * start a new header line) becomes a space, runs of white space one space.
 */
export function singleLine(text: string): string {
  return text
    .replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** `<portal>/tickets/<number>`, with `?key=` for a guest's own e-mails. */
export function ticketLink(portalUrl: string, number: string, accessKey?: string): string {
  const base = `${portalUrl.replace(/\/+$/, '')}/tickets/${encodeURIComponent(number)}`;
  return accessKey === undefined ? base : `${base}?key=${encodeURIComponent(accessKey)}`;
}

export const ticketEmailSubject = (number: string, subject: string) => singleLine(`[#${number}] ${subject}`);

interface Values {
  number: string;
  subject: string;
  department: string;
  priority: string;
  ownerName: string;
  ownerEmail: string;
  ownerRole: string;
  authorName: string;
}

interface Wording {
  hello: (name: string) => string;
  helloAnyone: string;
  signature: string;
  yourMessage: string;
  viewAndReply: string;
  viewTicket: string;
  keepLinkPrivate: string;
  ccReason: string;
  priorities: Record<TicketPriority, string>;
  roles: Record<'customer' | 'guest', string>;
  ticketOpened: (v: Values) => string;
  newTicket: (v: Values) => string;
  newTicketFrom: (v: Values) => string;
  newTicketSubject: (v: Values) => string;
  staffReply: (v: Values) => string;
  staffReplyCc: (v: Values) => string;
  customerReply: (v: Values) => string;
  autoClosed: (v: Values) => string;
  autoClosedLink: string;
}

const wordings: Record<Language, Wording> = {
  en: {
    hello: (name) => `Hello ${name},`,
    helloAnyone: 'Hello,',
    signature: 'Technical Support',
    yourMessage: 'Your message:',
    viewAndReply: 'View the ticket and reply:',
    viewTicket: 'Ticket:',
    keepLinkPrivate: 'This link opens your ticket without signing in. Do not share it.',
    ccReason: 'You receive this e-mail because your address is on the CC list of this ticket.',
    priorities: { low: 'low', medium: 'medium', high: 'high' },
    roles: { customer: 'customer', guest: 'guest' },
    ticketOpened: (v) =>
      `thank you for contacting us. We have received your ticket #${v.number} "${v.subject}" (${v.department}) and will reply as soon as we can.`,
    newTicket: (v) => `New ticket #${v.number} in ${v.department}, priority ${v.priority}.`,
    newTicketFrom: (v) => `From: ${v.ownerName} <${v.ownerEmail}> (${v.ownerRole})`,
    newTicketSubject: (v) => `Subject: ${v.subject}`,
    staffReply: (v) => `${v.authorName} has replied to your ticket #${v.number} "${v.subject}":`,
    staffReplyCc: (v) => `${v.authorName} has replied to ticket #${v.number} "${v.subject}" of ${v.ownerName}:`,
    customerReply: (v) => `${v.authorName} (${v.ownerRole}) has replied to ticket #${v.number} "${v.subject}":`,
    autoClosed: (v) =>
      `your ticket #${v.number} "${v.subject}" has been closed automatically, because we have not heard from you since our last reply.`,
    autoClosedLink: 'You can still view it here:',
  },
  pl: {
    hello: (name) => `Dzień dobry ${name},`,
    helloAnyone: 'Dzień dobry,',
    signature: 'Dział pomocy technicznej',
    yourMessage: 'Twoja wiadomość:',
    viewAndReply: 'Zobacz zgłoszenie i odpowiedz:',
    viewTicket: 'Zgłoszenie:',
    keepLinkPrivate: 'Ten link otwiera Twoje zgłoszenie bez logowania. Nie udostępniaj go nikomu.',
    ccReason: 'Otrzymujesz tę wiadomość, ponieważ Twój adres jest na liście DW (kopii) tego zgłoszenia.',
    priorities: { low: 'niski', medium: 'średni', high: 'wysoki' },
    roles: { customer: 'klient', guest: 'gość' },
    ticketOpened: (v) =>
      `dziękujemy za kontakt. Otrzymaliśmy Twoje zgłoszenie #${v.number} „${v.subject}” (${v.department}) i odpowiemy najszybciej, jak to możliwe.`,
    newTicket: (v) => `Nowe zgłoszenie #${v.number} w dziale ${v.department}, priorytet: ${v.priority}.`,
    newTicketFrom: (v) => `Od: ${v.ownerName} <${v.ownerEmail}> (${v.ownerRole})`,
    newTicketSubject: (v) => `Temat: ${v.subject}`,
    staffReply: (v) => `Nowa odpowiedź w Twoim zgłoszeniu #${v.number} „${v.subject}” – ${v.authorName}:`,
    staffReplyCc: (v) => `Nowa odpowiedź w zgłoszeniu #${v.number} „${v.subject}” (${v.ownerName}) – ${v.authorName}:`,
    customerReply: (v) => `Nowa odpowiedź w zgłoszeniu #${v.number} „${v.subject}” – ${v.authorName} (${v.ownerRole}):`,
    autoClosed: (v) =>
      `Twoje zgłoszenie #${v.number} „${v.subject}” zostało automatycznie zamknięte, ponieważ od naszej ostatniej odpowiedzi nie otrzymaliśmy od Ciebie wiadomości.`,
    autoClosedLink: 'Nadal możesz je zobaczyć tutaj:',
  },
};

function blocksOf(input: TicketEmailInput, w: Wording, v: Values): Block[] {
  const body = input.message?.body ?? '';
  const guestNote: Block[] = input.linkHasAccessKey ? [{ paragraph: w.keepLinkPrivate }] : [];
  switch (input.kind) {
    case 'ticketOpened':
      return [
        { paragraph: w.hello(v.ownerName) },
        { paragraph: w.ticketOpened(v) },
        { paragraph: w.yourMessage },
        { quote: body },
        { link: input.link, label: w.viewAndReply },
        ...guestNote,
        { paragraph: w.signature },
      ];
    case 'newTicket':
      return [
        { paragraph: w.newTicket(v) },
        { paragraph: `${w.newTicketFrom(v)}\n${w.newTicketSubject(v)}` },
        { quote: body },
        { link: input.link, label: w.viewTicket },
      ];
    case 'staffReply':
      return [
        { paragraph: w.hello(v.ownerName) },
        { paragraph: w.staffReply(v) },
        { quote: body },
        { link: input.link, label: w.viewAndReply },
        ...guestNote,
        { paragraph: w.signature },
      ];
    case 'staffReplyCc':
      return [
        { paragraph: w.helloAnyone },
        { paragraph: w.staffReplyCc(v) },
        { quote: body },
        { link: input.link, label: w.viewTicket },
        { paragraph: w.ccReason },
        { paragraph: w.signature },
      ];
    case 'customerReply':
      return [{ paragraph: w.customerReply(v) }, { quote: body }, { link: input.link, label: w.viewTicket }];
    case 'autoClosed':
      return [
        { paragraph: w.hello(v.ownerName) },
        { paragraph: w.autoClosed(v) },
        { link: input.link, label: w.autoClosedLink },
        ...guestNote,
        { paragraph: w.signature },
      ];
  }
}

const htmlLines = (text: string) => escapeHtml(text).replace(/\r?\n/g, '<br>\n');

export function renderTicketEmail(input: TicketEmailInput): RenderedEmail {
  const w = wordings[input.language];
  const owner = input.ticket.owner;
  const values: Values = {
    number: singleLine(input.ticket.number),
    subject: singleLine(input.ticket.subject),
    department: singleLine(input.departmentName),
    priority: w.priorities[input.ticket.priority],
    ownerName: singleLine(owner.name),
    ownerEmail: singleLine(owner.email),
    ownerRole: w.roles[owner.kind],
    authorName: singleLine(input.message?.authorName ?? ''),
  };
  const blocks = blocksOf(input, w, values);

  const text = blocks
    .map((block) => ('paragraph' in block ? block.paragraph : 'quote' in block ? block.quote : `${block.label}\n${block.link}`))
    .join('\n\n');

  const htmlBlocks = blocks.map((block) => {
    if ('paragraph' in block) return `<p>${htmlLines(block.paragraph)}</p>`;
    if ('quote' in block) {
      return `<blockquote style="margin:0 0 1em;padding:0 0 0 1em;border-left:3px solid #ccc">${htmlLines(block.quote)}</blockquote>`;
    }
    return `<p>${escapeHtml(block.label)}<br>\n<a href="${escapeHtml(block.link)}">${escapeHtml(block.link)}</a></p>`;
  });
  const subject = ticketEmailSubject(input.ticket.number, input.ticket.subject);
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${input.language}">`,
    `<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:sans-serif;line-height:1.5">',
    ...htmlBlocks,
    '</body>',
    '</html>',
  ].join('\n');

  return { subject, text, html };
}
