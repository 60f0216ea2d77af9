import { Schema, model } from 'mongoose';

/** Markers for one-time jobs (such as seeding demo data), taken atomically by their unique _id. */
const onceSchema = new Schema({
  _id: { type: String, required: true },
  startedAt: { type: Date, required: true },
  completedAt: { type: Date, default: null },
});

export const OnceModel = model('Once', onceSchema, 'once_markers');
