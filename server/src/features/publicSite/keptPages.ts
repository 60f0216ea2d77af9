/**
 * Rendered publication pages, kept for as long as the data they show (publicationData.ts): a
 * page shared widely is rendered once per language, text size and address, not on every view.
 * A new version (a correction or a retraction) published in this process drops them at once;
 * other processes' versions show within the same half minute as their data.
 */
import { domainEvents } from '../../realtime/domainEvents';

const KEPT_FOR_MS = 30_000;
const MAX_KEPT = 1_000;
const kept = new Map<string, { html: string; until: number }>();

domainEvents.on('publication.created', () => kept.clear());

export async function keptPage(key: string, render: () => Promise<string>): Promise<string> {
  const hit = kept.get(key);
  if (hit && hit.until > Date.now()) return hit.html;
  const html = await render();
  if (kept.size >= MAX_KEPT) kept.delete(kept.keys().next().value!);
  kept.set(key, { html, until: Date.now() + KEPT_FOR_MS });
  return html;
}
