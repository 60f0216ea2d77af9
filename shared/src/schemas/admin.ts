import { z } from 'zod';
import { ORG_KINDS, ORG_LEVELS, ROLES, type Lane, type OrgKind, type Topic, type OrgLevel, type Role } from '../enums';
import { objectIdSchema, regionCodeSchema } from './common';
import { atRiskSettingsSchema, checklistsSchema, type AtRiskSettings, type ChecklistItem } from './escalation';
import { offerMinutesSchema, type OfferMinutes } from './experts';


export const REGION_LEVELS = ['province', 'prefecture', 'county'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

export interface Region {
  code: string;
  level: RegionLevel;
  parent?: string;
  name: { zh: string; en: string };
}

const orgName = z.strictObject({ zh: z.string().trim().min(1).max(120), en: z.string().trim().min(1).max(120) });

export const organisationCreateSchema = z.strictObject({
  name: orgName,
  kind: z.enum(ORG_KINDS),
  /** Review organisations only: platforms stand outside the hierarchy. */
  level: z.enum(ORG_LEVELS).optional(),
  parentId: objectIdSchema.optional(),
  region: regionCodeSchema,
});
export type OrganisationCreate = z.infer<typeof organisationCreateSchema>;

export const organisationUpdateSchema = z.strictObject({
  name: orgName.optional(),
  level: z.enum(ORG_LEVELS).optional(),
  parentId: objectIdSchema.nullable().optional(),
  region: regionCodeSchema.optional(),
});
export type OrganisationUpdate = z.infer<typeof organisationUpdateSchema>;

export interface OrganisationView {
  id: string;
  name: { zh: string; en: string };
  kind: OrgKind;
  level: OrgLevel | null;
  parentId: string | null;
  region: string;
  memberCount: number;
}

const email = z.email().max(254);
const roles = z.array(z.enum(ROLES)).min(1).max(ROLES.length);
export const PASSWORD_MIN = 10;
const password = z.string().min(PASSWORD_MIN).max(200);

/**
 * A new account: with a password the admin hands over, or invited, when the answer carries a
 * one-time link where the person sets their own.
 */
export const userCreateSchema = z.strictObject({
  name: z.string().trim().min(1).max(120),
  email,
  roles,
  orgId: objectIdSchema,
  password: password.optional(),
});
export type UserCreate = z.infer<typeof userCreateSchema>;

export const userUpdateSchema = z.strictObject({
  name: z.string().trim().min(1).max(120).optional(),
  roles: roles.optional(),
  orgId: objectIdSchema.optional(),
});
export type UserUpdate = z.infer<typeof userUpdateSchema>;

export interface AdminUserView {
  id: string;
  name: string;
  email: string;
  roles: Role[];
  orgId: string;
  orgName: { zh: string; en: string } | null;
  disabled: boolean;
}

export interface UserCreated {
  user: AdminUserView;
  /** For an invitation: the path of the one-time link where the password is set. */
  setPasswordPath?: string;
}

export const passwordSetSchema = z.strictObject({
  token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be the token of a password link'),
  password,
});

const hours = z.number().positive().max(24 * 30);
const share = z.number().min(0).max(1);

export const settingsUpdateSchema = z
  .strictObject({
    laneHours: z.strictObject({ normal: hours, hot: hours, emergency: hours }).optional(),
    matching: z.strictObject({ joinThreshold: share, suggestThreshold: share }).optional(),
    atRisk: atRiskSettingsSchema.optional(),
    offerMinutes: offerMinutesSchema.optional(),
    checklists: checklistsSchema.optional(),
  })
  .refine((value) => !value.matching || value.matching.suggestThreshold <= value.matching.joinThreshold, {
    message: 'the suggestion bar cannot be above the join bar',
    path: ['matching', 'suggestThreshold'],
  });
export type SettingsUpdate = z.infer<typeof settingsUpdateSchema>;

export interface AdminSettings {
  laneHours: Record<Lane, number>;
  matching: { joinThreshold: number; suggestThreshold: number };
  atRisk: AtRiskSettings;
  offerMinutes: OfferMinutes;
  checklists: Record<Topic, ChecklistItem[]>;
  /** What applies without a stored value: the environment, or the built-in defaults. */
  defaults: {
    laneHours: Record<Lane, number>;
    matching: { joinThreshold: number; suggestThreshold: number };
    atRisk: AtRiskSettings;
    offerMinutes: OfferMinutes;
    checklists: Record<Topic, ChecklistItem[]>;
  };
  /** Changes, newest first, as the audit log recorded them. */
  history: Array<{ at: string; actor: { id: string; name: string | null } | null; setting: string; old: unknown; new: unknown }>;
}
