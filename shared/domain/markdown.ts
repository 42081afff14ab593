/**
 * Markdown → safe HTML, done once when staff write (announcements, articles), never per read:
 * only the staff write functions bundle this module. Two layers: markdown-it with raw HTML
 * disabled (so `<script>` is text, not a tag), then sanitize-html with a strict allowlist as
 * defense in depth (no scripts, no event handlers, no styles, links only to http, https and
 * mailto (images http and https), every link `rel="noopener noreferrer nofollow"`).
 */
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

const allowlist: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 's', 'code', 'pre', 'blockquote',
    'ul', 'ol', 'li', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
  ],
  allowedAttributes: { a: ['href', 'title', 'rel'], img: ['src', 'alt', 'title'], ol: ['start'], th: ['style'], td: ['style'] },
  // markdown-it aligns table cells with style="text-align: …"; nothing else of CSS survives.
  allowedStyles: { '*': { 'text-align': [/^(left|right|center)$/] } },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['https', 'http'] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow' }),
  },
};

/** Sanitized HTML for a Markdown text. */
export function renderMarkdown(source: string): string {
  return sanitizeHtml(markdown.render(source), allowlist).trim();
}

/** The words of a Markdown text without markup, whitespace collapsed: for excerpts and the search index. */
export function markdownToPlainText(source: string): string {
  const html = sanitizeHtml(markdown.render(source), { allowedTags: [], allowedAttributes: {} });
  return decodeEntities(html).replace(/\s+/g, ' ').trim();
}

const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'" };
const decodeEntities = (text: string) => text.replace(/&(?:amp|lt|gt|quot|#39|#x27);/g, (entity) => entities[entity]!);
