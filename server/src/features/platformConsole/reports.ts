/**
 * A platform's own reports, as its moderators see them in the console: newest first, each with
 * the state of its case (from the matching index, which every process keeps current) and, once
 * published, the verdict and the public page. Always scoped to the moderator's organisation.
 */
import { Types } from 'mongoose';
import type { CaseStatus, ClaimStatus, PlatformReport, PlatformReportsQuery } from '@refute/shared';
import { engine } from '../../engine';
import type { ListedClaim } from '../../engine/claimLookups';
import { claimStatusOf, presentClaimStatus } from '../claims/presenter';
import { matchIndex } from '../matching/liveIndex';
import { PublicationModel, type PublicationRecord } from '../publications/model';
import { searchPattern } from '../../text/searchPattern';

/** How many of an organisation's newest reports a filtered or searched list looks through. */
const SCANNED = 5_000;


export async function platformReports(orgId: string, query: PlatformReportsQuery, baseUrl: string): Promise<{ items: PlatformReport[]; nextCursor: string | null }> {
  const offset = Number(query.cursor ?? 0);
  const filtered = Boolean(query.status || query.q);
  const claims = await engine().claims.newestOfPlatform(new Types.ObjectId(orgId), { skip: filtered ? 0 : offset, limit: filtered ? SCANNED : query.limit + 1 });
  const states = new Map(claims.map((claim) => [String(claim._id), claim.caseId ? matchIndex().caseState(String(claim.caseId)) : null]));
  const statusOf = (claim: ListedClaim): ClaimStatus => {
    const state = states.get(String(claim._id));
    if (state?.status === 'retracted') return 'retracted';
    // A case reopened for a correction still answers with its published verdict.
    return state?.publicationId ? 'published' : claimStatusOf(state?.status as CaseStatus | undefined);
  };
  const words = query.q ? searchPattern(query.q) : null;
  const matching = filtered ? claims.filter((claim) => (!query.status || statusOf(claim) === query.status) && (!words || words.test(claim.text))) : claims;
  const page = filtered ? matching.slice(offset, offset + query.limit + 1) : matching;
  const shown = page.slice(0, query.limit);

  const publicationIds = [...new Set(shown.map((claim) => states.get(String(claim._id))?.publicationId).filter((id): id is string => Boolean(id)))];
  const publications = publicationIds.length > 0 ? await PublicationModel.find({ _id: { $in: publicationIds } }).lean<PublicationRecord[]>() : [];
  const byId = new Map(publications.map((publication) => [String(publication._id), publication]));

  const items = shown.map((claim): PlatformReport => {
    const state = states.get(String(claim._id));
    const publication = state?.publicationId ? (byId.get(state.publicationId) ?? null) : null;
    return {
      ...presentClaimStatus(claim, null, publication, baseUrl),
      status: statusOf(claim),
      text: claim.text,
      ...(claim.url ? { url: claim.url } : {}),
      ...(claim.region ? { region: claim.region } : {}),
    };
  });
  return { items, nextCursor: page.length > query.limit ? String(offset + query.limit) : null };
}
