import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { describe, expect, it } from 'vitest';
import { markdownToPlainText, renderMarkdown } from '../../shared/domain/markdown.ts';

// The reference: markdown-it and sanitize-html exactly as shared/domain/markdown.ts used them before
// it became our own renderer.
const markdownIt = new MarkdownIt({ html: false, linkify: true, typographer: false });
const allowlist: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 's', 'code', 'pre', 'blockquote',
    'ul', 'ol', 'li', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
  ],
  allowedAttributes: { a: ['href', 'title', 'rel'], img: ['src', 'alt', 'title'], ol: ['start'], th: ['style'], td: ['style'] },
  allowedStyles: { '*': { 'text-align': [/^(left|right|center)$/] } },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['https', 'http'] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow' }) },
};
const referenceHtml = (source: string) => sanitizeHtml(markdownIt.render(source), allowlist).trim();
const referenceEntities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'" };
const referenceText = (source: string) =>
  sanitizeHtml(markdownIt.render(source), { allowedTags: [], allowedAttributes: {} })
    .replace(/&(?:amp|lt|gt|quot|#39|#x27);/g, (entity) => referenceEntities[entity]!)
    .replace(/\s+/g, ' ')
    .trim();

/** What staff write in announcements and articles, and what an attacker would try. */
const corpus: Array<[name: string, markdown: string]> = [
  // Blocks
  ['empty input', ''],
  ['only whitespace', '   \n \t \n'],
  ['a paragraph', 'Hello world'],
  ['softbreaks join lines with a newline', 'line one\nline two\n   indented three'],
  ['hard breaks: two spaces and a backslash', 'hard  \nbreak\\\nagain   \nthird'],
  ['ATX headings with closing hashes', '# H1\n## H2 ##\n### H3 #not closing\n###### H6\n####### seven\n#no space\n#'],
  ['setext headings', 'Title\n=====\n\nSub *title*\nwith two lines\n---'],
  ['thematic breaks', '---\n***\n___\n - - -\n* * *'],
  ['fenced code with an info string', '```js\nconst a = 1 < 2 && "x";\n```'],
  ['tilde fence closed by a longer fence', '~~~\ncode ``` inside\n~~~~'],
  ['unclosed fence in a text ending with a line break', '```\nunclosed\n\nstill code\n'],
  ['indented code', '    indented <b>\n    code\n\n    more\n\ntext'],
  ['fence interrupts a paragraph', 'a\n```\nb\n```\nc'],
  ['blockquotes nested, with lazy continuation', '> quote\n> > nested\nlazy line\n\n> again'],
  ['blockquote with code and list', '> ```\n> code\n> ```\n> - item\n> - item two'],
  ['empty blockquote', '>'],
  ['tight bullet list', '- a\n- b\n- c'],
  ['loose bullet list', '- a\n\n- b\n- c'],
  ['ordered lists with start', '1. one\n2. two\n\n3) three\n4) four\n\n0. zero'],
  ['ordered list starting at 5', '5. five\n6. six'],
  ['nested lists', '- a\n  - b\n    - c\n- d\n  1. e\n  2. f'],
  ['marker change starts a new list', '* star\n+ plus\n- minus'],
  ['list item with paragraphs and code', '- item\n\n  paragraph in item\n\n  ```\n  code\n  ```\n- next'],
  ['code in a tight list item', '1. Run:\n   ```\n   make\n   ```\n   then wait\n2. Done'],
  ['list interrupting a paragraph', 'text\n- list item\n\ntext\n2. not a list\n\ntext\n1. a list'],
  ['list with a lazy line', '- a\nlazy\n- b'],
  ['quote inside a list, list inside a quote', '- > quoted\n\n> - listed\n> - twice'],
  ['empty list items', '-\n- x\n-'],
  ['list item starting with a blank line', '-\n  foo\n- bar'],
  [
    'GFM table with alignment',
    ['| Left | Center | Right | None |', '|:-----|:------:|------:|------|', '| a | b | c | d |', '| **e** | `f` | [g](https://g.example) | |'].join('\n'),
  ],
  ['table with pipes in code and escaped pipes', '| a | b |\n|---|---|\n| `x|y` | z \\| w |'],
  ['table with only a header', '| a |\n|---|'],
  ['table without outer pipes, ragged rows', 'a | b\n--|--\n1 | 2 | 3\n4'],
  ['table after a paragraph line', 'Intro\n| a | b |\n| - | - |\n| 1 | 2 |'],
  ['table ended by a list', '| a |\n|---|\n| 1 |\n- item'],
  ['multiple blank lines', 'x\n\n\n\ny'],
  ['front matter looking block', '---\nfront: matter\n---'],
  [
    'a whole announcement',
    [
      '## Planowana przerwa techniczna',
      '',
      'W dniu **15 czerwca 2026** w godzinach *02:00–04:00* przeprowadzimy prace serwisowe.',
      '',
      'W tym czasie:',
      '',
      '- panel klienta może być niedostępny,',
      '- poczta działa bez zmian.',
      '',
      'Pytania? Napisz na pomoc@firma.example lub zajrzyj do [bazy wiedzy](https://firma.example/kb).',
      '',
      '> Przepraszamy za utrudnienia.',
      '',
      '— Zespół wsparcia',
    ].join('\n'),
  ],
  [
    'a whole article',
    [
      '# How to configure DNS',
      '',
      '1. Log in to the panel.',
      '2. Open **Domains → DNS**.',
      '3. Add a record:',
      '',
      '   | Type | Name | Value |',
      '   |------|------|-------|',
      '   | A    | @    | 192.0.2.1 |',
      '   | CNAME | www | example.com. |',
      '',
      '4. Wait up to 24h.',
      '',
      '```bash',
      'dig +short example.com A',
      '```',
      '',
      'See also <https://example.com/docs> and `nslookup`.',
    ].join('\n'),
  ],
  // Inlines
  ['strong, em and code', '**b** _i_ `c`'],
  ['nested emphasis', '***both*** and __strong__ and *em* and _**mixed**_'],
  ['intraword underscores and stars', 'snake_case_name and 2*3*4 and foo*bar*baz'],
  ['emphasis edge cases', '*foo**bar**baz* **a**b** c _a_b_ c_ *a *b* c*'],
  ['unclosed emphasis', '**unclosed *emphasis _here'],
  ['strikethrough', '~~strike~~ and ~single~ and ~~a ~~b~~ c~~'],
  ['code spans', '`` code with ` tick `` and ` spaced ` and `unclosed'],
  ['backslash escapes', '\\*not em\\* \\# \\\\ \\` \\[x\\] \\a'],
  ['trailing backslash', 'ends with backslash\\'],
  ['entities', '&amp; &copy; &#123; &#x1F600; &#0; &nbsp;x &unknown; & &lt;b&gt; &quot; &mdash; &hellip;'],
  ['quotes and apostrophes', '"double" \'single\' it\'s'],
  ['unicode text', 'Zażółć gęślą jaźń — 日本語 😀 **ünï** _ßß_'],
  ['very long line', 'word '.repeat(3000).trim()],
  ['CRLF line ends', 'a\r\nb\r\n\r\n- c\r\n- d\r\n\r\n# h\r\n'],
  ['tabs', '-\ta\n\n\tcode\tx'],
  // Links and images
  ['link with title', '[x](https://a.example "t")'],
  ['mailto link', '[m](mailto:a@b.example)'],
  ['image', '![alt](https://a.example/i.png)'],
  ['image with markup in alt and a title', '![alt *em* `c`](https://a.example/i.png "Title")'],
  ['http image', '![x](http://a.example/i.png)'],
  ['image in a link', '[![badge](https://a.example/b.svg)](https://a.example)'],
  ['relative and fragment links', '[link](/relative/path) and [anchor](#top) and [page](page.html)'],
  ['empty link destination', '[empty]() and ![img]()'],
  ['link text with emphasis and code', '[**bold** `code`](https://a.example/x_y)'],
  ['link destination in angle brackets with a space', '[x](<https://a.example/a b>)'],
  ['link destination with a space is not a link', '[x](https://a.example/a b)'],
  ['link with unicode and parentheses', '[x](https://a.example/zażółć/(1))'],
  ['title in single quotes and parentheses', "[a](https://a.example 'one') [b](https://b.example (two))"],
  ['brackets that are no link', '[not a link] and [x] (y) and [a](b'],
  ['autolinks', '<https://a.example/path?q=1&r=2> <a@b.example> <mailto:c@d.example>'],
  ['linkified URLs', 'Visit https://a.example/path, or (https://b.example/a_b_c). Also https://c.example/x?y=1.'],
  ['linkified URL with underscores and parentheses', 'https://a.example/_under_score_ and https://a.example/wiki/Foo_(bar)'],
  ['www links are not linkified', 'see www.example.com for more'],
  ['linkified e-mail address', 'Mail support@b.example today or write to mailto:x@y.example.'],
  ['URL in emphasis', '**https://a.example/bold** and *https://a.example/em*'],
  // Hostile input
  ['a script tag', '<script>alert(1)</script>'],
  ['an image with onerror', '<img src=x onerror=alert(1)>'],
  ['raw HTML', '<div onclick="x()"><b>bold</b></div>'],
  ['an HTML comment', '<!-- secret -->'],
  ['a javascript: link', '[x](javascript:alert(1))'],
  ['a mixed case javascript: link', '[x](JaVaScRiPt:alert(1))'],
  ['an entity-encoded javascript: link', '[x](&#106;avascript:alert(1)) [y](javascript&colon;alert(1))'],
  ['a javascript: link with whitespace', '[x]( javascript:alert(1) ) [y](<java script:alert(1)>) [z](java\tscript:alert(1))'],
  ['a javascript: autolink', '<javascript:alert(1)>'],
  ['a bare javascript: text', 'javascript:alert(1)'],
  ['a data: link', '[x](data:text/html;base64,PHNjcmlwdD4=)'],
  ['a data: image link', '[x](data:image/png;base64,AAAA) ![y](data:image/png;base64,AAAA)'],
  ['vbscript and file links', '[x](vbscript:msgbox(1)) [y](file:///etc/passwd)'],
  ['protocol-relative link and image', '[x](//evil.example) ![y](//evil.example/i.png)'],
  ['javascript: and mailto images', '![x](javascript:alert(1)) ![y](mailto:a@b.example)'],
  ['a link breaking out of the attribute', '[x](https://a.example/"onmouseover="alert(1))'],
  ['a title breaking out of the attribute', '[x](https://a.example "a\\" onclick=\\"b")'],
  ['a fragment breaking out of the attribute', '[x](#"onclick="alert(1))'],
  ['a script tag as link text', '[<script>alert(1)</script>](https://a.example)'],
  ['an HTML image as alt text', '![<img src=x onerror=alert(1)>](https://a.example/i.png)'],
  ['escaped tags', '\\<script>alert(1)\\</script> &lt;script&gt;'],
  ['a linkified URL with quotes', 'https://a.example/"onmouseover="alert(1)'],
  ['tags in code', '`<script>` and\n\n```\n</code></pre><script>\n```'],
  ['deep blockquote nesting', '>'.repeat(40) + ' deep'],
  ['deep list nesting', Array.from({ length: 12 }, (_, depth) => '  '.repeat(depth) + '- level ' + depth).join('\n')],
  ['a style attempt in a table', '| a |\n|:-:|\n| <span style="x">b</span> |'],
  ['a null character', 'a\u0000b'],
];

/** Where we deliberately render otherwise than the reference: our output, and why that is fine. */
const differences: Record<string, { markdown: string; html: string; reason: string }> = {
  'unclosed fence at the end of a text without a final line break': {
    markdown: '```\nunclosed\n\nstill code',
    html: '<pre><code>unclosed\n\nstill code\n</code></pre>',
    reason: 'markdown-it ends the last code line without a line break when the text has none; ours always has one: it shows the same',
  },
  'odd tilde runs': {
    markdown: 'a ~~~three~~~ b',
    html: '<p>a ~<s>three~</s> b</p>',
    reason: 'markdown-it moves the odd tilde of the closing run after </s>; ours keeps the source order',
  },
  'ftp URL in text': {
    markdown: 'ftp://files.example/x',
    html: '<p>ftp://files.example/x</p>',
    reason: 'markdown-it linkifies it, then sanitize-html drops the ftp: href, leaving a link to nowhere; ours leaves text',
  },
  'protocol-relative URL in text': {
    markdown: 'see //a.example/x',
    html: '<p>see //a.example/x</p>',
    reason: 'the same: markdown-it links it, sanitize-html drops the protocol-relative href',
  },
  'link inside link text': {
    markdown: '[a [b](https://b.example) c](https://a.example)',
    html: '<p><a href="https://a.example" rel="noopener noreferrer nofollow">a [b](https://b.example) c</a></p>',
    reason: 'CommonMark makes the inner one the link; ours keeps the outer one and shows the inner as text (links never nest either way)',
  },
  'internationalized domain name': {
    markdown: 'https://żółw.example/x',
    html: '<p><a href="https://%C5%BC%C3%B3%C5%82w.example/x" rel="noopener noreferrer nofollow">https://żółw.example/x</a></p>',
    reason: 'markdown-it writes the host in punycode (xn--); ours percent-encodes it like the path, which browsers resolve the same',
  },
  'percent-escapes in a linkified URL': {
    markdown: '<https://a.example/%C5%BC>',
    html: '<p><a href="https://a.example/%C5%BC" rel="noopener noreferrer nofollow">https://a.example/%C5%BC</a></p>',
    reason: 'markdown-it decodes them in the link text; ours shows the URL as written',
  },
  'named entities we do not know': {
    markdown: '&hearts; &rarr;',
    html: '<p>&amp;hearts; &amp;rarr;</p>',
    reason: 'ours knows the entities staff type (see NAMED_ENTITIES), not all 2,000 of HTML; the others stay text',
  },
  'a tab after a quote marker': {
    markdown: '> \tcode',
    html: '<blockquote>\n<pre><code>code\n</code></pre>\n</blockquote>',
    reason: 'inside a container ours counts tab stops from the container start, markdown-it from the line start',
  },
  'reference-style links': {
    markdown: '[link][ref]\n\n[ref]: https://a.example',
    html: '<p>[link][ref]</p>\n<p>[ref]: <a href="https://a.example" rel="noopener noreferrer nofollow">https://a.example</a></p>',
    reason: 'not supported: staff write inline links',
  },
};

describe('renderMarkdown', () => {
  it.each(corpus)('renders %s as markdown-it with sanitize-html did', (_name, markdown) => {
    expect(renderMarkdown(markdown)).toBe(referenceHtml(markdown));
  });

  it.each(Object.entries(differences))('renders %s deliberately otherwise', (_name, { markdown, html }) => {
    expect(renderMarkdown(markdown)).toBe(html);
    expect(referenceHtml(markdown)).not.toBe(html);
  });

  it('writes only allowlisted tags and attributes, whatever the input', () => {
    const fragments = [
      'a', 'word', 'ż', ' ', '  ', '\t', '\n', '\n\n', '\r\n', '*', '**', '_', '~~', '`', '```', '#', '# ', '- ', '1. ', '> ', '    ',
      '|', '|---|', '[', ']', '(', ')', '![', '<', '>', '"', "'", '\\', '&', ';', '#', ':', '/', '//', '.', 'x@y.example',
      'https://a.example/', 'javascript:', 'JaVaScRiPt:', 'java\tscript:', 'vbscript:', 'data:text/html,', 'data:image/png;',
      '&#106;', '&#x6A;', '&colon;', '&lt;', '&quot;', '<script>', '</script>', '<img src=x onerror=alert(1)>', 'onerror=',
      ' onclick="x()"', 'style="x"', '<a href="javascript:alert(1)">', '<!--', '-->', '\u0000', '\u00a0', '😀',
    ];
    // Link, image and autolink syntax around addresses made of schemes and tricks.
    const addressParts = [
      'javascript:', 'JaVaScRiPt:', 'data:image/png;', 'data:text/html,', 'vbscript:', 'file:', 'https:', 'mailto:',
      '//', '\\\\', '/', '&#106;', '&colon;', '%0a', ' ', '\t', '\n', 'x', '"', '(', ')',
    ];
    const join = (parts: string[]) => parts.join('');
    const address = fc.array(fc.constantFrom(...addressParts), { maxLength: 5 }).map(join);
    const link = fc.tuple(fc.constantFrom('[x](', '![x](', '<', '[x](<'), address, fc.constantFrom(')', '>', ' "t")', '>)')).map(join);
    const markdown = fc.array(fc.oneof(fc.constantFrom(...fragments), link, fc.string({ maxLength: 3 })), { maxLength: 40 }).map(join);
    fc.assert(
      fc.property(markdown, (source) => {
        expectSafe(renderMarkdown(source));
      }),
      { seed: 20260610, numRuns: 3000 },
    );
  });
});

const allowedAttributes: Record<string, string[]> = {
  a: ['href', 'title', 'rel'],
  img: ['src', 'alt', 'title'],
  ol: ['start'],
  th: ['style'],
  td: ['style'],
};
const allowedTag = /^<\/?(p|br|hr|h[1-6]|strong|em|s|code|pre|blockquote|ul|ol|li|a|img|table|thead|tbody|tr|th|td)((?: [a-z]+="[^"<>]*")*)(?: \/)?>$/;

/** Fails unless every `<` starts an allowlisted tag with allowlisted attributes and safe addresses. */
function expectSafe(html: string): void {
  expect(html).not.toMatch(/<script/i);
  for (const tag of html.match(/<[^>]*>?/g) ?? []) {
    const parts = allowedTag.exec(tag);
    expect(parts, tag).not.toBeNull();
    const [, name, attributes] = parts!;
    expect(attributes, tag).not.toMatch(/ on[a-z]*=/i);
    for (const [, attribute, value] of attributes!.matchAll(/ ([a-z]+)="([^"]*)"/g)) {
      expect(allowedAttributes[name!] ?? [], tag).toContain(attribute);
      // What the browser reads: entities decoded once, tabs and line breaks dropped, leading controls trimmed.
      const url = value!
        .replace(/&(amp|lt|gt|quot);|&#(x?)([\da-f]+);/gi, (_entity, named?: string, hex?: string, digits?: string) =>
          named ? { amp: '&', lt: '<', gt: '>', quot: '"' }[named]! : String.fromCodePoint(parseInt(digits!, hex ? 16 : 10)),
        )
        .replace(/[\t\n\r]/g, '')
        .replace(/^[\0- ]+/, '');
      const scheme = /^([a-z][a-z\d+.-]*):/i.exec(url)?.[1]?.toLowerCase();
      const allowedUrl = (schemes: string[]) => (scheme === undefined ? !/^[/\\]{2}/.test(url) : schemes.includes(scheme));
      if (attribute === 'href') expect(allowedUrl(['http', 'https', 'mailto']), tag).toBe(true);
      if (attribute === 'src') expect(allowedUrl(['http', 'https']), tag).toBe(true);
      if (attribute === 'style') expect(value).toMatch(/^text-align:(left|center|right)$/);
      if (attribute === 'rel') expect(value).toBe('noopener noreferrer nofollow');
      if (attribute === 'start') expect(value).toMatch(/^\d+$/);
    }
    if (name === 'a' && !tag.startsWith('</')) expect(tag).toMatch(/ rel="noopener noreferrer nofollow">$/);
  }
}

describe('markdownToPlainText', () => {
  it.each(corpus)('gives the words of %s as before', (_name, markdown) => {
    expect(markdownToPlainText(markdown)).toBe(referenceText(markdown));
  });

  it.each([
    ['# Title\n\n**Bold** & [link](https://x.example)', 'Title Bold & link'],
    ['', ''],
    ['  \n\n  ', ''],
    ['A *b* `c <d>` ~~e~~\n\n- f\n- g\n\n| h | i |\n|---|---|\n| j | k |', 'A b c <d> e f g h i j k'],
    ['![an image](https://x.example/i.png) stays out, &amp; entities &lt;decode&gt;', 'stays out, & entities <decode>'],
    ['<script>alert(1)</script>', '<script>alert(1)</script>'],
    ['```\ncode\n  block\n```\nafter', 'code block after'],
  ])('gives the words of %j', (markdown, text) => {
    expect(markdownToPlainText(markdown)).toBe(text);
  });
});
