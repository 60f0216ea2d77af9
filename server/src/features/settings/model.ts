import { Schema, model } from 'mongoose';

/**
 * Settings an admin changed, one document per group (`laneHours`, `matching`); a group without
 * a document follows the environment or the built-in defaults.
 */
const settingSchema = new Schema({
  _id: { type: String, required: true },
  value: { type: Schema.Types.Mixed, required: true },
  updatedAt: { type: Date, required: true },
  updatedBy: { type: Schema.Types.ObjectId, default: null },
});

export const SettingModel = model('Setting', settingSchema, 'settings');
