import { Schema, model, type InferSchemaType, type Types } from 'mongoose';
import { HOTSPOT_SUBJECT_KINDS, LANES, TOPICS } from '@refute/shared';

/**
 * One detected hotspot: a case or a topic whose reports rose sharply against its own baseline
 * (detector.ts). Every server process runs the detector on the same reports; the unique
 * (subjectId, windowStart) lets exactly one of them record a burst, and the others read it.
 */
const hotspotSchema = new Schema({
  subjectKind: { type: String, enum: HOTSPOT_SUBJECT_KINDS, required: true },
  /** The case id, or the topic. */
  subjectId: { type: String, required: true },
  /** A case hotspot's case; a topic hotspot's case with most reports in the window. */
  caseId: { type: Schema.Types.ObjectId, ref: 'Case', default: null },
  topic: { type: String, enum: [...TOPICS, null], default: null },
  windowStart: { type: Date, required: true },
  windowEnd: { type: Date, required: true },
  count: { type: Number, required: true },
  expected: { type: Number, required: true },
  baselinePerHour: { type: Number, required: true },
  score: { type: Number, required: true },
  /** The lane the case was asked to move to (case hotspots). */
  proposedLane: { type: String, enum: [...LANES, null], default: null },
  detectedAt: { type: Date, required: true },
});
hotspotSchema.index({ subjectId: 1, windowStart: -1 }, { unique: true });
hotspotSchema.index({ detectedAt: -1 });

export type HotspotRecord = InferSchemaType<typeof hotspotSchema> & { _id: Types.ObjectId };
export const HotspotModel = model('Hotspot', hotspotSchema, 'hotspots');
