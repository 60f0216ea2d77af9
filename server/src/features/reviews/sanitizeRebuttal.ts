import sanitizeHtml from 'sanitize-html';

/**
 * The rebuttal is rich text written in the browser. Only this allow-list survives: structure,
 * emphasis, lists, quotes and http(s)/mailto links, which always open safely in a new tab.
 */
const REBUTTAL_POLICY: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'b', 'em', 'i', 'u', 's', 'ul', 'ol', 'li', 'blockquote', 'h3', 'h4', 'a', 'sup', 'sub', 'code'],
  // rel and target are set by the transform below, whatever the author wrote.
  allowedAttributes: { a: ['href', 'title', 'rel', 'target'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: ['style', 'script', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed'],
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }),
  },
};

export function sanitizeRebuttal(html: string): string {
  return sanitizeHtml(html, REBUTTAL_POLICY).trim();
}
