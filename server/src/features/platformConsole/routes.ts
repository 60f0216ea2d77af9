import { Router } from 'express';
import { Types } from 'mongoose';
import { claimReportSchema, matchRequestSchema, platformReportsQuerySchema } from '@refute/shared';
import { asyncHandler, requireUser } from '../../http/auth';
import { baseUrlOf } from '../../http/baseUrl';
import { parseInput } from '../../http/validate';
import { reportClaim } from '../claims/intake';
import { presentIntake } from '../claims/presenter';
import { findPublication } from '../publications/repository';
import { presentMatches } from '../matching/routes';
import { platformReports } from './reports';

/** The moderators' console: their platform's reports, reporting a claim, and the instant answer. */
export function platformConsoleRoutes(): Router {
  const router = Router();
  const moderator = requireUser('moderator');

  router.get(
    '/reports',
    moderator,
    asyncHandler(async (req, res) => {
      const query = parseInput(platformReportsQuerySchema, req.query, 'reports query');
      res.json(await platformReports(req.user!.orgId, query, baseUrlOf(req)));
    }),
  );

  router.post(
    '/reports',
    moderator,
    asyncHandler(async (req, res) => {
      const input = parseInput(claimReportSchema, req.body);
      const user = req.user!;
      // The console sends an id of its own per report it files, so a retried submit creates nothing new.
      const { created, claim, caseState } = await reportClaim({ orgId: new Types.ObjectId(user.orgId), moderatorId: user.id }, input);
      const publication = caseState.publicationId ? await findPublication(caseState.publicationId) : null;
      res.status(created ? 201 : 200).json(presentIntake(claim, caseState, publication, baseUrlOf(req)));
    }),
  );

  router.post(
    '/match',
    moderator,
    asyncHandler(async (req, res) => {
      const { text } = parseInput(matchRequestSchema, req.body);
      res.json(await presentMatches(text, baseUrlOf(req)));
    }),
  );

  return router;
}
