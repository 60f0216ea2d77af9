/**
 * A rebuttal saved before it was co-edited becomes the first content of its shared document.
 * The seed is written by a fixed Yjs client id derived from the text, so when two editors open
 * the case at once and both seed it, they write the same items and Yjs keeps one copy.
 */
import * as Y from 'yjs';
import { prosemirrorToYXmlFragment } from 'y-prosemirror';
import { htmlToDocument } from './schema';

export const REBUTTAL_FRAGMENT = 'rebuttal';

/** FNV-1a, as a non-zero 32-bit Yjs client id. */
function clientIdFor(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash || 1;
}

export function seedFromHtml(doc: Y.Doc, html: string): void {
  if (!html.trim() || doc.getXmlFragment(REBUTTAL_FRAGMENT).length > 0) return;
  const seed = new Y.Doc();
  seed.clientID = clientIdFor(html);
  prosemirrorToYXmlFragment(htmlToDocument(html), seed.getXmlFragment(REBUTTAL_FRAGMENT));
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(seed));
  seed.destroy();
}
