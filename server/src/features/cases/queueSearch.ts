import type { Types } from 'mongoose';
import { casesWithReportMatching } from '../claims/repository';

/** A case as the search sees it: its id and title. */
export interface Searchable {
  _id: Types.ObjectId;
  title: string;
}

/**
 * The ids of the cases among `candidates` whose title or any report's text contains the search.
 * Titles are tested here; only the cases whose title does not match are looked for in the
 * reports, with one query limited to those cases.
 */
export async function casesMatching(candidates: readonly Searchable[], pattern: RegExp): Promise<Set<string>> {
  const found = new Set<string>();
  const rest: Types.ObjectId[] = [];
  for (const candidate of candidates) {
    if (pattern.test(candidate.title)) found.add(String(candidate._id));
    else rest.push(candidate._id);
  }
  if (rest.length === 0) return found;
  for (const caseId of await casesWithReportMatching(rest, pattern)) found.add(caseId);
  return found;
}
