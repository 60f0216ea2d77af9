/**
 * The rebuttal's document model: paragraphs, headings, quotes, lists, line breaks, and bold,
 * italic, underline, strike-through, code and link marks, within the shared rich-text allow-list
 * (the server sanitizes whatever is saved again).
 */
import { DOMParser as ProseMirrorParser, DOMSerializer, Schema, type Node as ProseMirrorNode } from 'prosemirror-model';
import { isAllowedLink, RICH_TEXT_LINK_ATTRIBUTES } from '@refute/shared';

const HEADING_LEVELS = [3, 4] as const;

function assertOneOf(value: unknown, allowed: readonly unknown[], what: string): void {
  if (!allowed.includes(value)) throw new RangeError(`Invalid ${what}`);
}

function assertAllowedLink(value: unknown): void {
  if (typeof value !== 'string' || !isAllowedLink(value)) throw new RangeError('Invalid link');
}

export const rebuttalSchema = new Schema({
  nodes: {
    doc: { content: 'block+' },
    paragraph: { group: 'block', content: 'inline*', parseDOM: [{ tag: 'p' }, { tag: 'div' }], toDOM: () => ['p', 0] },
    heading: {
      group: 'block',
      content: 'inline*',
      // Attributes are validated because documents also arrive from other editors through Yjs,
      // not only from parsed (sanitized) HTML: a bad one is refused, never rendered.
      attrs: { level: { default: 3, validate: (value: unknown) => assertOneOf(value, HEADING_LEVELS, 'heading level') } },
      defining: true,
      parseDOM: [{ tag: 'h3', attrs: { level: 3 } }, { tag: 'h4', attrs: { level: 4 } }],
      toDOM: (node) => [node.attrs.level === 4 ? 'h4' : 'h3', 0],
    },
    blockquote: { group: 'block', content: 'block+', defining: true, parseDOM: [{ tag: 'blockquote' }], toDOM: () => ['blockquote', 0] },
    bullet_list: { group: 'block', content: 'list_item+', parseDOM: [{ tag: 'ul' }], toDOM: () => ['ul', 0] },
    ordered_list: { group: 'block', content: 'list_item+', parseDOM: [{ tag: 'ol' }], toDOM: () => ['ol', 0] },
    list_item: { content: 'paragraph block*', defining: true, parseDOM: [{ tag: 'li' }], toDOM: () => ['li', 0] },
    text: { group: 'inline' },
    hard_break: { group: 'inline', inline: true, selectable: false, parseDOM: [{ tag: 'br' }], toDOM: () => ['br'] },
  },
  marks: {
    link: {
      attrs: { href: { validate: assertAllowedLink } },
      inclusive: false,
      parseDOM: [
        {
          tag: 'a[href]',
          getAttrs: (dom) => {
            const href = (dom).getAttribute('href') ?? '';
            return isAllowedLink(href) ? { href } : false;
          },
        },
      ],
      toDOM: (mark) => ['a', { href: mark.attrs.href as string, ...RICH_TEXT_LINK_ATTRIBUTES }, 0],
    },
    strong: { parseDOM: [{ tag: 'strong' }, { tag: 'b' }], toDOM: () => ['strong', 0] },
    em: { parseDOM: [{ tag: 'em' }, { tag: 'i' }], toDOM: () => ['em', 0] },
    underline: { parseDOM: [{ tag: 'u' }], toDOM: () => ['u', 0] },
    strike: { parseDOM: [{ tag: 's' }], toDOM: () => ['s', 0] },
    code: { parseDOM: [{ tag: 'code' }], toDOM: () => ['code', 0] },
  },
});

/** The document as HTML, for saving the draft. An empty document is the empty string. */
export function documentToHtml(doc: ProseMirrorNode): string {
  if (doc.childCount === 1 && doc.firstChild?.type.name === 'paragraph' && doc.firstChild.childCount === 0) return '';
  const container = document.createElement('div');
  container.appendChild(DOMSerializer.fromSchema(rebuttalSchema).serializeFragment(doc.content));
  return container.innerHTML;
}

/** Stored (sanitized) HTML as a document, for a rebuttal written before it was co-edited. */
export function htmlToDocument(html: string): ProseMirrorNode {
  // An inert document: nothing in the markup loads or runs while it is parsed.
  const body = new window.DOMParser().parseFromString(html, 'text/html').body;
  return ProseMirrorParser.fromSchema(rebuttalSchema).parse(body);
}
