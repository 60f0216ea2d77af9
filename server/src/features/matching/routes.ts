import { Router } from 'express';
import { matchRequestSchema, type PublishedMatch } from '@refute/shared';
import { asyncHandler, requireApiKey } from '../../http/auth';
import { baseUrlOf } from '../../http/baseUrl';
import { parseInput } from '../../http/validate';
import { publicationUrl } from '../publications/presenter';
import { publishedMatches } from './publishedMatches';

/** POST /api/v1/match: is this text a rumor experts have already answered? */
export function matchRoutes(): Router {
  const router = Router();
  router.post(
    '/',
    requireApiKey('match:read'),
    asyncHandler(async (req, res) => {
      const { text } = parseInput(matchRequestSchema, req.body);
      const baseUrl = baseUrlOf(req);
      const matches: PublishedMatch[] = (await publishedMatches(text)).map(({ publication, similarity }) => ({
        caseId: String(publication.caseId),
        similarity: Math.round(similarity * 1000) / 1000,
        verdict: publication.verdict,
        headline: publication.headline,
        summary: publication.summary,
        url: publicationUrl(baseUrl, publication.slug),
      }));
      res.json({ matches });
    }),
  );
  return router;
}
