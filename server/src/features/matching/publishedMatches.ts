import { PublicationModel, type PublicationRecord } from '../publications/model';
import { publishedCandidates } from './candidateIndex';
import { indexReady } from './liveIndex';
import { exactMatchKey, normalizeText } from './normalize';
import { notSeparatedFrom } from './separations';
import { matchSettings } from './settings';
import { matchTokens } from './tokens';

const MAX_MATCHES = 5;

export interface PublishedMatchRecord {
  similarity: number;
  /** Probability that the text states the published case's claim. */
  probability: number;
  publication: PublicationRecord;
}

export interface PublishedMatchResult {
  /** Published verdicts precise enough to be this text's own answer (the answer bar). */
  matches: PublishedMatchRecord[];
  /** Published cases on the same subject that are not (surely) the same claim. */
  related: PublishedMatchRecord[];
}

interface Scored {
  similarity: number;
  probability: number;
}

/**
 * Published cases for a text, in the known-rumor lookup's order (`lookupRanking.ts`), in two lists: `matches` clear the answer bar
 * (calibrated for at most one wrong answer in a hundred on the labelled data); `related` are
 * similar (the related bar) but may state another claim, so no verdict is promised.
 */
export async function publishedMatches(text: string): Promise<PublishedMatchResult> {
  const settings = matchSettings();
  const normalizedText = normalizeText(text);
  const scored = new Map<string, Scored>();
  const index = await indexReady();
  const key = exactMatchKey(normalizedText, text);
  const exact = index.caseOfKey(key);
  if (exact) scored.set(exact, { similarity: 1, probability: 1 });
  const isPublished = (caseId: string) => index.caseState(caseId).status === 'published';
  // A case a reviewer said this text is not the claim of never answers it (separations.ts).
  const notSeparated = await notSeparatedFrom(key);
  for (const candidate of (await publishedCandidates(matchTokens(normalizedText, settings.segmentation), isPublished)).filter(notSeparated)) {
    if (candidate.similarity < settings.suggestThreshold || scored.has(String(candidate.caseId))) continue;
    scored.set(String(candidate.caseId), { similarity: candidate.similarity, probability: candidate.answerProbability });
  }
  // Which cases are published, the index knows; only their publications are read, one by _id each.
  const publicationIds = [...scored.keys()]
    .map((caseId) => index.caseState(caseId))
    // A case reopened for a correction still answers with its published version until the next
    // one; a retracted case answers no more (an identical text finds it by its key all the same).
    .filter((state) => state.publicationId && state.status !== 'retracted')
    .map((state) => state.publicationId!);
  const publications = (await Promise.all(publicationIds.map((id) => PublicationModel.findById(id).lean<PublicationRecord>()))).filter(
    (publication): publication is PublicationRecord => publication !== null && !publication.retraction,
  );
  // In the order the candidates came (an exact text first, then rank order), as intake and the case page see them.
  const order = [...scored.keys()];
  const records = publications
    .map((publication) => ({ publication, ...scored.get(String(publication.caseId))! }))
    .sort((a, b) => order.indexOf(String(a.publication.caseId)) - order.indexOf(String(b.publication.caseId)));
  return {
    matches: records.filter((record) => record.probability >= settings.answerThreshold).slice(0, MAX_MATCHES),
    related: records
      .filter((record) => record.probability < settings.answerThreshold && record.similarity >= settings.relatedThreshold)
      .slice(0, MAX_MATCHES),
  };
}
