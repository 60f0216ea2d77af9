/**
 * The detector's state for many subjects (cases and topics): reports are counted in as they
 * arrive and `evaluate` runs the detector for the subjects that may have changed. Kept free of
 * the database and the clock, so the server and the evaluation replay run it alike.
 */
import { DEFAULT_DETECTOR_CONFIG, addReport, assess, isIdle, newSubjectState, type Detection, type DetectorConfig, type SubjectState } from './detector';

export interface SubjectDetection extends Detection {
  subject: string;
}

export class HotspotTracker {
  private readonly states = new Map<string, SubjectState>();
  /** Subjects with reports in their window or an open episode: only these can change. */
  private readonly live = new Set<string>();

  constructor(readonly config: DetectorConfig = DEFAULT_DETECTOR_CONFIG) {}

  record(subject: string, at: number): void {
    const state = this.states.get(subject) ?? newSubjectState(at, this.config);
    this.states.set(subject, addReport(state, at, this.config));
    this.live.add(subject);
  }

  /** Runs the detector at `now` for every subject that may have changed; returns new hotspots. */
  evaluate(now: number): SubjectDetection[] {
    const found: SubjectDetection[] = [];
    for (const subject of this.live) {
      const { state, detection } = assess(this.states.get(subject)!, now, this.config);
      if (detection) found.push({ subject, ...detection });
      if (state.bins.length === 0 && state.episodeStart === null) this.live.delete(subject);
      // A subject whose baseline fell back to the floor is forgotten: a new one starts the same.
      if (isIdle(state, this.config)) this.states.delete(subject);
      else this.states.set(subject, state);
    }
    return found;
  }

  /** Ends the subject's episode as if another process had flagged it (it is not flagged again). */
  markFlagged(subject: string, windowStart: number): void {
    const state = this.states.get(subject);
    if (state && state.episodeStart === null) this.states.set(subject, { ...state, episodeStart: windowStart });
  }

  get size(): number {
    return this.states.size;
  }
}
