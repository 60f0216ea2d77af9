import { createHash } from 'node:crypto';
import escapeHtml from 'escape-html';
import type { FeedEntry } from './feedEntries';
import { feedTexts } from './feedTexts';

/**
 * The permanent id of a case's entry in every feed document, whatever address the server is
 * reached at: a name-based UUID (RFC 9562, version 5, SHA-1) of the case id, so a reader that
 * holds the entry replaces it when a correction arrives.
 */
export function caseEntryId(caseId: string): string {
  const hash = createHash('sha1').update(`refute:case:${caseId}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The notice a correction carries, in the entry's language; null for a first publication. */
export function correctionNotice(entry: FeedEntry): string | null {
  return entry.correctionReason ? `${feedTexts(entry.language).correction}: ${entry.correctionReason}` : null;
}

/** The summary line of an entry: a correction says so first. */
export function entrySummary(entry: FeedEntry): string {
  const notice = correctionNotice(entry);
  return notice ? `${notice}\n${entry.summary}` : entry.summary;
}

/**
 * The entry's body as HTML: verdict, correction notice, summary, the rebuttal (sanitized when
 * it was saved) and the evidence with its kinds.
 */
export function entryHtml(entry: FeedEntry): string {
  const texts = feedTexts(entry.language);
  const notice = correctionNotice(entry);
  const evidence = entry.evidence.map(
    (item) => `<li><a href="${escapeHtml(item.url)}">${escapeHtml(item.title)}</a> (${escapeHtml(texts.evidenceKind[item.kind])})</li>`,
  );
  return [
    `<p><strong>${escapeHtml(texts.verdictLine)}: ${escapeHtml(texts.verdict[entry.verdict])}</strong></p>`,
    notice ? `<p role="note"><strong>${escapeHtml(notice)}</strong></p>` : '',
    `<p>${escapeHtml(entry.summary)}</p>`,
    entry.rebuttalHtml,
    evidence.length > 0 ? `<h2>${escapeHtml(texts.evidence)}</h2><ul>${evidence.join('')}</ul>` : '',
  ].join('');
}
