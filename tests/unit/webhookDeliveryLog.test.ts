import { appendToLog, attemptsOf } from '../../server/src/features/webhooks/deliveryLog';
import { DELIVERY_LOG_LIMIT, type DeliveryLogEntry, type WebhookAttemptRecord } from '../../server/src/features/webhooks/model';

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second));
const entry = (attempt: number, responseCode: number | null = 503): DeliveryLogEntry => ({ attempt, at: at(attempt), responseCode, latencyMs: 5, error: responseCode === 204 ? null : 'answered 503' });
const lease = (attempt: number, outcome: Partial<WebhookAttemptRecord> = {}): WebhookAttemptRecord => ({
  _id: `msg_1:${attempt}`,
  deliveryId: 'msg_1',
  endpointId: undefined as never,
  attempt,
  worker: 'w',
  startedAt: at(attempt),
  finishedAt: null,
  responseCode: null,
  latencyMs: null,
  error: null,
  ...outcome,
});

test('the log keeps the most recent attempts, oldest first, and an attempt once', () => {
  let log: DeliveryLogEntry[] | undefined;
  for (let attempt = 1; attempt <= DELIVERY_LOG_LIMIT + 3; attempt += 1) log = appendToLog(log, entry(attempt));
  expect(log).toHaveLength(DELIVERY_LOG_LIMIT);
  expect(log![0]!.attempt).toBe(4);
  expect(log!.at(-1)!.attempt).toBe(DELIVERY_LOG_LIMIT + 3);
  // The same attempt recorded again (two processes noticing one abandoned attempt) replaces it.
  expect(appendToLog([entry(1), entry(2)], entry(2, 204)).map((kept) => [kept.attempt, kept.responseCode])).toEqual([
    [1, 503],
    [2, 204],
  ]);
});

test('the attempts shown are the logged ones and a lease beyond them in progress; a lease dropped from the log is left out', () => {
  const log = [entry(2), entry(3, 204)];
  const views = attemptsOf({ attempts: 3, log }, [lease(1), lease(2), lease(3), lease(4)]);
  expect(views.map((view) => [view.attempt, view.responseCode, view.error])).toEqual([
    [2, 503, 'answered 503'],
    [3, 204, null],
    [4, null, 'in progress'],
  ]);
  expect(views[0]!.at).toBe(at(2).toISOString());
});

test('leases that carry their own outcome (older versions) are shown with it', () => {
  const views = attemptsOf({ attempts: 1, log: undefined }, [lease(1, { finishedAt: at(2), responseCode: 204, latencyMs: 3 })]);
  expect(views).toEqual([{ attempt: 1, at: at(1).toISOString(), responseCode: 204, latencyMs: 3, error: null }]);
});
