import pino, { type Logger } from 'pino';

export function createLogger(level: string) {
  return pino({ level, base: undefined, redact: ['req.headers.authorization', 'req.headers.cookie'] });
}

let background: Logger | undefined;

/** Makes `log` the logger of background work that has no request or socket to report to. */
export function useBackgroundLogger(log: Logger): void {
  background = log;
}

/** The logger for errors of background work (writers, compaction): never swallowed silently. */
export function backgroundLogger(): Logger {
  background ??= createLogger(process.env.REFUTE_LOG_LEVEL ?? 'info');
  return background;
}
