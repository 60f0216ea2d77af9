import { appendToLog, attemptsOf } from '../../server/src/features/webhooks/deliveryLog';
import { DELIVERY_LOG_LIMIT, type DeliveryLogEntry } from '../../server/src/features/webhooks/model';

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second));
const entry = (attempt: number, responseCode: number | null = 503): DeliveryLogEntry => ({ attempt, at: at(attempt), responseCode, latencyMs: 5, error: responseCode === 204 ? null : 'answered 503' });

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

test('the attempts shown are the logged ones, and the attempt in progress after them', () => {
  const log = [entry(2), entry(3)];
  const views = attemptsOf({ attempts: 3, log }, { attempt: 4, at: at(4) });
  expect(views.map((view) => [view.attempt, view.responseCode, view.error])).toEqual([
    [2, 503, 'answered 503'],
    [3, 503, 'answered 503'],
    [4, null, 'in progress'],
  ]);
  expect(views[0]!.at).toBe(at(2).toISOString());
  expect(views[2]!.at).toBe(at(4).toISOString());
});

test('an attempt in progress that the log already holds is not shown twice', () => {
  const views = attemptsOf({ attempts: 1, log: [entry(1, 204)] }, { attempt: 1, at: at(1) });
  expect(views).toEqual([{ attempt: 1, at: at(1).toISOString(), responseCode: 204, latencyMs: 5, error: null }]);
});
