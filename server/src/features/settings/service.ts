/**
 * Settings that were environment-only (lane hours, the matching bars), now changeable by admins,
 * and those that never were (the at-risk points of deadlines, the review checklists):
 * stored in the database, with the environment's value (or the built-in default) where nothing
 * is stored. Every process applies what is stored at start and again every few seconds, so a
 * change made through one process reaches the others.
 */
import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { DEFAULT_AT_RISK, DEFAULT_CHECKLISTS, DEFAULT_OFFER_MINUTES, type AdminSettings, type AtRiskSettings, type Checklists, type Lane, type OfferMinutes, type SessionUser, type SettingsUpdate } from '@refute/shared';
import type { Scheduler } from '../../jobs/scheduler';
import { auditTrail, recordAudit } from '../audit/service';
import { userNames } from '../users/repository';
import { DEFAULT_TRIAGE_SETTINGS } from '../cases/triage';
import { configureMatching, DEFAULT_MATCH_SETTINGS } from '../matching/settings';
import { configureTriage, triageSettings } from '../triage/settings';
import { matchSettings } from '../matching/settings';
import { atRiskSettings, configureAtRisk } from '../escalation/settings';
import { checklistSettings, configureChecklists } from '../checklists/settings';
import { configureOfferMinutes, offerMinutes } from '../routing/settings';
import { SettingModel } from './model';

type Defaults = AdminSettings['defaults'];
type Stored = Partial<Pick<AdminSettings, 'laneHours' | 'matching' | 'atRisk' | 'offerMinutes'>> & { checklists?: Checklists };
const GROUPS = ['laneHours', 'matching', 'atRisk', 'offerMinutes', 'checklists'] as const;
type Group = keyof Stored;

const REFRESH_MS = 5_000;

/** The audit subject of every settings change: one trail, read by equality. */
export const SETTINGS_SUBJECT_ID = new Types.ObjectId(createHash('sha256').update('refute.settings').digest('hex').slice(0, 24));

let defaults: Defaults = {
  laneHours: { ...DEFAULT_TRIAGE_SETTINGS.laneHours },
  matching: { joinThreshold: DEFAULT_MATCH_SETTINGS.joinThreshold, suggestThreshold: DEFAULT_MATCH_SETTINGS.suggestThreshold },
  atRisk: DEFAULT_AT_RISK,
  offerMinutes: DEFAULT_OFFER_MINUTES,
  checklists: DEFAULT_CHECKLISTS,
};

/** At boot: what the environment sets, the defaults below any stored value. */
export function useEnvironmentSettings(env: { laneHours?: Record<Lane, number> | undefined; matching: Partial<Defaults['matching']> }): void {
  defaults = {
    laneHours: env.laneHours ?? defaults.laneHours,
    matching: { ...defaults.matching, ...env.matching },
    atRisk: defaults.atRisk,
    offerMinutes: defaults.offerMinutes,
    checklists: defaults.checklists,
  };
  apply({});
}

function apply(stored: Stored): void {
  configureTriage({ laneHours: stored.laneHours ?? defaults.laneHours });
  configureMatching(stored.matching ?? defaults.matching);
  configureAtRisk(stored.atRisk ?? defaults.atRisk);
  configureOfferMinutes(stored.offerMinutes ?? defaults.offerMinutes);
  configureChecklists(stored.checklists ?? defaults.checklists);
}

async function readStored(): Promise<Stored> {
  const documents = await SettingModel.find({}).lean<Array<{ _id: string; value: unknown }>>();
  const byGroup = new Map(documents.map((document) => [document._id, document.value]));
  return {
    ...(byGroup.has('laneHours') ? { laneHours: byGroup.get('laneHours') as Record<Lane, number> } : {}),
    ...(byGroup.has('matching') ? { matching: byGroup.get('matching') as Defaults['matching'] } : {}),
    ...(byGroup.has('atRisk') ? { atRisk: byGroup.get('atRisk') as AtRiskSettings } : {}),
    ...(byGroup.has('offerMinutes') ? { offerMinutes: byGroup.get('offerMinutes') as OfferMinutes } : {}),
    ...(byGroup.has('checklists') ? { checklists: byGroup.get('checklists') as Checklists } : {}),
  };
}

/** Applies the stored settings now. */
export async function loadStoredSettings(): Promise<void> {
  apply(await readStored());
}

/** Applies the stored settings at start and then every few seconds. */
export function startSettingsRefresh(scheduler: Scheduler): () => void {
  return scheduler.every('settings-refresh', REFRESH_MS, loadStoredSettings);
}

/** The settings in force in this process, their defaults and the changes made, newest first. */
export async function currentSettings(): Promise<AdminSettings> {
  const { joinThreshold, suggestThreshold } = matchSettings();
  const trail = (await auditTrail([SETTINGS_SUBJECT_ID])).filter((event) => event.action === 'settings.changed').reverse();
  const names = await userNames(trail.flatMap((event) => (event.actorId ? [event.actorId] : [])));
  return {
    laneHours: { ...triageSettings().laneHours },
    matching: { joinThreshold, suggestThreshold },
    atRisk: atRiskSettings(),
    offerMinutes: offerMinutes(),
    checklists: checklistSettings(),
    defaults,
    history: trail.map((event) => ({
      at: event.at,
      actor: event.actorId ? { id: event.actorId, name: names[event.actorId] ?? null } : null,
      setting: typeof event.data?.setting === 'string' ? event.data.setting : '',
      old: event.data?.old ?? null,
      new: event.data?.new ?? null,
    })),
  };
}

/** Stores the groups given; each group that changed is audited with its old and new values. */
export async function updateSettings(admin: SessionUser, update: SettingsUpdate): Promise<AdminSettings> {
  const stored = await readStored();
  const effective = {
    laneHours: stored.laneHours ?? defaults.laneHours,
    matching: stored.matching ?? defaults.matching,
    atRisk: stored.atRisk ?? defaults.atRisk,
    offerMinutes: stored.offerMinutes ?? defaults.offerMinutes,
    checklists: { ...defaults.checklists, ...stored.checklists },
  };
  for (const group of GROUPS as readonly Group[]) {
    // Checklists are given per topic: the topics not named keep theirs.
    const value = group === 'checklists' && update.checklists ? { ...effective.checklists, ...update.checklists } : update[group];
    if (!value || JSON.stringify(value) === JSON.stringify(effective[group])) continue;
    await SettingModel.updateOne(
      { _id: group },
      { $set: { value, updatedAt: new Date(), updatedBy: new Types.ObjectId(admin.id) } },
      { upsert: true },
    );
    await recordAudit({
      action: 'settings.changed',
      actor: { kind: 'user', id: admin.id, orgId: admin.orgId },
      subject: { kind: 'settings', id: SETTINGS_SUBJECT_ID },
      data: { setting: group, old: effective[group], new: value },
    });
    stored[group] = value as never;
  }
  apply(stored);
  return currentSettings();
}
