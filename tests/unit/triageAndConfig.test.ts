import { countedAddress } from '../../server/src/features/auth/loginLimiter';
import { parseConfig } from '../../server/src/config';
import { hasEmergencySignal, peakVelocity, priorityFor, reachScore, triage } from '../../server/src/features/cases/triage';

test('emergency signals are recognised in both languages', () => {
  expect(hasEmergencySignal('明天有8级地震，赶紧转发')).toBe(true);
  expect(hasEmergencySignal('The dam failure is imminent, evacuate')).toBe(true);
  expect(hasEmergencySignal('隔夜菜致癌')).toBe(false);
});

const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 0, minutes));
const reportAt = (minutes: number, emergency = false) => ({ reachScore: 100, emergency, receivedAt: at(minutes) });

test('lanes: emergency on any emergency report, hot on a burst or many reports, otherwise normal', () => {
  const opened = at(0);
  expect(triage([reportAt(0)], opened, at(1)).lane).toBe('normal');
  expect(triage([reportAt(0), reportAt(5, true)], opened, at(6)).lane).toBe('emergency');
  const burst = [0, 10, 20, 30, 40].map((m) => reportAt(m));
  expect(triage(burst, opened, at(41)).lane).toBe('hot');
  // A burst long ago keeps the case hot: lanes never fall back.
  expect(triage(burst, opened, at(60 * 24)).lane).toBe('hot');
  const spread = [0, 100, 200, 300, 400].map((m) => reportAt(m));
  expect(triage(spread, opened, at(401)).lane).toBe('normal');
});

test('deadlines follow the lane from the case opening, with configured hours', () => {
  const settings = { laneHours: { normal: 72, hot: 12, emergency: 2 }, hotVelocity: 5, hotReportCount: 10 };
  expect(triage([reportAt(0, true)], at(0), at(1), settings).deadlineAt.toISOString()).toBe('2026-01-01T02:00:00.000Z');
  expect(triage([reportAt(0)], at(0), at(1), settings).deadlineAt.toISOString()).toBe('2026-01-04T00:00:00.000Z');
});

test('peak velocity is the most reports within any one hour', () => {
  expect(peakVelocity([0, 30, 59, 61, 200].map((m) => reportAt(m)))).toBe(3);
  expect(peakVelocity([])).toBe(0);
});

test('priority grows with reach and with report count', () => {
  const base = priorityFor({ reach: 1000, reportCount: 1 });
  expect(priorityFor({ reach: 100_000, reportCount: 1 })).toBeGreaterThan(base);
  expect(priorityFor({ reach: 1000, reportCount: 10 })).toBeGreaterThan(base);
  expect(priorityFor({ reach: 1000, reportCount: 1, velocity: 5 })).toBeGreaterThan(base);
  expect(priorityFor({ reach: 1000, reportCount: 1, emergency: true })).toBeGreaterThan(base);
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

describe('login limits count addresses as hosts', () => {
  test('an IPv6 /64 is one address, an IPv4-mapped address is its IPv4 address', () => {
    expect(countedAddress('2001:db8:1:2:aaaa::1')).toBe(countedAddress('2001:db8:1:2:ffff:ffff:ffff:ffff'));
    expect(countedAddress('2001:db8:1:2::1')).not.toBe(countedAddress('2001:db8:1:3::1'));
    expect(countedAddress('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(countedAddress('203.0.113.9')).toBe('203.0.113.9');
  });
});

test('REFUTE_TRUST_PROXY: off by default, a hop count, or addresses and subnets; anything else is refused', () => {
  expect(parseConfig({}).trustProxy).toBe(false);
  expect(parseConfig({ REFUTE_TRUST_PROXY: 'off' }).trustProxy).toBe(false);
  expect(parseConfig({ REFUTE_TRUST_PROXY: '2' }).trustProxy).toBe(2);
  expect(parseConfig({ REFUTE_TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toEqual(['loopback', '10.0.0.0/8']);
  expect(() => parseConfig({ REFUTE_TRUST_PROXY: 'my-proxy.example' })).toThrow(/REFUTE_TRUST_PROXY/);
});
