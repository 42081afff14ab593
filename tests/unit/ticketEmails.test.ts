import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  renderTicketEmail,
  singleLine,
  ticketEmailSubject,
  ticketLink,
  type TicketEmailInput,
  type TicketEmailKind,
} from '../../shared/email/ticketEmails.ts';

const base: TicketEmailInput = {
  kind: 'staffReply',
  language: 'en',
  ticket: {
    number: '482913',
    subject: 'Website is down',
    priority: 'high',
    owner: { kind: 'customer', name: 'Anna Kowalska', email: 'anna@example.com' },
  },
  departmentName: 'Technical support',
  message: { authorName: 'Marta Nowak', body: 'We restarted the server.\nPlease check again.' },
  link: 'https://panel.example.com/tickets/482913',
  linkHasAccessKey: false,
};

const render = (changes: Partial<TicketEmailInput> = {}) => renderTicketEmail({ ...base, ...changes });
const allKinds: TicketEmailKind[] = ['ticketOpened', 'newTicket', 'staffReply', 'staffReplyCc', 'customerReply', 'autoClosed'];

describe('ticket e-mail subject', () => {
  it('is [#<number>] <subject>', () => {
    expect(render().subject).toBe('[#482913] Website is down');
    expect(ticketEmailSubject('000123', 'Faktura')).toBe('[#000123] Faktura');
  });

  it('can never carry a line break: CR, LF, NEL and the Unicode separators become one space', () => {
    const hostile = 'Hello\r\nBcc: victim@example.com\r\n\r\nbody\u0085x\u2028y\u2029z\u0000end';
    const { subject } = render({ ticket: { ...base.ticket, subject: hostile } });
    expect(subject).toBe('[#482913] Hello Bcc: victim@example.com body x y z end');
    expect(subject).not.toMatch(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]/);
  });

  it('keeps emoji and right-to-left text as they are', () => {
    expect(render({ ticket: { ...base.ticket, subject: 'Serwer 🔥 \u202Bשלום\u202C' } }).subject).toBe('[#482913] Serwer 🔥 \u202Bשלום\u202C');
  });
});

describe('names in ticket e-mails', () => {
  it('are one line in both parts, so a name cannot fake a line of the e-mail', () => {
    const email = render({
      kind: 'staffReplyCc',
      ticket: { ...base.ticket, owner: { ...base.ticket.owner, name: 'Anna\r\nFrom: ceo@example.com' } },
      message: { authorName: 'Marta\nTo: all@example.com', body: 'ok' },
    });
    expect(email.text).toContain('Marta To: all@example.com has replied to ticket #482913 "Website is down" of Anna From: ceo@example.com:');
    expect(email.text.split('\n')).not.toContain('From: ceo@example.com');
    expect(email.html).not.toMatch(/Marta\s*<br>/);
  });
});

describe('HTML part', () => {
  it('escapes everything a person typed; the text part keeps it verbatim', () => {
    const email = render({
      ticket: { ...base.ticket, subject: '<img src=x onerror=alert(1)>' },
      message: { authorName: '<b>Eve</b>', body: '<script>alert("x")</script> & \'quotes\'' },
    });
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<img');
    expect(email.html).not.toContain('<b>Eve');
    expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;');
    expect(email.html).toContain('&lt;b&gt;Eve&lt;/b&gt;');
    expect(email.text).toContain('<script>alert("x")</script> & \'quotes\'');
  });

  it('keeps the line breaks of the message', () => {
    expect(render().html).toContain('We restarted the server.<br>\nPlease check again.');
  });

  it('escapes the link inside the href attribute', () => {
    const email = render({ link: 'https://panel.example.com/tickets/1?a="onmouseover=x&b=<' });
    expect(email.html).toContain('href="https://panel.example.com/tickets/1?a=&quot;onmouseover=x&amp;b=&lt;"');
  });

  it('is a whole document in the ticket language', () => {
    expect(render().html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(render({ language: 'pl' }).html).toMatch(/^<!DOCTYPE html>\n<html lang="pl">/);
  });
});

describe('language', () => {
  it('writes every kind in Polish or English, as the ticket says', () => {
    for (const kind of allKinds) {
      const pl = render({ kind, language: 'pl' });
      const en = render({ kind, language: 'en' });
      expect(pl.text).not.toBe(en.text);
      expect(pl.subject).toBe(en.subject);
    }
    expect(render({ language: 'pl' }).text).toContain('Dzień dobry Anna Kowalska,');
    expect(render({ language: 'pl' }).text).toContain('Nowa odpowiedź w Twoim zgłoszeniu #482913 „Website is down” – Marta Nowak:');
    expect(render({ language: 'en' }).text).toContain('Marta Nowak has replied to your ticket #482913 "Website is down":');
    expect(render({ kind: 'newTicket', language: 'pl' }).text).toContain('priorytet: wysoki');
    expect(render({ kind: 'newTicket', language: 'en' }).text).toContain('priority high');
  });
});

describe('content of each kind', () => {
  it('carries the message text and the ticket link, except the auto-close notice, which has no message', () => {
    for (const kind of allKinds) {
      const email = render({ kind });
      expect(email.text).toContain(base.link);
      expect(email.html).toContain(`<a href="${base.link}">`);
      if (kind === 'autoClosed') expect(email.text).not.toContain('We restarted the server.');
      else expect(email.text).toContain('We restarted the server.\nPlease check again.');
    }
  });

  it('tells the department who opened the ticket', () => {
    const email = render({ kind: 'newTicket', ticket: { ...base.ticket, owner: { kind: 'guest', name: 'Gość', email: 'g@example.com' } } });
    expect(email.text).toContain('From: Gość <g@example.com> (guest)');
    expect(email.text).toContain('Subject: Website is down');
    expect(email.html).toContain('From: Gość &lt;g@example.com&gt; (guest)');
  });

  it('tells a CC recipient why they receive it', () => {
    expect(render({ kind: 'staffReplyCc' }).text).toContain('because your address is on the CC list');
    expect(render({ kind: 'staffReply' }).text).not.toContain('CC list');
  });
});

describe('guest key links', () => {
  it('open exactly one ticket: the number and the key, both URL-encoded', () => {
    expect(ticketLink('https://panel.example.com/', '482913')).toBe('https://panel.example.com/tickets/482913');
    expect(ticketLink('https://panel.example.com', 'AB-12', 'k+y/=')).toBe('https://panel.example.com/tickets/AB-12?key=k%2By%2F%3D');
  });

  it('come with a warning to keep them private, only when the link holds a key', () => {
    const link = ticketLink('https://panel.example.com', '482913', 'abcDEF_123-xyz');
    const guest = render({ kind: 'ticketOpened', link, linkHasAccessKey: true });
    expect(guest.text).toContain(`${link}\n\nThis link opens your ticket without signing in. Do not share it.`);
    expect(guest.html).toContain(`<a href="${link}">`);
    expect(render({ kind: 'ticketOpened', language: 'pl', link, linkHasAccessKey: true }).text).toContain('Nie udostępniaj go nikomu.');
    expect(render({ kind: 'ticketOpened' }).text).not.toContain('Do not share it');
  });
});

describe('singleLine and escapeHtml', () => {
  it('singleLine collapses white space and drops nothing printable', () => {
    expect(singleLine('  a \t b\r\n\r\nc  ')).toBe('a b c');
    expect(singleLine('żółć 🙂')).toBe('żółć 🙂');
  });

  it('escapeHtml escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
