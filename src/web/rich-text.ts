/**
 * The safe rich-text subset of news bodies and event texts (issue 16): paragraphs, headings,
 * emphasis, lists, quotes, links (http, https, mailto; opened with rel="noopener nofollow") and
 * images already on the platform or served over https. Everything else — scripts, styles, event
 * handlers, iframes, `javascript:` and `data:` URLs — is removed by sanitize-html (a maintained
 * sanitiser; never hand-written patterns). Texts are sanitised when stored and rendered as stored.
 */
import sanitizeHtml from 'sanitize-html';

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'h2', 'h3', 'h4', 'strong', 'b', 'em', 'i', 'u', 's', 'ul', 'ol', 'li', 'blockquote', 'a', 'img', 'figure', 'figcaption', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
  allowedAttributes: { a: ['href', 'title'], img: ['src', 'alt', 'width', 'height'], th: ['colspan', 'rowspan'], td: ['colspan', 'rowspan'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['https'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener nofollow' }) },
};

/** The body as it may be stored and shown: only the safe subset is left. */
export const sanitizeRichText = (html: string): string => sanitizeHtml(html, { ...OPTIONS, allowedAttributes: { ...OPTIONS.allowedAttributes, a: ['href', 'title', 'rel'] } }).trim();

/** The text of a body without any markup (summaries, feeds' plain fields, search). */
export const richTextToPlain = (html: string): string => sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }).replace(/\s+/g, ' ').trim();
