/**
 * Markdown → safe HTML, done once when staff write (announcements, articles), never per read: only
 * the staff write functions bundle this module.
 *
 * Our own compact renderer, no dependency: markdown-it with sanitize-html bundled to ~290 KiB, which
 * doubled those functions. It renders what staff write (CommonMark blocks and inlines, GFM tables and
 * strikethrough, linkified URLs and e-mail addresses) as markdown-it (`html: false`, `linkify: true`)
 * followed by our former sanitize-html allowlist did: tests/unit/markdown.test.ts compares the two and
 * lists where ours deliberately differs.
 *
 * Safe by construction: nothing of the source reaches the output unescaped. Raw HTML is text (`<script>`
 * shows as `&lt;script&gt;`), every text and attribute value is escaped where it is written, and the
 * only markup written is our own: p br hr h1-h6 strong em s code pre blockquote ul ol li a img table
 * thead tbody tr th td, with the attributes a: href title rel, img: src alt title, ol: start and
 * th/td: style="text-align:left|center|right". Links keep only http, https and mailto addresses or
 * relative ones (images: http, https or relative), never protocol-relative ones, and every link gets
 * rel="noopener noreferrer nofollow".
 */

/** Sanitized HTML for a Markdown text. */
export function renderMarkdown(source: string): string {
  // Like markdown-it: no line after a final line break, nor a last line of only spaces.
  const lines = source.replace(/\r\n?/g, '\n').replace(/\0/g, '\uFFFD').replace(/\n[ \t]*$/, '').split('\n');
  return renderBlocks(parseBlocks(lines, 0)[0]).trim();
}

