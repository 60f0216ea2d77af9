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

/** Published verdicts that answer `text` as its own (`matches`), and same-subject ones that do not (`related`): for the API and the moderators' console. */
export async function presentMatches(text: string, baseUrl: string): Promise<MatchResponse> {
  const present = presentMatch(baseUrl);
  const { matches, related } = await publishedMatches(text);
  return { matches: matches.map(present), related: related.map(present) };
}

/** POST /api/v1/match: is this text a rumor experts have already answered, or close to one? */
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
