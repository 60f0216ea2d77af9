/**
 * The one allow-list for rebuttal rich text. The server enforces it with sanitize-html before
 * storing; the client applies it again before putting stored markup into the page.
 */
export const RICH_TEXT_TAGS = [
  'p', 'div', 'br', 'strong', 'b', 'em', 'i', 'u', 's', 'ul', 'ol', 'li', 'blockquote', 'h3', 'h4', 'a', 'sup', 'sub', 'code',
] as const;

export const RICH_TEXT_LINK_SCHEMES = ['http', 'https', 'mailto'] as const;

/** Every link opens in a new tab without giving the target page a handle on ours. */
export const RICH_TEXT_LINK_ATTRIBUTES = { target: '_blank', rel: 'noopener noreferrer nofollow' } as const;

export function isAllowedLink(href: string): boolean {
  try {
    const url = new URL(href);
    return (RICH_TEXT_LINK_SCHEMES as readonly string[]).includes(url.protocol.replace(/:$/, ''));
  } catch {
    return false;
  }
}
