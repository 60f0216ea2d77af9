import { CaseModel, type CaseRecord } from '../cases/model';
import { PublicationModel, type PublicationRecord } from '../publications/model';
import { nearestCases } from './candidateIndex';
import { CaseKeyModel } from './caseKeyModel';
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
  const exact = await CaseKeyModel.findById(exactMatchKey(normalizedText, text)).lean();
  if (exact) scored.set(String(exact.caseId), 1);
  for (const candidate of await nearestCases(matchTokens(normalizedText, settings.segmentation), settings)) {
    if (candidate.similarity < settings.joinThreshold) break;
    if (!scored.has(String(candidate.caseId))) scored.set(String(candidate.caseId), candidate.similarity);
  }
  if (scored.size === 0) return [];
  const cases = await CaseModel.find({ _id: { $in: [...scored.keys()] }, status: 'published' }, { publicationId: 1 }).lean<CaseRecord[]>();
  const publications = await PublicationModel.find({ _id: { $in: cases.map((c) => c.publicationId) } }).lean<PublicationRecord[]>();
  return publications
    .map((publication) => ({ publication, similarity: scored.get(String(publication.caseId)) ?? 0 }))
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, MAX_MATCHES);
}
