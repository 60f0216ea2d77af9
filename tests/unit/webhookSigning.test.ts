import { Webhook } from 'standardwebhooks';
import { parseConfig } from '../../server/src/config';
import { STANDARD_RETRY_DELAYS_MS, retryDelay } from '../../server/src/features/webhooks/settings';
import { deliveryIdFor, generateSecret, webhookHeaders } from '../../server/src/features/webhooks/signing';

test('signatures verify with the Standard Webhooks reference implementation, for every secret that signs', () => {
  const [current, previous] = [generateSecret(), generateSecret()];
  const body = JSON.stringify({ type: 'claim.resolved', timestamp: '2026-01-01T00:00:00.000Z', data: { reports: [{ id: 'x', externalId: '甲' }] } });
  const headers = webhookHeaders([current, previous], 'msg_abc', Math.floor(Date.now() / 1000), body);
  expect(headers['webhook-signature']).toMatch(/^v1,\S+ v1,\S+$/);
  expect(new Webhook(current).verify(body, headers)).toEqual(JSON.parse(body));
  expect(new Webhook(previous).verify(body, headers)).toEqual(JSON.parse(body));
  expect(() => new Webhook(generateSecret()).verify(body, headers)).toThrow();
  expect(() => new Webhook(current).verify(`${body} `, headers)).toThrow();
});

test('a delivery id is stable per event and endpoint, and differs between them', () => {
  expect(deliveryIdFor('e1', 'claim.resolved:p1')).toBe(deliveryIdFor('e1', 'claim.resolved:p1'));
  expect(deliveryIdFor('e1', 'claim.resolved:p1')).not.toBe(deliveryIdFor('e2', 'claim.resolved:p1'));
  expect(deliveryIdFor('e1', 'claim.resolved:p1')).not.toBe(deliveryIdFor('e1', 'publication.updated:p1'));
  expect(deliveryIdFor('e1', 'x')).toMatch(/^msg_[0-9a-f]{32}$/);
});

test('retries follow the standard schedule within ±10 %, and end after it', () => {
  expect(STANDARD_RETRY_DELAYS_MS).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
  expect(retryDelay(1, STANDARD_RETRY_DELAYS_MS, () => 0)).toBe(4_500);
  expect(retryDelay(1, STANDARD_RETRY_DELAYS_MS, () => 1)).toBe(5_500);
  expect(retryDelay(7, STANDARD_RETRY_DELAYS_MS, () => 0.5)).toBe(36_000_000);
  expect(retryDelay(8, STANDARD_RETRY_DELAYS_MS)).toBeNull();
});

test('REFUTE_WEBHOOK_ALLOW_PRIVATE is off unless set to on', () => {
  expect(parseConfig({}).webhookAllowPrivate).toBe(false);
  expect(parseConfig({ REFUTE_WEBHOOK_ALLOW_PRIVATE: 'on' }).webhookAllowPrivate).toBe(true);
  expect(() => parseConfig({ REFUTE_WEBHOOK_ALLOW_PRIVATE: 'yes' })).toThrow(/REFUTE_WEBHOOK_ALLOW_PRIVATE/);
});
