import { parseConfig } from '../../server/src/config';
import { laneForText, priorityFor, reachScore } from '../../server/src/features/cases/triage';

test('emergency signals put a report in the emergency lane', () => {
  expect(laneForText('明天有8级地震，赶紧转发')).toBe('emergency');
  expect(laneForText('The dam failure is imminent, evacuate')).toBe('emergency');
  expect(laneForText('隔夜菜致癌')).toBe('normal');
});

test('priority grows with reach and with report count', () => {
  const base = priorityFor({ reach: 1000, reportCount: 1 });
  expect(priorityFor({ reach: 100_000, reportCount: 1 })).toBeGreaterThan(base);
  expect(priorityFor({ reach: 1000, reportCount: 10 })).toBeGreaterThan(base);
  expect(reachScore({ views: 10, shares: 1, comments: 1 })).toBe(23);
});

test('configuration has sensible defaults', () => {
  const config = parseConfig({});
  expect(config).toMatchObject({ port: 3000, demo: true, mongodbUri: undefined });
  expect(config.dataDir.endsWith('/data')).toBe(true);
});

test('configuration errors name every bad variable', () => {
  expect(() => parseConfig({ PORT: 'eighty', MONGODB_URI: 'postgres://x', REFUTE_DEMO: 'yes' })).toThrow(
    /PORT[\s\S]*MONGODB_URI[\s\S]*REFUTE_DEMO/,
  );
  expect(parseConfig({ REFUTE_BOOTSTRAP_ADMIN: 'root@x.example:pa:ss:word' }).bootstrapAdmin).toEqual({
    email: 'root@x.example',
    password: 'pa:ss:word',
  });
});
