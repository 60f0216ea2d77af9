import { Router } from 'express';
import {
  assignCaseSchema,
  caseUnitsSchema,
  checklistTickParamsSchema,
  checklistTickSchema,
  claimStatementSchema,
  caseListQuerySchema,
  caseReportParamsSchema,
  draftSaveSchema,
  idParamsSchema,
  mergeCaseSchema,
  notSameClaimSchema,
  reopenCaseSchema,
  returnDraftSchema,
  setLaneSchema,
  setTopicSchema,
  type CaseQueuePage,
} from '@refute/shared';
import { asyncHandler, requireUser } from '../../http/auth';
import { baseUrlOf } from '../../http/baseUrl';
import { parseInput } from '../../http/validate';
import { presentPublication } from '../publications/presenter';
import { approveCase, reopenCase } from '../reviews/approval';
import { assignCase, claimCase, returnCase, saveDraft, setTopic, submitCase, unassignCase } from '../reviews/workflow';
import { setClaimStatement } from './claimStatement';
import { caseDetail } from './detail';
import { setLeadLane } from './lane';
import { mergeCase, moveReportOut } from './mergeSplit';
import { markNotSameClaim } from './notSameClaim';
import { presentCaseSummary, presentDraft } from './presenter';
import { listQueue } from './queue';
import { setCaseUnits } from '../escalation/units';
import { tickChecklistItem } from '../checklists/service';

/** The workbench: the queue and the review of one case. */
export function caseRoutes(): Router {
  const router = Router();
  const reviewer = requireUser('reviewer', 'lead');
  const lead = requireUser('lead');
  const caseId = (params: unknown) => parseInput(idParamsSchema, params, 'case id').id;

  router.get(
    '/',
    requireUser('reviewer', 'lead', 'admin'),
    asyncHandler(async (req, res) => {
      const query = parseInput(caseListQuerySchema, req.query, 'queue query');
      const page = await listQueue(query, req.user!.id);
      const body: CaseQueuePage = { ...page, items: page.items.map(presentCaseSummary) };
      res.json(body);
    }),
  );

  router.get(
    '/:id',
    requireUser('reviewer', 'lead', 'admin'),
    asyncHandler(async (req, res) => {
      res.json(await caseDetail(caseId(req.params)));
    }),
  );

  router.post(
    '/:id/claim',
    reviewer,
    asyncHandler(async (req, res) => {
      const id = caseId(req.params);
      await claimCase(req.user!, id);
      res.json(await caseDetail(id));
    }),
  );

  router.post(
    '/:id/assign',
    lead,
    asyncHandler(async (req, res) => {
      const id = caseId(req.params);
      const { userId } = parseInput(assignCaseSchema, req.body);
      await assignCase(req.user!, id, userId);
      res.json(await caseDetail(id));
    }),
  );

  router.put(
    '/:id/units',
    lead,
    asyncHandler(async (req, res) => {
      const id = caseId(req.params);
      await setCaseUnits(req.user!, id, parseInput(caseUnitsSchema, req.body));
      res.json(await caseDetail(id));
    }),
  );

  router.put(
    '/:id/checklist/:itemId',
    reviewer,
    asyncHandler(async (req, res) => {
      const { id, itemId } = parseInput(checklistTickParamsSchema, req.params, 'checklist item');
      const { checked } = parseInput(checklistTickSchema, req.body);
      res.json(await tickChecklistItem(req.user!, id, itemId, checked));
    }),
  );

  router.post(
    '/:id/unassign',
    reviewer,
    asyncHandler(async (req, res) => {
      const id = caseId(req.params);
      const { userId } = parseInput(assignCaseSchema, req.body);
      await unassignCase(req.user!, id, userId);
      res.json(await caseDetail(id));
    }),
  );

  router.post(
    '/:id/merge',
    reviewer,
    asyncHandler(async (req, res) => {
      const id = caseId(req.params);
      const { intoCaseId } = parseInput(mergeCaseSchema, req.body);
      await mergeCase(req.user!, id, intoCaseId);
      res.json(await caseDetail(intoCaseId));
    }),
  );

  router.post(
    '/:id/reports/:claimId/move-out',
    reviewer,
    asyncHandler(async (req, res) => {
      const { id, claimId } = parseInput(caseReportParamsSchema, req.params, 'case and report ids');
      const newCaseId = await moveReportOut(req.user!, id, claimId);
      res.status(201).json(await caseDetail(String(newCaseId)));
    }),
  );

  // "Not the same claim": a report of the case, or a suggested case; the matcher never joins them again.
  router.post(
    '/:id/not-same-claim',
    reviewer,
    asyncHandler(async (req, res) => {
      const id = caseId(req.params);
      await markNotSameClaim(req.user!, id, parseInput(notSameClaimSchema, req.body));
      res.json(await caseDetail(id));
    }),
  );

  // The claim as reviewed: what the rumor asserts, which the matcher holds reports against.
  router.put(
    '/:id/claim-statement',
    reviewer,
    asyncHandler(async (req, res) => {
      const id = caseId(req.params);
      await setClaimStatement(req.user!, id, parseInput(claimStatementSchema, req.body));
      res.json(await caseDetail(id));
    }),
  );

  router.put(
    '/:id/topic',
    reviewer,
    asyncHandler(async (req, res) => {
      const id = caseId(req.params);
      const { topic } = parseInput(setTopicSchema, req.body);
      await setTopic(req.user!, id, topic);
      res.json(await caseDetail(id));
    }),
  );

  // A lead moves the case to a more urgent lane (a hotspot's proposal, confirmed).
  router.post(
    '/:id/lane',
    lead,
    asyncHandler(async (req, res) => {
      const id = caseId(req.params);
      const { lane } = parseInput(setLaneSchema, req.body);
      await setLeadLane(req.user!, id, lane);
      res.json(await caseDetail(id));
    }),
  );

  router.put(
    '/:id/draft',
    reviewer,
    asyncHandler(async (req, res) => {
      const id = caseId(req.params);
      const input = parseInput(draftSaveSchema, req.body);
      res.json({ draft: presentDraft(await saveDraft(req.user!, id, input)) });
    }),
  );

  router.post(
    '/:id/submit',
    reviewer,
    asyncHandler(async (req, res) => {
      const id = caseId(req.params);
      await submitCase(req.user!, id);
      res.json(await caseDetail(id));
    }),
  );

  router.post(
    '/:id/approve',
    lead,
    asyncHandler(async (req, res) => {
      const id = caseId(req.params);
      const publication = await approveCase(req.user!, id);
      res.json({ case: await caseDetail(id), publication: presentPublication(publication, baseUrlOf(req)) });
    }),
  );

  router.post(
    '/:id/return',
    lead,
    asyncHandler(async (req, res) => {
      const id = caseId(req.params);
      const { comment } = parseInput(returnDraftSchema, req.body);
      await returnCase(req.user!, id, comment);
      res.json(await caseDetail(id));
    }),
  );

  router.post(
    '/:id/reopen',
    lead,
    asyncHandler(async (req, res) => {
      const id = caseId(req.params);
      const { reason } = parseInput(reopenCaseSchema, req.body);
      await reopenCase(req.user!, id, reason);
      res.json(await caseDetail(id));
    }),
  );

  return router;
}
