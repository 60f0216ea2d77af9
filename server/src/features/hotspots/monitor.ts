/**
 * Runs the hotspot detector in each server process, on the scheduler, off intake's path:
 * every tick it takes the reports the matching index gained since the last one (the index
 * already holds every process's reports, with their case and time, within a second) and feeds
 * them to the tracker, per case and per topic.
 *
 * Ticks are aligned to the clock (multiples of `tickMs`, `lagMs` behind it, so that reports of
 * other processes have arrived) and a tick counts only the reports received up to it: every
 * process then evaluates the same windows on the same counts and derives the same
 * (subjectId, windowStart), so of their inserts exactly one wins.
 */
import mongoose from 'mongoose';
import type { Topic } from '@refute/shared';
import type { Scheduler } from '../../jobs/scheduler';
import { CaseModel, type CaseRecord } from '../cases/model';
import { matchIndex } from '../matching/liveIndex';
import type { MemoryIndex } from '../matching/memoryIndex';
import { FLAG_SHOWN_MS, forgetCaseHotspots } from './caseFlags';
import { DEFAULT_DETECTOR_CONFIG, type DetectorConfig } from './detector';
import { hotspotsSince, recordHotspot, remember } from './record';
import { HotspotTracker } from './tracker';

export interface HotspotMonitorOptions {
  tickMs?: number;
  lagMs?: number;
  config?: DetectorConfig;
}

/** How far back a starting process reads reports to learn the baselines (twelve half-lives). */
const HISTORY_HALF_LIVES = 12;
const TOPICS_CACHED = 100_000;
const FLAGS_READ_MS = 30_000;

interface Arrival {
  caseId: string;
  receivedAt: number;
}

export function startHotspotMonitor(scheduler: Scheduler, options: HotspotMonitorOptions = {}): { stop(): void } {
  const tickMs = options.tickMs ?? 15_000;
  const lagMs = options.lagMs ?? 2_000;
  const config = options.config ?? DEFAULT_DETECTOR_CONFIG;
  const historyMs = HISTORY_HALF_LIVES * config.halfLifeMs;
  const windowMs = config.windowBins * config.binMs;

  let tracker = new HotspotTracker(config);
  let followed: MemoryIndex | null = null;
  let nextSlot = 0;
  let lastTick = 0;
  let pending: Arrival[] = [];
  /**
   * The first evaluation after a start (or a new index) only learns: what was rising before
   * this process looked was either recorded by the process that saw it (its flags are read at
   * start) or arrived all at once, as a demo's seeded reports do; its subjects enter their
   * episodes without a flag.
   */
  let learning = true;
  /** The reports of the last window with their topic: which case drives a topic's hotspot. */
  let recent: Array<Arrival & { topic: Topic | null }> = [];
  const topics = new Map<string, Topic | null>();

  const topicOf = async (caseId: string): Promise<Topic | null> => {
    if (!topics.has(caseId)) {
      if (topics.size > TOPICS_CACHED) topics.clear();
      const record = await CaseModel.findById(caseId, { topic: 1 }).lean<CaseRecord>();
      topics.set(caseId, record?.topic ?? null);
    }
    return topics.get(caseId) ?? null;
  };

  const busiestCase = (topic: Topic, from: number): string | null => {
    const counts = new Map<string, number>();
    for (const report of recent) if (report.topic === topic && report.receivedAt >= from) counts.set(report.caseId, (counts.get(report.caseId) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  };

  const tick = async () => {
    if (mongoose.connection.readyState !== mongoose.ConnectionStates.connected) return;
    const at = Math.floor((Date.now() - lagMs) / tickMs) * tickMs;
    if (at <= lastTick) return;
    const index = matchIndex();
    if (index !== followed) {
      // A new index (a full load) numbers its reports anew: start over from its history.
      followed = index;
      tracker = new HotspotTracker(config);
      nextSlot = 0;
      pending = [];
      recent = [];
      learning = true;
    }
    const from = at - historyMs;
    pending.push(...index.reportsFrom(nextSlot).filter((report) => report.receivedAt >= from));
    nextSlot = index.reportCount;
    const due = pending.filter((report) => report.receivedAt <= at).sort((a, b) => a.receivedAt - b.receivedAt);
    pending = pending.filter((report) => report.receivedAt > at);
    for (const report of due) {
      const topic = await topicOf(report.caseId);
      tracker.record(`case:${report.caseId}`, report.receivedAt);
      if (topic) tracker.record(`topic:${topic}`, report.receivedAt);
      if (report.receivedAt > at - windowMs) recent.push({ ...report, topic });
    }
    recent = recent.filter((report) => report.receivedAt > at - windowMs);
    lastTick = at;
    const detections = tracker.evaluate(at);
    if (learning) {
      learning = false;
      return;
    }
    for (const found of detections) {
      const [kind, id] = found.subject.split(/:(.*)/s) as ['case' | 'topic', string];
      const caseId = kind === 'case' ? id : busiestCase(id as Topic, found.windowStart);
      await recordHotspot({ subjectKind: kind, subjectId: id, caseId, topic: kind === 'topic' ? (id as Topic) : await topicOf(id), detection: found });
    }
  };

  // The flags shown come from the records: read at start and then now and then, so that a
  // process shows a hotspot it did not flag itself (one under way when it started, say).
  const readFlags = async () => {
    for (const record of await hotspotsSince(new Date(Date.now() - FLAG_SHOWN_MS))) remember(record);
  };
  forgetCaseHotspots();
  scheduler.after('hotspots.flags', 0, readFlags);
  const stopFlags = scheduler.every('hotspots.flags', FLAGS_READ_MS, readFlags);
  const stopDetect = scheduler.every('hotspots.detect', Math.max(100, Math.floor(tickMs / 3)), tick);
  return {
    stop() {
      stopFlags();
      stopDetect();
    },
  };
}
