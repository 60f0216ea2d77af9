/**
 * The server sanitizes rebuttal HTML; this client-side pass is defense in depth before the
 * markup is put into the page, with the same allow-list (from shared/).
 */
import { RICH_TEXT_LINK_ATTRIBUTES, RICH_TEXT_TAGS, httpUrlSchema, isAllowedLink } from '@refute/shared';

const ALLOWED_TAGS = new Set<string>(RICH_TEXT_TAGS.map((tag) => tag.toUpperCase()));
const DROP_WITH_CONTENT = new Set(['SCRIPT', 'STYLE', 'IFRAME', 'OBJECT', 'EMBED', 'TEMPLATE', 'NOSCRIPT', 'SVG', 'MATH']);

export function isHttpUrl(value: string): boolean {
  return httpUrlSchema.safeParse(value).success;
}

function clean(node: Element): void {
  for (const child of Array.from(node.children)) {
    if (DROP_WITH_CONTENT.has(child.tagName)) {
      child.remove();
      continue;
    }
    clean(child);
    if (!ALLOWED_TAGS.has(child.tagName)) {
      child.replaceWith(...Array.from(child.childNodes));
      continue;
    }
    for (const attr of Array.from(child.attributes)) {
      const keep = child.tagName === 'A' && (attr.name === 'title' || (attr.name === 'href' && isAllowedLink(attr.value)));
      if (!keep) child.removeAttribute(attr.name);
    }
    if (child.tagName === 'A') {
      for (const [name, value] of Object.entries(RICH_TEXT_LINK_ATTRIBUTES)) child.setAttribute(name, value);
    }
  }
}

export function sanitizeHtml(html: string): string {
  // DOMParser documents are inert: nothing in them runs or loads.
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  clean(doc.body);
  return doc.body.innerHTML;
}
