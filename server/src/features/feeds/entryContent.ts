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
  return nameBasedUuid(`refute:case:${caseId}`);
}

/** A name-based UUID URN (RFC 9562, version 5, SHA-1): the same name always gives the same id. */
export function nameBasedUuid(name: string): string {
  const hash = createHash('sha1').update(name).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The notice an entry carries, in its language: a retraction's (with its date and reason) or a
 * correction's; null for a first publication.
 */
export function correctionNotice(entry: FeedEntry): string | null {
  const texts = feedTexts(entry.language);
  if (entry.retraction) return `${texts.retracted(entry.retraction.retractedAt.slice(0, 10))}: ${entry.retraction.reason}`;
  return entry.correctionReason ? `${texts.correction}: ${entry.correctionReason}` : null;
}

/** The title of an entry: a retracted verdict is marked as such wherever only titles are shown. */
export function entryTitle(entry: FeedEntry): string {
  return entry.retraction ? `${feedTexts(entry.language).retractedMark}${entry.headline}` : entry.headline;
}

/** The summary line of an entry: a correction or a retraction says so first. */
export function entrySummary(entry: FeedEntry): string {
  const notice = correctionNotice(entry);
  return notice ? `${notice}\n${entry.summary}` : entry.summary;
}

/**
 * The entry's body as HTML: verdict, correction notice (a retraction's first), summary, the rebuttal (sanitized when
 * it was saved) and the evidence with its kinds.
 */
export function entryHtml(entry: FeedEntry): string {
  const texts = feedTexts(entry.language);
  const notice = correctionNotice(entry);
  const evidence = entry.evidence.map(
    (item) => `<li><a href="${escapeHtml(item.url)}">${escapeHtml(item.title)}</a> (${escapeHtml(texts.evidenceKind[item.kind])})</li>`,
  );
  return [
    // A retraction's notice comes before the verdict it withdraws.
    entry.retraction && notice ? `<p role="note"><strong>${escapeHtml(notice)}</strong></p>` : '',
    `<p><strong>${escapeHtml(entry.retraction ? texts.withdrawnVerdictLine : texts.verdictLine)}: ${escapeHtml(texts.verdict[entry.verdict])}</strong></p>`,
    !entry.retraction && notice ? `<p role="note"><strong>${escapeHtml(notice)}</strong></p>` : '',
    `<p>${escapeHtml(entry.summary)}</p>`,
    entry.rebuttalHtml,
    evidence.length > 0 ? `<h2>${escapeHtml(texts.evidence)}</h2><ul>${evidence.join('')}</ul>` : '',
  ].join('');
}