/** The words of a Markdown text without markup, whitespace collapsed: for excerpts and the search index. */
export function markdownToPlainText(source: string): string {
  return textOf(renderMarkdown(source)).replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------------------------------------- blocks

/** A rendered block, or a paragraph's inline HTML: tight list items show paragraphs without <p>. */
type Block = string | { paragraph: string };

/**
 * Parsed blocks; the lines used (parsing stops at a lazy line no paragraph continues, which is the
 * enclosing block's again); whether a blank line separates two blocks (a list item with such is loose).
 */
type ParsedBlocks = [blocks: Block[], used: number, spaced: boolean];

/** Starts a lazy line: one a container (quote, list item) holds although it lacks its marker or indentation. */
const LAZY = '\0';
/** markdown-it's nesting limit: content nested deeper is dropped. */
const MAX_NESTING = 100;

const FENCE = /^(`{3,}(?!.*`)|~{3,})/;
const THEMATIC_BREAK = /^([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const ATX_HEADING = /^(#{1,6})(?:[ \t](.*)|$)/;
/** A bullet, or an ordered list number (group 1), then a space or the line's end. */
const LIST_MARKER = /^(?:[-+*]|(\d{1,9})[.)])(?=[ \t]|$)/;

const isBlank = (line = '') => /^[ \t]*$/.test(line);
const unindented = (line: string) => line.replace(/^[ \t]+/, '');

/** Columns of leading whitespace, a tab reaching the next multiple of 4. */
function indentOf(line: string): number {
  let column = 0;
  for (const char of line) {
    if (char === ' ') column++;
    else if (char === '\t') column += 4 - (column % 4);
    else break;
  }
  return column;
}

/** The line without `columns` columns of leading whitespace; a tab the cut splits leaves spaces. */
function dedent(line: string, columns: number): string {
  let column = 0;
  let index = 0;
  while (column < columns && /[ \t]/.test(line[index] ?? '')) column += line[index++] === '\t' ? 4 - (column % 4) : 1;
  return ' '.repeat(Math.max(0, column - columns)) + line.slice(index);
}

/** Whether the line starts a block that ends a paragraph (or a lazy continuation) before it. */
function interrupts(line: string, strictList: boolean): boolean {
  const text = unindented(line);
  const list = LIST_MARKER.exec(text);
  // Within its container, only a non-empty bullet item or one numbered 1 interrupts a paragraph.
  const listInterrupts = !!list && (!strictList || ((!list[1] || +list[1] === 1) && !isBlank(text.slice(list[0].length))));
  return indentOf(line) < 4 && (FENCE.test(text) || text[0] === '>' || THEMATIC_BREAK.test(text) || ATX_HEADING.test(text) || listInterrupts);
}

/** The blocks of a container's lines (the document's, a quote's, a list item's). */
function parseBlocks(lines: string[], level: number): ParsedBlocks {
  const blocks: Block[] = [];
  let index = 0;
  let spaced = false;
  let blankAfterBlock = false;
  while (index < lines.length) {
    const line = lines[index]!;
    if (isBlank(line)) {
      blankAfterBlock = blocks.length > 0;
      index++;
    } else if (line[0] === LAZY) break;
    else if (level >= MAX_NESTING) index = lines.length;
    else {
      spaced ||= blankAfterBlock;
      const [block, end] = parseBlock(lines, index, level);
      blocks.push(block);
      index = end;
      // A list keeps the blank lines after its last item; they still separate it from the next block.
      blankAfterBlock = isBlank(lines[index - 1]);
    }
  }
  return [blocks, index, spaced];
}

/** The block starting at lines[index], and the index after it. */
function parseBlock(lines: string[], index: number, level: number): [Block, number] {
  const line = lines[index]!;
  const indent = indentOf(line);
  const text = unindented(line);
  const alignments = tableAlignments(lines, index);
  const fence = FENCE.exec(text)?.[1];
  const heading = ATX_HEADING.exec(text);
  let end = index + 1;

  if (alignments) {
    const rows = [line];
    for (end++; end < lines.length; end++) {
      const row = lines[end]!;
      if (isBlank(row) || row[0] === LAZY || interrupts(row, false) || indentOf(row) >= 4) break;
      rows.push(row);
    }
    const [header, ...body] = rows.map((row, rowIndex) => {
      const cells = tableCells(row);
      const tag = rowIndex ? 'td' : 'th';
      const renderCell = (alignment: string, i: number) =>
        `<${tag}${alignment && ` style="text-align:${alignment}"`}>${renderInline((cells[i] ?? '').trim())}</${tag}>\n`;
      return `<tr>\n${alignments.map(renderCell).join('')}</tr>\n`;
    });
    return [`<table>\n<thead>\n${header}</thead>\n${body.length ? `<tbody>\n${body.join('')}</tbody>\n` : ''}</table>\n`, end];
  }

  if (indent >= 4) {
    for (let next = end; next < lines.length && (isBlank(lines[next]) || indentOf(lines[next]!) >= 4); next++) {
      if (!isBlank(lines[next])) end = next + 1;
    }
    const code = lines.slice(index, end).map((codeLine) => dedent(codeLine, 4));
    return [`<pre><code>${escapeHtml(code.join('\n'))}\n</code></pre>\n`, end];
  }

  if (fence) {
    const closing = new RegExp(`^[ \\t]*${fence[0]}{${fence.length},}[ \\t]*$`);
    let code = '';
    while (end < lines.length && lines[end]![0] !== LAZY && !(closing.test(lines[end]!) && indentOf(lines[end]!) < 4)) {
      code += dedent(lines[end++]!, indent) + '\n';
    }
    // Closed unless the lines ran out or a lazy line ended the container.
    if (end < lines.length && lines[end]![0] !== LAZY) end++;
    return [`<pre><code>${escapeHtml(code)}</code></pre>\n`, end];
  }

  if (text[0] === '>') {
    // `>` and one space (or one column of a tab) after it are the marker.
    const unquote = (quoteLine: string) =>
      unindented(quoteLine)[0] === '>' ? dedent(quoteLine.replace('>', ' '), indentOf(quoteLine) + 2) : undefined;
    const [blocks, used] = parseContainer(lines, index, unquote(line)!, unquote, level + 1);
    return [`<blockquote>${blocks.length ? '\n' : ''}${renderBlocks(blocks)}</blockquote>\n`, index + used];
  }

  if (THEMATIC_BREAK.test(text)) return ['<hr />\n', end];

  if (LIST_MARKER.test(text)) return parseList(lines, index, level);

  if (heading) {
    const tag = `h${heading[1]!.length}`;
    // Without trailing whitespace and the closing #s (after whitespace).
    return [`<${tag}>${renderInline((heading[2] ?? '').replace(/(^|[ \t])#*[ \t]*$/, ''))}</${tag}>\n`, end];
  }

  // A paragraph, or a setext heading when an underline ends it.
  let underline = '';
  for (; end < lines.length && !isBlank(lines[end]); end++) {
    const next = lines[end]!;
    if (next[0] === LAZY || indentOf(next) >= 4) continue;
    underline = /^(=+|-+)[ \t]*$/.exec(unindented(next))?.[1] ?? '';
    if (underline || interrupts(next, true) || tableAlignments(lines, end)) break;
  }
  const content = renderInline(lines.slice(index, end).join('\n').replace(/^\0+/gm, ''));
  const tag = underline[0] === '=' ? 'h1' : 'h2';
  return underline ? [`<${tag}>${content}</${tag}>\n`, end + 1] : [{ paragraph: content }, end];
}

/**
 * The blocks of a container (quote, list item) starting at lines[index], `first` being that line
 * without its marker: then the lines `strip` takes (giving them without marker or indentation) and lazy
 * lines, until a blank line, a line after a blank one or a line that starts another block.
 */
function parseContainer(lines: string[], index: number, first: string, strip: (line: string) => string | undefined, level: number) {
  const inner = [first];
  for (let next = index + 1; next < lines.length; next++) {
    const line = lines[next]!;
    const stripped = strip(line);
    if (stripped !== undefined) inner.push(stripped);
    else if (isBlank(line) || isBlank(inner.at(-1)) || interrupts(line, false)) break;
    else inner.push(LAZY + line);
  }
  return parseBlocks(inner, level);
}

function parseList(lines: string[], index: number, level: number): [string, number] {
  const [firstMarker, start] = LIST_MARKER.exec(unindented(lines[index]!))!;
  const isItem = (line = LAZY) =>
    line[0] !== LAZY &&
    indentOf(line) < 4 &&
    !THEMATIC_BREAK.test(unindented(line)) &&
    LIST_MARKER.exec(unindented(line))?.[0].at(-1) === firstMarker.at(-1);
  const items: Block[][] = [];
  let tight = true;
  let previousEndedBlank = false;
  let end = index;
  while (isItem(lines[end])) {
    // The line with its marker as spaces: the content starts after the marker's spaces (after one when
    // five or more follow: the rest is then indented code).
    const [, indent = '', marker = ''] = /^([ \t]*)(\S+)/.exec(lines[end]!)!;
    const blanked = indent + ' '.repeat(marker.length) + lines[end]!.slice(indent.length + marker.length);
    const markerEnd = indentOf(indent) + marker.length;
    const contentIndent = isBlank(blanked) || indentOf(blanked) - markerEnd > 4 ? markerEnd + 1 : indentOf(blanked);
    const outdent = (itemLine: string) =>
      isBlank(itemLine) || (itemLine[0] !== LAZY && indentOf(itemLine) >= contentIndent) ? dedent(itemLine, contentIndent) : undefined;
    // An empty item followed by a blank line ends there (markdown-it): it gets no more lines.
    const endsEmpty = isBlank(blanked) && isBlank(lines[end + 1]);
    const [blocks, used, spaced] = parseContainer(endsEmpty ? [] : lines, end, outdent(blanked)!, outdent, level + 2);
    let next = end + used;
    while (next < lines.length && isBlank(lines[next])) next++;
    tight &&= !spaced && !previousEndedBlank;
    previousEndedBlank = next - end > 1 && isBlank(lines[next - 1]);
    items.push(blocks);
    end = next;
  }
  const tag = start ? 'ol' : 'ul';
  const startAttribute = start && +start !== 1 ? ` start="${+start}"` : '';
  const renderItem = (blocks: Block[]) =>
    `<li>${blocks.length && (!tight || typeof blocks[0] === 'string') ? '\n' : ''}${renderBlocks(blocks, tight)}</li>\n`;
  return [`<${tag}${startAttribute}>\n${items.map(renderItem).join('')}</${tag}>\n`, end];
}

/** A table row's cells: split at pipes no backslash escapes, without the outer pipes. */
function tableCells(line: string): string[] {
  const cells = line.trim().split(/(?<!\\)\|/);
  if (cells[0] === '') cells.shift();
  if (cells.at(-1) === '') cells.pop();
  return cells.map((cell) => cell.replace(/\\\|/g, '|'));
}

/** The column alignments if lines[index] and the next line start a table (header row, delimiter row). */
function tableAlignments(lines: string[], index: number): string[] | undefined {
  const header = lines[index]!;
  const delimiterRow = lines[index + 1] ?? LAZY;
  const delimiters = unindented(delimiterRow);
  const isTable =
    /^(?!-[ \t])\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/.test(delimiters) &&
    delimiterRow[0] !== LAZY &&
    indentOf(delimiterRow) < 4 &&
    indentOf(header) < 4 &&
    header.includes('|');
  const alignments = delimiters
    .match(/:?-+:?/g)
    ?.map((delimiter) => (delimiter.endsWith(':') ? (delimiter[0] === ':' ? 'center' : 'right') : delimiter[0] === ':' ? 'left' : ''));
  return isTable && tableCells(header).length === alignments?.length ? alignments : undefined;
}

function renderBlocks(blocks: Block[], tight = false): string {
  const render = (block: Block, i: number) =>
    typeof block !== 'string'
      ? tight
        ? block.paragraph
        : `<p>${block.paragraph}</p>\n`
      : // In a tight item a block after a paragraph starts on a new line, code excepted (markdown-it).
        (tight && typeof blocks[i - 1] === 'object' && !block.startsWith('<pre>') ? '\n' : '') + block;
  return blocks.map(render).join('');
}

// --------------------------------------------------------------------------------------------- inlines

/** An emphasis (`*`, `_`: one per character) or strikethrough (`~~`) delimiter, paired by pairDelimiters. */
interface Delimiter {
  /** `*`, `_` or `~~`: also the text while unpaired. */
  marker: string;
  /** The length of the delimiter run, for CommonMark's rule of 3 (0 for `~~`). */
  length: number;
  open: boolean;
  close: boolean;
  /** The index among the delimiters of the closer paired with this opener, -1 if none. */
  end: number;
  /** The index among the delimiters of the opener paired with this closer. */
  opener?: number;
  /** The index among the pieces of inline HTML. */
  index: number;
  /** The tag once paired. */
  html?: string;
}

interface Link {
  /** The position of the label's `]`. */
  labelEnd: number;
  /** The position after the link's `)`. */
  end: number;
  href: string;
  title: string;
}

/**
 * Marks the text of an escape or entity while e-mail addresses are linkified: like markdown-it, an
 * address neither runs into it nor starts right after it.
 */
const SPECIAL = '\0';
/** An entity, its name (`copy`, `#123`, `#x1F600`) in group 1. */
const ENTITY = '&(#x[\\da-f]{1,6}|#\\d{1,7}|[a-z][a-z\\d]{1,31});';
const ENTITY_AT = new RegExp(ENTITY, 'iy');

// Linkify like markdown-it's linkify-it does: URLs after their scheme, e-mail addresses. A host is made of
// "letters": anything but whitespace, punctuation, control characters and < >.
const LETTER = '[^\\s\\p{P}\\p{Cc}<>]';
const HOST_END = `(?![-_]|:\\d|\\.?${LETTER}|\\.-)`;
const URL_PATH = `[/?#](?:\\([^\\s()]*\\)|"[^\\s"]+"|'(?=${LETTER}|-)|[.,;!?](?!\\s|$)|[-\\\\/:%@#&=_~*]|${LETTER})+|/`;
const LINKIFIED_URL = new RegExp(`^https?://${LETTER}+(?:(?:-+|\\.)${LETTER}+)*(?::\\d+)?${HOST_END}(?:${URL_PATH})?`, 'iu');
const MAIL_NAME = "[-\\w!#$%&'*+/=?^`{|}~]";
const MAIL_ADDRESS = `(?:mailto:)?${MAIL_NAME}(?:${MAIL_NAME}|\\.(?=${MAIL_NAME}))*@(?:${LETTER}+(?:-+${LETTER}+)*\\.)+${LETTER}+`;
const LINKIFIED_EMAIL = new RegExp(`(^|[\\s"(]|&[lg]t;)(${MAIL_ADDRESS})${HOST_END}`, 'gu');
/**
 * `(destination "title")`: the destination in <…>, or up to whitespace or a control character with
 * parentheses balanced (one level deep); after whitespace, a title in "…", '…' or (…).
 */
const LINK_TARGET =
  /^\([ \t\n]*(?:<((?:[^\n<>\\]|\\[^])*)>|(?!<)((?:\\[^ ]|\\(?= |$)|[^\0- \x7f()\\]|\((?:\\[^ ]|[^\0- \x7f()\\])*\))*))(?:[ \t\n]+(?:"((?:[^"\\]|\\[^])*)"|'((?:[^'\\]|\\[^])*)'|\(((?:[^()\\]|\\[^])*)\)))?[ \t\n]*\)/;

/** The HTML of a paragraph's (heading's, table cell's) inline content. */
function renderInline(source: string): string {
  const src = source.replace(/^[ \t\n]+|[ \t\n]+$/g, '');

  /** The inline link or image whose label opens at `start`: its label closes and `(destination "title")` follows. */
  function parseLink(start: number, max: number): Link | undefined {
    // The label: brackets balanced, but escaped ones and those in code.
    let labelEnd = start + 1;
    for (let level = 1; labelEnd < max && (src[labelEnd] !== ']' || --level); ) {
      if (src[labelEnd] === '[') level++;
      labelEnd = src[labelEnd] === '\\' ? labelEnd + 2 : src[labelEnd] === '`' ? codeSpan(labelEnd, max)[0] : labelEnd + 1;
    }
    const target = LINK_TARGET.exec(src.slice(labelEnd + 1, max));
    const href = normalizeLink(unescapeAll(target?.[1] ?? target?.[2] ?? ''));
    const title = unescapeAll(target?.[3] ?? target?.[4] ?? target?.[5] ?? '');
    return target && isValidLink(href) ? { labelEnd, end: labelEnd + 1 + target[0].length, href, title } : undefined;
  }

  function skipSpaces(pos: number, max: number): number {
    while (pos < max && /[ \t]/.test(src[pos]!)) pos++;
    return pos;
  }

  /** The end of the code span whose backticks start at `start` and its HTML; without one, the end of the backticks. */
  function codeSpan(start: number, max: number): [number, string?] {
    const backticks = /^`+/.exec(src.slice(start, max))![0].length;
    const end = start + backticks;
    const close = new RegExp(`(?<!\`)\`{${backticks}}(?!\`)`).exec(src.slice(end, max));
    const code = src.slice(end, end + (close?.index ?? 0)).replace(/\n/g, ' ').replace(/^ ([^]*[^ ][^]*) $/, '$1');
    return close ? [end + close.index + backticks, `<code>${escapeHtml(code)}</code>`] : [end];
  }

  /** An autolink `<https://…>` or `<name@host>` at `start`: its end and HTML. */
  function autolink(start: number, max: number): [number, string] | undefined {
    const [bracketed, url = ''] = /^<([^<>]*)>/.exec(src.slice(start, max)) ?? [];
    const isUrl = /^[a-z][a-z\d+.-]{1,31}:[^<>\0- ]*$/i.test(url);
    const isEmail = /^[\w.!#$%&'*+/=?^`{|}~-]+@[a-z\d]+(?:-+[a-z\d]+)*(?:\.[a-z\d]+(?:-+[a-z\d]+)*)*$/i.test(url);
    const href = normalizeLink(isUrl ? url : `mailto:${url}`);
    return bracketed && (isUrl || isEmail) && isValidLink(href) ? [start + bracketed.length, `${anchor(href)}${escapeHtml(url)}</a>`] : undefined;
  }

  function inline(start: number, max: number, inLink: boolean, depth: number): string {
    const pieces: (string | Delimiter)[] = [];
    const delimiters: Delimiter[] = [];
    let pending = '';
    /** Adds the pending text and the piece, returning the piece's index. */
    const push = (piece: string | Delimiter) => {
      if (pending) pieces.push(escapeHtml(pending));
      pending = '';
      return pieces.push(piece) - 1;
    };
    for (let pos = start; pos < max; ) {
      const char = src[pos]!;
      const isImage = char === '!' && src[pos + 1] === '[';
      // A link holds no links (images it may); nesting deeper than markdown-it's limit stays text.
      const link = ((char === '[' && !inLink) || isImage) && depth < MAX_NESTING ? parseLink(pos + +isImage, max) : undefined;
      const code = char === '`' ? codeSpan(pos, max) : undefined;
      const auto = char === '<' ? autolink(pos, max) : undefined;
      ENTITY_AT.lastIndex = pos;
      const entity = char === '&' ? ENTITY_AT.exec(src) : null;
      const entityText = entity ? decodeEntity(entity[1]!) : undefined;
      // A URL is linkified when its scheme, already read as text, is followed by `://`.
      const scheme = char === ':' && !inLink ? /(?:^|[^a-z\d+])(https?)$/i.exec(pending)?.[1] : undefined;
      const url = scheme && LINKIFIED_URL.exec(src.slice(pos - scheme.length, max))?.[0].replace(/\*+$/, '');
      const runLength = /[*_~]/.test(char) ? /^([*_~])\1*/.exec(src.slice(pos, max))![0].length : 0;

      if (char === '\n') {
        const hardBreak = / {2}$/.test(pending);
        pending = pending.replace(/ +$/, '');
        push(hardBreak ? '<br />\n' : '\n');
        pos = skipSpaces(pos + 1, max);
      } else if (char === '\\' && pos + 1 < max) {
        // A backslash before a line break is a hard break, one before ASCII punctuation escapes it; any
        // other stays (and before a space, alone).
        const next = src[pos + 1]!;
        push(next === '\n' ? '<br />\n' : SPECIAL + escapeHtml(/[!-/:-@[-`{-~]/.test(next) ? next : next === ' ' ? '\\' : `\\${next}`));
        pos = next === '\n' ? skipSpaces(pos + 2, max) : pos + (next === ' ' ? 1 : 2);
      } else if (code) {
        if (code[1]) push(code[1]);
        else pending += src.slice(pos, code[0]);
        pos = code[0];
      } else if (runLength > +(char === '~')) {
        // CommonMark's flanking rules, on the characters around the run: 0 other, 1 punctuation, 2 whitespace.
        const kind = (around: string) => (/[\t-\r\p{Zs}]/u.test(around) ? 2 : +/[\p{P}\p{S}]/u.test(around));
        const before = kind([...src.slice(Math.max(0, pos - 2), pos)].pop() ?? ' ');
        const after = kind(pos + runLength < max ? String.fromCodePoint(src.codePointAt(pos + runLength)!) : ' ');
        const leftFlanking = after < 2 && (!after || before > 0);
        const rightFlanking = before < 2 && (!before || after > 0);
        const open = leftFlanking && (char !== '_' || !rightFlanking || before === 1);
        const close = rightFlanking && (char !== '_' || !leftFlanking || after === 1);
        // `~~` pairs delimit, an odd tilde is text.
        if (char === '~' && runLength % 2) push('~');
        for (let i = char === '~' ? 1 : 0; i < runLength; i += char === '~' ? 2 : 1) {
          const delimiter = { marker: char === '~' ? '~~' : char, length: char === '~' ? 0 : runLength, open, close, end: -1, index: 0 };
          delimiter.index = push(delimiter);
          delimiters.push(delimiter);
        }
        pos += runLength;
      } else if (link) {
        const label = inline(pos + 1 + +isImage, link.labelEnd, !isImage, depth + 1);
        const alt = escapeHtml(textOf(label), true);
        push(
          isImage
            ? `<img${attribute('src', safeUrl(link.href, /^https?$/i))} alt="${alt}"${attribute('title', link.title)} />`
            : `${anchor(link.href, link.title)}${label}</a>`,
        );
        pos = link.end;
      } else if (auto) {
        push(auto[1]);
        pos = auto[0];
      } else if (entity && entityText !== undefined) {
        push(SPECIAL + escapeHtml(entityText));
        pos += entity[0].length;
      } else if (scheme && url) {
        pending = pending.slice(0, -scheme.length);
        push(`${anchor(normalizeLink(url))}${escapeHtml(url)}</a>`);
        pos += url.length - scheme.length;
      } else {
        pending += char;
        pos++;
      }
    }
    push('');

    pairDelimiters(delimiters);
    for (let i = delimiters.length - 1; i >= 0; i--) {
      const opener = delimiters[i]!;
      const closer = delimiters[opener.end];
      if (!closer) continue;
      // Two emphasis pairs right inside each other make <strong>, like markdown-it; `~~` pairs make <s>.
      const outer = delimiters[i - 1];
      const outerCloser = delimiters[opener.end + 1];
      const strong =
        opener.marker !== '~~' &&
        outer?.end === opener.end + 1 &&
        outer.marker === opener.marker &&
        outer.index === opener.index - 1 &&
        outerCloser!.index === closer.index + 1;
      const tag = strong ? 'strong' : opener.marker === '~~' ? 's' : 'em';
      [opener.html, closer.html] = [`<${tag}>`, `</${tag}>`];
      if (strong) {
        outer.html = outerCloser!.html = '';
        i--;
      }
    }
    const html = pieces.map((piece) => (typeof piece === 'string' ? piece : (piece.html ?? piece.marker))).join('');
    // E-mail addresses are linkified in text outside links and code (text escaped already: an address has no & < >).
    const linkifyEmails = (text: string) =>
      text.replace(LINKIFIED_EMAIL, (_match, before: string, address: string) => {
        const href = normalizeLink(/^mailto:/.test(address) ? address : `mailto:${address}`);
        return `${before}${anchor(href)}${address}</a>`;
      });
    const linkified = html.replace(/<(a|code)\b[^]*?<\/\1>|<[^>]*>|[^<]+/g, (part) => (part[0] === '<' || inLink ? part : linkifyEmails(part)));
    return linkified.replace(/\0/g, '');
  }

  return inline(0, src.length, false, 0);
}

/** Pairs emphasis and strikethrough delimiters like markdown-it's balance_pairs (CommonMark's algorithm). */
function pairDelimiters(delimiters: Delimiter[]): void {
  let runStart = 0;
  let previousPaired = false;
  delimiters.forEach((closer, closerIndex) => {
    const previous = delimiters[closerIndex - 1];
    // A closer looks for its opener before its run of delimiters (the run restarts after a pairing).
    if (previousPaired || previous?.marker !== closer.marker || previous.index !== closer.index - 1) runStart = closerIndex;
    previousPaired = false;
    // Delimiters inside a pair open none: the search skips from a paired closer to before its opener.
    for (let openerIndex = runStart - 1; closer.close && openerIndex >= 0; openerIndex = (delimiters[openerIndex]!.opener ?? openerIndex) - 1) {
      const opener = delimiters[openerIndex]!;
      const ruleOf3 = (opener.close || closer.open) && (opener.length + closer.length) % 3 === 0 && (opener.length % 3 || closer.length % 3);
      if (opener.marker === closer.marker && opener.open && !ruleOf3) {
        opener.open = opener.close = closer.open = false;
        opener.end = closerIndex;
        closer.opener = openerIndex;
        previousPaired = true;
        return;
      }
    }
  });
}

// ------------------------------------------------------------------------------ URLs, entities, escaping

const escapeHtml = (text: string, inAttribute = false) =>
  text.replace(inAttribute ? /[&<>"]/g : /[&<>]/g, (char) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot' }[char]};`);

/** The text of HTML we wrote: tags dropped, our escapes decoded. */
const textOf = (html: string) => html.replace(/<[^>]*>/g, '').replace(/&(amp|lt|gt|quot);/g, (_entity, name: string) => NAMED_ENTITIES.get(name)!);

const attribute = (name: string, value: string) => (value ? ` ${name}="${escapeHtml(value, true)}"` : '');

/** The URL if sanitize-html let it through: an allowed scheme or relative, not protocol-relative; else ''. */
function safeUrl(url: string, schemes: RegExp): string {
  const scheme = /^([a-z][a-z\d.+-]*):/i.exec(url)?.[1];
  return (scheme ? schemes.test(scheme) : !/^[/\\]{2}/.test(url)) ? url : '';
}

const anchor = (href: string, title = '') =>
  `<a${attribute('href', safeUrl(href, /^(https?|mailto)$/i))}${attribute('title', title)} rel="noopener noreferrer nofollow">`;

/** markdown-it's link check: no javascript:, vbscript:, file: or data: (but images) links at all. */
const isValidLink = (url: string) => !/^(?!data:image\/(gif|png|jpeg|webp);)(vbscript|javascript|file|data):/i.test(url.trim());

/** Percent-encodes what a URL may not hold, keeping valid escapes (markdown-it's mdurl.encode). */
const normalizeLink = (url: string) => url.trim().toWellFormed().replace(/%(?![\dA-Fa-f]{2})|[^\w;/?:@&=+$,\-.!~*'()#%]/gu, encodeURIComponent);

/** The text of an entity (`copy`, `#123`, `#x1F600`): U+FFFD for a character HTML forbids, undefined for an unknown name. */
function decodeEntity(name: string): string | undefined {
  if (name[0] !== '#') return NAMED_ENTITIES.get(name);
  const code = parseInt(name.slice(1).replace(/^x/i, '0x'));
  const char = String.fromCodePoint(code > 0x10ffff ? 0 : code);
  return /^[\0-\b\v\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]$/u.test(char) ? '\uFFFD' : char;
}

/** The named entities staff may type (name and code point); others stay text. */
const NAMED_ENTITIES = new Map(
  Array.from('amp38lt60gt62quot34apos39nbsp160copy169reg174trade8482hellip8230mdash8212ndash8211euro8364colon58'.matchAll(/([a-z]+)(\d+)/g), (entity) => [
    entity[1]!,
    String.fromCodePoint(+entity[2]!),
  ]),
);

/** Backslash escapes and entities decoded, as in link destinations and titles. */
const unescapeAll = (text: string) =>
  text.replace(new RegExp(`\\\\([!-/:-@[-\`{-~])|${ENTITY}`, 'gi'), (match, escaped?: string, entity?: string) =>
    escaped ?? decodeEntity(entity!) ?? match,
  );
