import sanitizeHtml from 'sanitize-html';

/** No markup survives; what scripts and styles hold is dropped with them. */
const PLAIN_TEXT_POLICY: sanitizeHtml.IOptions = {
  allowedTags: [],
  allowedAttributes: {},
  disallowedTagsMode: 'discard',
  nonTextTags: ['style', 'script', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'template', 'svg', 'math'],
};

/** sanitize-html escapes these three in the text it keeps: plain text holds the characters. */
const ESCAPED: ReadonlyArray<[RegExp, string]> = [
  [/&lt;/g, '<'],
  [/&gt;/g, '>'],
  [/&amp;/g, '&'],
];

/**
 * A line of plain text from what a person typed: markup removed, control characters and runs
 * of white space made one space. Shown as text everywhere (never as HTML), so the characters
 * `<` and `&` stay what they were.
 */
export function toPlainText(input: string): string {
  let text = sanitizeHtml(input, PLAIN_TEXT_POLICY);
  for (const [escaped, character] of ESCAPED) text = text.replace(escaped, character);
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
}
