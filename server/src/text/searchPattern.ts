/** What people type into a search box, made safe to use in a pattern: never a regular expression. */
export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The search text as a literal, case-insensitive pattern. Words may be apart by any whitespace,
 * as a line break in a report reads like a space.
 */
export function searchPattern(q: string): RegExp {
  return new RegExp(q.trim().split(/\s+/).map(escapeRegExp).join('\\s+'), 'i');
}
