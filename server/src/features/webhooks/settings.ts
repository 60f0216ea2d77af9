/** Webhook settings of this process, set once at boot (tests shorten the retry schedule). */

/** Standard Webhooks' schedule: after the first attempt, retries 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h later. */
export const STANDARD_RETRY_DELAYS_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];

export interface WebhookSettings {
  /** REFUTE_WEBHOOK_ALLOW_PRIVATE: deliver to loopback and private addresses too. */
  allowPrivate: boolean;
  retryDelaysMs: number[];
  /** How often each process looks for due deliveries. */
  pollMs: number;
  /** How long an attempt may stay unfinished before its process is presumed gone. */
  staleAttemptMs: number;
  /** How long a finished attempt may wait for its outcome to reach the delivery before another process records it. */
  outcomeGraceMs: number;
  /** Where publication links in payloads point. */
  publicUrl: string;
  /** An endpoint whose attempts have all failed for this long is disabled. */
  failingDisableMs: number;
  /** How long a finished delivery (and its log) is kept before the retention sweep deletes it. */
  retentionMs: number;
  /** How far back the start-up scan looks for publications whose events may be missing. */
  recoveryWindowMs: number;
}

let settings: WebhookSettings = {
  allowPrivate: false,
  retryDelaysMs: STANDARD_RETRY_DELAYS_MS,
  pollMs: 1_000,
  staleAttemptMs: 60_000,
  outcomeGraceMs: 5_000,
  publicUrl: 'http://localhost:3000',
  recoveryWindowMs: 7 * 24 * 3_600_000,
  retentionMs: 30 * 24 * 3_600_000,
  failingDisableMs: 5 * 24 * 3_600_000,
};

export function configureWebhooks(changes: Partial<WebhookSettings>): void {
  settings = { ...settings, ...changes };
}

export function webhookSettings(): WebhookSettings {
  return settings;
}

/** The delay before attempt `attemptInSchedule + 1`, ±10 % so that retries do not arrive in step; null when the schedule is spent. */
export function retryDelay(attemptInSchedule: number, delays: number[], random = Math.random): number | null {
  const base = delays[attemptInSchedule - 1];
  if (base === undefined) return null;
  return Math.round(base * (0.9 + 0.2 * random()));
}
