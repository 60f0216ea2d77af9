import { Router } from 'express';
import { matchRequestSchema, type PublishedMatch } from '@refute/shared';
import { asyncHandler, requireApiKey } from '../../http/auth';
import { baseUrlOf } from '../../http/baseUrl';
import { parseInput } from '../../http/validate';
import { publicationUrl } from '../publications/presenter';
import { publishedMatches } from './publishedMatches';

/** Published verdicts that answer `text`, as the API and the moderators' console give them. */
export async function presentMatches(text: string, baseUrl: string): Promise<{ matches: PublishedMatch[] }> {
  const matches = (await publishedMatches(text)).map(({ publication, similarity }) => ({
    caseId: String(publication.caseId),
    similarity: Math.round(similarity * 1000) / 1000,
    verdict: publication.verdict,
    headline: publication.headline,
    summary: publication.summary,
    url: publicationUrl(baseUrl, publication.slug),
  }));
  return { matches };
}

/** POST /api/v1/match: is this text a rumor experts have already answered? */
export function matchRoutes(): Router {
  const router = Router();
  router.post(
    '/',
    requireApiKey('match:read'),
    asyncHandler(async (req, res) => {
      const { text } = parseInput(matchRequestSchema, req.body);
      res.json(await presentMatches(text, baseUrlOf(req)));
    }),
  );
  return router;
}
