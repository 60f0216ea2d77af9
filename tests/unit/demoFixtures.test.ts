import { LANGUAGES, ORG_LEVELS, TOPICS } from '@refute/shared';
import { loadDemoFixtures } from '../../server/src/demo/fixtures';
import { exactMatchKey, normalizeText } from '../../server/src/features/matching/normalize';

const fixtures = loadDemoFixtures();

test('the demo has organisations at every level and experts with domains', () => {
  expect(new Set(fixtures.organisations.map((org) => org.level))).toEqual(new Set(ORG_LEVELS));
  expect(fixtures.users.filter((user) => user.roles.includes('reviewer') && user.domains.length > 0).length).toBeGreaterThanOrEqual(5);
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
