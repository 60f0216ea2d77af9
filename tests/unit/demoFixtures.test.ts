import { LANGUAGES, ORG_LEVELS, TOPICS } from '@refute/shared';
import { loadDemoFixtures } from '../../server/src/demo/fixtures';
import { hierarchyProblem } from '../../server/src/features/organisations/hierarchy';
import { findRegion } from '../../server/src/features/regions/regions';
import { exactMatchKey, normalizeText } from '../../server/src/features/matching/normalize';

const fixtures = loadDemoFixtures();

test('the demo has organisations at every level and experts with domains', () => {
  const review = fixtures.organisations.filter((org) => org.kind === 'review');
  expect(new Set(review.map((org) => org.level))).toEqual(new Set(ORG_LEVELS));
  expect(fixtures.users.filter((user) => user.roles.includes('reviewer') && user.domains.length > 0).length).toBeGreaterThanOrEqual(5);
});

test('the demo expert pool: a profile for each demo reviewer, in a known region, some on call', () => {
  const reviewers = fixtures.users.filter((user) => user.roles.includes('reviewer')).map((user) => user.key);
  expect(fixtures.experts.map((expert) => expert.user).sort()).toEqual([...reviewers].sort());
  for (const expert of fixtures.experts) expect([expert.user, findRegion(expert.region)?.code]).toEqual([expert.user, expert.region]);
  expect(fixtures.experts.some((expert) => expert.onCall)).toBe(true);
});

test('the demo organisations form a valid hierarchy: each review organisation under the level above, within its region', () => {
  const byKey = new Map(fixtures.organisations.map((org) => [org.key, org]));
  const placement = (org: (typeof fixtures.organisations)[number]) => ({ kind: org.kind, level: org.level ?? null, region: org.region });
  for (const org of fixtures.organisations) {
    const parent = org.parent ? byKey.get(org.parent) : undefined;
    expect([org.key, hierarchyProblem(placement(org), parent ? placement(parent) : null, findRegion)]).toEqual([org.key, null]);
  }
});

test('at least 60 reports in Chinese and English across the topics', () => {
  expect(fixtures.claims.length).toBeGreaterThanOrEqual(60);
  expect(new Set(fixtures.claims.map((claim) => claim.language))).toEqual(new Set(LANGUAGES));
  expect(new Set(fixtures.claims.map((claim) => claim.topic)).size).toBe(TOPICS.length);
});

test('reworded reports of one rumor collapse into fewer cases, and different rumors never share one', () => {
  const keysByGroup = new Map<string, Set<string>>();
  const groupByKey = new Map<string, string>();
  for (const claim of fixtures.claims) {
    const key = exactMatchKey(normalizeText(claim.text));
    keysByGroup.set(claim.group, (keysByGroup.get(claim.group) ?? new Set()).add(key));
    expect(groupByKey.get(key) ?? claim.group).toBe(claim.group);
    groupByKey.set(key, claim.group);
  }
  expect(groupByKey.size).toBeLessThan(fixtures.claims.length);
});
