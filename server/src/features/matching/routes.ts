import { Router } from 'express';
import { matchRequestSchema, type MatchResponse, type PublishedMatch } from '@refute/shared';
import { asyncHandler, requireApiKey } from '../../http/auth';
import { baseUrlOf } from '../../http/baseUrl';
import { parseInput } from '../../http/validate';
import { publicationUrl } from '../publications/presenter';
import { publishedMatches, type PublishedMatchRecord } from './publishedMatches';

const presentMatch = (baseUrl: string) => ({ publication, similarity }: PublishedMatchRecord): PublishedMatch => ({
  caseId: String(publication.caseId),
  similarity: Math.round(similarity * 1000) / 1000,
  verdict: publication.verdict,
  headline: publication.headline,
  summary: publication.summary,
  url: publicationUrl(baseUrl, publication.slug),
});

/** POST /api/v1/match: is this text a rumor experts have already answered, or close to one? */
export function matchRoutes(): Router {
  const router = Router();
  router.post(
    '/',
    requireApiKey('match:read'),
    asyncHandler(async (req, res) => {
      const { text } = parseInput(matchRequestSchema, req.body);
      const present = presentMatch(baseUrlOf(req));
      const { matches, related } = await publishedMatches(text);
      const response: MatchResponse = { matches: matches.map(present), related: related.map(present) };
      res.json(response);
    }),
  );
  return router;
}
