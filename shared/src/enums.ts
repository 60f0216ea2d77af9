/** Enumerations shared by the server, the client and the platform API. */

export const ROLES = ['admin', 'lead', 'reviewer', 'moderator'] as const;
export type Role = (typeof ROLES)[number];

export const ORG_LEVELS = ['national', 'provincial', 'municipal', 'county'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];

/** Review organisations judge cases; platform organisations report claims. */
export const ORG_KINDS = ['review', 'platform'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const VERDICTS = ['false', 'pseudoscience', 'misleading', 'unproven', 'partly_true', 'true'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const TOPICS = [
  'health',
  'food_safety',
  'emergencies',
  'public_safety',
  'environment',
  'climate',
  'agriculture',
  'biotech',
  'energy',
  'it',
  'space',
  'geology',
  'transport',
  'other',
] as const;
export type Topic = (typeof TOPICS)[number];

export const LANGUAGES = ['zh', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const LANES = ['normal', 'hot', 'emergency'] as const;
export type Lane = (typeof LANES)[number];

/**
 * open → in_review (claimed or assigned) → submitted → published,
 * with submitted → returned → submitted when a lead sends a draft back;
 * merged: folded into another case, whose reports it now counts;
 * retracted: a lead withdrew its published verdict (published → retracted).
 */
export const CASE_STATUSES = ['open', 'in_review', 'submitted', 'returned', 'published', 'merged', 'retracted'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CLAIM_STATUSES = ['received', 'in_review', 'published', 'retracted'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export const EVIDENCE_KINDS = ['paper', 'standard', 'official', 'other'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/**
 * `feed:read`: the feed is public; a request that presents a key to `/api/v1/feed` is served as
 * that key (counted against its limit) only when the key holds this scope.
 */
export const API_KEY_SCOPES = ['claims:write', 'claims:read', 'match:read', 'feed:read', 'webhooks:manage'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export const MEDIA_KINDS = ['image', 'video', 'audio', 'link'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];
