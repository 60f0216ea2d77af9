import sanitizeHtml from 'sanitize-html';
import { RICH_TEXT_LINK_ATTRIBUTES, RICH_TEXT_LINK_SCHEMES, RICH_TEXT_TAGS } from '@refute/shared';

/**
 * The rebuttal is rich text written in the browser. Only the shared allow-list survives:
 * structure, emphasis, lists, quotes and http(s)/mailto links, which always open safely.
 */
const REBUTTAL_POLICY: sanitizeHtml.IOptions = {
  allowedTags: [...RICH_TEXT_TAGS],
  // target and rel are set by the transform below, whatever the author wrote.
  allowedAttributes: { a: ['href', 'title', 'target', 'rel'] },
  allowedSchemes: [...RICH_TEXT_LINK_SCHEMES],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: ['style', 'script', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'template', 'svg', 'math'],
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { ...RICH_TEXT_LINK_ATTRIBUTES }),
  },
};

export function sanitizeRebuttal(html: string): string {
  return sanitizeHtml(html, REBUTTAL_POLICY).trim();
}
