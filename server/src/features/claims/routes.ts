import { Router } from 'express';
import { claimReportSchema, idParamsSchema } from '@refute/shared';
import { asyncHandler, requireApiKey } from '../../http/auth';
import { baseUrlOf } from '../../http/baseUrl';
import { notFound } from '../../http/errors';
import { parseInput } from '../../http/validate';
import { findCase } from '../cases/repository';
import { findPublication } from '../publications/repository';
import { reportClaim } from './intake';
import type { ClaimRecord } from './model';
import { findClaimOfPlatform } from './repository';
import { presentClaimStatus, presentIntake } from './presenter';

/** The case a report belongs to and, once published, its publication. */
async function caseOfClaim(claim: ClaimRecord) {
  const caseRecord = claim.caseId ? await findCase(claim.caseId) : null;
  const publication = caseRecord?.publicationId ? await findPublication(caseRecord.publicationId) : null;
  return { caseRecord, publication };
}

export function claimRoutes(): Router {
  const router = Router();

  router.post(
    '/',
    requireApiKey('claims:write'),
    asyncHandler(async (req, res) => {
      const input = parseInput(claimReportSchema, req.body);
      const key = req.apiKey!;
      const { created, claim, caseState } = await reportClaim({ orgId: key.orgId, apiKeyId: key.id }, input);
      const publication = caseState.publicationId ? await findPublication(caseState.publicationId) : null;
      res.status(created ? 201 : 200).json(presentIntake(claim, caseState, publication, baseUrlOf(req)));
    }),
  );

  router.get(
    '/:id',
    requireApiKey('claims:read'),
    asyncHandler(async (req, res) => {
      const { id } = parseInput(idParamsSchema, req.params, 'claim id');
      // A platform sees only its own reports; another's is as absent as a missing one.
      const claim = await findClaimOfPlatform(id, req.apiKey!.orgId);
      if (!claim) throw notFound('Claim');
      const { caseRecord, publication } = await caseOfClaim(claim);
      res.json(presentClaimStatus(claim, caseRecord, publication, baseUrlOf(req)));
    }),
  );

  return router;
}
