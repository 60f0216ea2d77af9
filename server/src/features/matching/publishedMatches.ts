import { PublicationModel, type PublicationRecord } from '../publications/model';
import { nearestCases } from './candidateIndex';
import { indexReady } from './liveIndex';
import { exactMatchKey, normalizeText } from './normalize';
import { matchSettings } from './settings';
import { matchTokens } from './tokens';

const MAX_MATCHES = 5;

export interface PublishedMatchRecord {
  similarity: number;
  publication: PublicationRecord;
}

/**
 * Published cases that a text is a near-duplicate of, best first. Only matches at the join
 * threshold count: a text that is merely about the same topic is not told it is a rumor.
 */
export async function publishedMatches(text: string): Promise<PublishedMatchRecord[]> {
  const settings = matchSettings();
  const normalizedText = normalizeText(text);
  const scored = new Map<string, number>();
  const exact = (await indexReady()).caseOfKey(exactMatchKey(normalizedText, text));
  if (exact) scored.set(exact, 1);
  for (const candidate of await nearestCases(matchTokens(normalizedText, settings.segmentation))) {
    if (candidate.similarity < settings.joinThreshold) break;
    if (!scored.has(String(candidate.caseId))) scored.set(String(candidate.caseId), candidate.similarity);
  }
  if (scored.size === 0) return [];
  // Which cases are published, the index knows; only their publications are read, one by _id each.
  const index = await indexReady();
  const publicationIds = [...scored.keys()]
    .map((caseId) => index.caseState(caseId))
    // A case reopened for a correction still answers with its published version until the next one.
    .filter((state) => state.publicationId)
    .map((state) => state.publicationId!);
  const publications = (await Promise.all(publicationIds.map((id) => PublicationModel.findById(id).lean<PublicationRecord>()))).filter(
    (publication): publication is PublicationRecord => publication !== null,
  );
  return publications
    .map((publication) => ({ publication, similarity: scored.get(String(publication.caseId)) ?? 0 }))
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, MAX_MATCHES);
}
