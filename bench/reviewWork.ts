/**
 * Gives seeded cases (seedCases.ts) the shape of a year of review work: most cases published,
 * some in review, submitted or returned, a few still open; a third of the rumors reported by
 * several platforms; draft revisions, workflow transitions, publications and the audit trail
 * as intake and the workflow write them.
 */
import { Types } from 'mongoose';
import { VERDICTS } from '@refute/shared';
import { AuditEventModel } from '../server/src/features/audit/model';
import { CaseTransitionModel } from '../server/src/features/cases/transitionModel';
import { PublicationModel } from '../server/src/features/publications/model';
import { DraftRevisionModel } from '../server/src/features/reviews/draftModel';
import type { SeedBatch } from './seedCases';

/** Shares of cases by status after a year (the rest, 10 %, still open). */
const STATUS_SHARES: Array<[string, number]> = [
  ['published', 0.75],
  ['in_review', 0.08],
  ['submitted', 0.05],
  ['returned', 0.02],
];
/** The workflow steps that lead to each status: [action, status] per transition. */
const STEPS: Record<string, Array<[string, string]>> = {
  in_review: [['case.claimed', 'in_review']],
  submitted: [['case.claimed', 'in_review'], ['review.submitted', 'submitted']],
  returned: [['case.claimed', 'in_review'], ['review.submitted', 'submitted'], ['review.returned', 'returned']],
  published: [['case.claimed', 'in_review'], ['review.submitted', 'submitted'], ['case.approved', 'published']],
};
const YEAR_MS = 365 * 24 * 3600_000;
const REBUTTAL = `<p>${'The claim misreads the study it cites; the measured effect is small and was not replicated. '.repeat(12)}</p>`;

export interface Reviewers {
  reviewerId: Types.ObjectId;
  leadId: Types.ObjectId;
}

export function reviewWork({ reviewerId, leadId }: Reviewers, random: () => number): (batch: SeedBatch) => Promise<void> {
  const pickStatus = () => {
    let roll = random();
    for (const [status, share] of STATUS_SHARES) {
      if (roll < share) return status;
      roll -= share;
    }
    return 'open';
  };
  return async ({ cases, claims }) => {
    const transitions: Array<Record<string, unknown>> = [];
    const drafts: Array<Record<string, unknown>> = [];
    const publications: Array<Record<string, unknown>> = [];
    const audit: Array<Record<string, unknown>> = [];
    const audited = (action: string, actorId: Types.ObjectId | null, kind: string, id: Types.ObjectId, at: Date) =>
      audit.push({ at, action, actor: actorId ? { kind: 'user', id: actorId } : { kind: 'api_key', id: new Types.ObjectId() }, orgId: null, subject: { kind, id } });
    const firstReports = [...claims];
    for (const [index, record] of cases.entries()) {
      const caseId = record._id;
      const at = new Date(Date.now() - random() * YEAR_MS);
      const report = firstReports[index]!;
      report._id = new Types.ObjectId();
      audited('claim.created', null, 'claim', report._id as Types.ObjectId, at);
      audited('case.opened', null, 'case', caseId, at);
      // A third of rumors are reported more than once (other platforms, reposts).
      const extra = random() < 0.33 ? 1 + Math.floor(random() * 5) : 0;
      for (let k = 1; k <= extra; k += 1) {
        const again = { ...report, _id: new Types.ObjectId(), externalId: `${String(report.externalId)}-r${k}`, payloadHash: `${String(report.payloadHash)}-r${k}` };
        claims.push(again);
        audited('claim.created', null, 'claim', again._id, at);
        audited('case.report_added', null, 'case', caseId, at);
      }
      const status = pickStatus();
      if (status === 'open') continue;
      const draftVersions = 1 + Math.floor(random() * 3);
      const verdict = VERDICTS[Math.floor(random() * VERDICTS.length)]!;
      const draft = { caseId, verdict, headline: `Checked: ${record.title.slice(0, 60)}`, summary: 'What the evidence says, in plain words.', rebuttalHtml: REBUTTAL, evidence: [{ title: 'Systematic review', url: `https://evidence.example/${String(caseId)}`, kind: 'paper' }], authorIds: [reviewerId], savedBy: reviewerId, savedAt: at };
      for (let version = 1; version <= draftVersions; version += 1) {
        drafts.push({ ...draft, version, basedOn: version - 1 });
        audited('draft.saved', reviewerId, 'case', caseId, at);
      }
      const publicationId = status === 'published' ? new Types.ObjectId() : null;
      if (publicationId) {
        publications.push({ ...draft, _id: publicationId, version: 1, slug: `${String(caseId)}-v1`, topic: record.topic, language: 'en', claimText: record.title, approvedBy: leadId, publishedAt: at });
        audited('publication.created', leadId, 'publication', publicationId, at);
      }
      const steps = STEPS[status]!;
      let state: Record<string, unknown> = {};
      steps.forEach(([action, stepStatus], step) => {
        state = {
          status: stepStatus,
          assigneeIds: [reviewerId],
          submittedDraftVersion: stepStatus === 'submitted' || stepStatus === 'published' ? draftVersions : null,
          returnComment: stepStatus === 'returned' ? 'Please cite the original study.' : null,
          publicationId: stepStatus === 'published' ? publicationId : null,
          publishedVersion: stepStatus === 'published' ? 1 : 0,
          mergedInto: null,
          topic: record.topic,
          topicConfidence: record.topicConfidence ?? null,
          topicCorrectedBy: null,
        };
        const actorId = action === 'case.approved' ? leadId : reviewerId;
        transitions.push({ caseId, seq: step + 1, action, actorId, at, state });
        audited(action, actorId, 'case', caseId, at);
      });
      Object.assign(record, state, { stateSeq: steps.length });
    }
    await DraftRevisionModel.insertMany(drafts);
    await CaseTransitionModel.insertMany(transitions);
    await PublicationModel.insertMany(publications);
    await AuditEventModel.insertMany(audit);
  };
}
