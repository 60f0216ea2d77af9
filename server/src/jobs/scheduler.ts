/**
 * The one place background work is started from: tasks run after a delay or at an interval,
 * outside any request, with their failures logged under their names; stopping the scheduler at
 * shutdown cancels what has not started. Timers never keep the process alive by themselves.
 */
import type { Logger } from 'pino';
import { backgroundLogger } from '../logger';

type Task = () => Promise<void> | void;

export interface Scheduler {
  /** Runs `task` once, `ms` from now. */
  after(name: string, ms: number, task: Task): void;
  /** Runs `task` every `ms` until the returned function or `stop` is called. */
  every(name: string, ms: number, task: Task): () => void;
  stop(): void;
}

export function createScheduler(log: () => Logger | undefined): Scheduler {
  const timers = new Set<NodeJS.Timeout>();
  const run = async (name: string, task: Task) => {
    try {
      await task();
    } catch (error) {
      log()?.error({ err: error, task: name }, 'background task failed');
    }
  };
  return {
    after(name, ms, task) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        void run(name, task);
      }, ms);
      timer.unref();
      timers.add(timer);
    },
    every(name, ms, task) {
      let running = false;
      const timer = setInterval(() => {
        // A slow round is not overtaken by the next one.
        if (running) return;
        running = true;
        void run(name, task).finally(() => {
          running = false;
        });
      }, ms);
      timer.unref();
      timers.add(timer);
      return () => {
        clearInterval(timer);
        timers.delete(timer);
      };
    },
    stop() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

/** The process's scheduler, logging to the server's background logger. */
export const scheduler = createScheduler(backgroundLogger);
