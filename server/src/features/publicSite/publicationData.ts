/**
 * What a publication's public page shows besides the publication: its case's other versions, the
 * organisation that reviewed it, where the claim appeared, and its retraction if any. Read once
 * per slug and kept for a short while, so a page shared widely is not read from the database on
 * every view; a new version published in this process drops what is kept.
 */
import type { Types } from 'mongoose';
import { onPublicationsChanged } from '../publications/changes';
import { caseClaims } from '../claims/repository';
import { organisationNames, organisationsSharingReportLinks } from '../organisations/repository';
import { PublicationModel, type PublicationRecord } from '../publications/model';
import { findPublicationBySlug } from '../publications/repository';
import { UserModel, type UserRecord } from '../users/model';

export interface VersionSummary {
  version: number;
  slug: string;
  publishedAt: Date;
  correctionReason: string | null;
  /** Why this version retracted the verdict (a retraction is the case's last version). */
  retractionReason: string | null;
}

export interface Appearance {
  url: string;
  reportedAt: Date;
}

export interface PublicationPageData {
  publication: PublicationRecord;
  /** Every version of the case, oldest first (this one included). */
  versions: VersionSummary[];
  /** The case's retraction, when its verdict was retracted: every version's page says so. */
  retraction: VersionSummary | null;
  reviewer: { zh: string; en: string } | null;
  /** Public URLs where the claim was reported, earliest first, from platforms that allow it. */
  appearances: Appearance[];
  /** When the claim was first reported by any platform: it was made no later. */
  firstReportedAt: Date | null;
}

const MAX_APPEARANCES = 5;
const KEPT_FOR_MS = 30_000;
const MAX_KEPT = 500;
const kept = new Map<string, { data: PublicationPageData; until: number }>();

/** A readable slug: lowercase words and digits joined by hyphens. */
export const isSlug = (slug: string) => /^[a-z0-9-]{1,120}$/.test(slug);

export async function publicationPageData(slug: string): Promise<PublicationPageData | null> {
  const hit = kept.get(slug);
  if (hit && hit.until > Date.now()) return hit.data;
  const publication = isSlug(slug) ? await findPublicationBySlug(slug) : null;
  if (!publication) return null;
  const [versions, reviewer, reports] = await Promise.all([
    versionsOf(publication.caseId),
    reviewingOrganisation(publication.approvedBy),
    reportsOf(publication.caseId),
  ]);
  const data = { publication, versions, retraction: versions.find((version) => version.retractionReason !== null) ?? null, reviewer, ...reports };
  if (kept.size >= MAX_KEPT) kept.delete(kept.keys().next().value!);
  kept.set(slug, { data, until: Date.now() + KEPT_FOR_MS });
  return data;
}

// A new version (a correction or a retraction) changes what every page of its case says: forgotten at once, whichever process published it.
onPublicationsChanged(() => kept.clear());

async function versionsOf(caseId: Types.ObjectId): Promise<VersionSummary[]> {
  const rows = await PublicationModel.find({ caseId }, { version: 1, slug: 1, publishedAt: 1, correctionReason: 1, retraction: 1 }).lean<PublicationRecord[]>();
  return rows
    .map(({ version, slug, publishedAt, correctionReason, retraction }) => ({
      version,
      slug,
      publishedAt,
      correctionReason: correctionReason ?? null,
      retractionReason: retraction?.reason ?? null,
    }))
    .sort((a, b) => a.version - b.version);
}

/** The organisation of the lead who approved the publication. */
async function reviewingOrganisation(approvedBy: Types.ObjectId): Promise<{ zh: string; en: string } | null> {
  const lead = await UserModel.findById(approvedBy, { orgId: 1 }).lean<UserRecord>();
  if (!lead) return null;
  return (await organisationNames([String(lead.orgId)]))[String(lead.orgId)] ?? null;
}

async function reportsOf(caseId: Types.ObjectId): Promise<Pick<PublicationPageData, 'appearances' | 'firstReportedAt'>> {
  const reports = (await caseClaims(caseId, { url: 1, orgId: 1, reportedAt: 1 })).sort(
    (a, b) => a.reportedAt.getTime() - b.reportedAt.getTime(),
  );
  const withUrl = reports.filter((report) => typeof report.url === 'string' && report.url.length > 0);
  const sharing = await organisationsSharingReportLinks([...new Set(withUrl.map((report) => String(report.orgId)))]);
  const seen = new Set<string>();
  const appearances = withUrl
    .filter((report) => sharing.has(String(report.orgId)))
    .filter((report) => !seen.has(report.url!) && Boolean(seen.add(report.url!)))
    .slice(0, MAX_APPEARANCES)
    .map((report) => ({ url: report.url!, reportedAt: report.reportedAt }));
  return { appearances, firstReportedAt: reports[0]?.reportedAt ?? null };
}
