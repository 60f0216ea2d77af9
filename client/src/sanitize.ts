/**
 * The server sanitizes rebuttal HTML (sanitize-html); this client-side pass with DOMPurify is
 * defense in depth before markup is put into the page, with the same allow-list (from shared/).
 */
import DOMPurify from 'dompurify';
import { RICH_TEXT_LINK_ATTRIBUTES, RICH_TEXT_TAGS, httpUrlSchema, isAllowedLink } from '@refute/shared';

export function isHttpUrl(value: string): boolean {
  return httpUrlSchema.safeParse(value).success;
}

const purifier = DOMPurify(window);
purifier.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName !== 'A') return;
  const href = node.getAttribute('href');
  if (href !== null && !isAllowedLink(href)) node.removeAttribute('href');
  for (const [name, value] of Object.entries(RICH_TEXT_LINK_ATTRIBUTES)) node.setAttribute(name, value);
});

export function sanitizeHtml(html: string): string {
  return purifier.sanitize(html, {
    ALLOWED_TAGS: [...RICH_TEXT_TAGS],
    ALLOWED_ATTR: ['href', 'title'],
    ALLOW_DATA_ATTR: false,
  });
}
