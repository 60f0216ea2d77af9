/**
 * Which of a platform's externalIds are stored (bulk intake's first step). MongoDB answers one
 * `$in` from the unique `(orgId, externalId)` index. FerretDB v1 does not push `$in` down, so it
 * would read every report of the platform: there each id is one equality lookup (served by the
 * GIN index on `externalId`), a few at a time.
 */
import type { Types } from 'mongoose';
import { ClaimModel, type ClaimRecord } from '../features/claims/model';
import { lookupEach } from './lookupEach';

export type StoredClaimId = Pick<ClaimRecord, '_id' | 'externalId' | 'payloadHash'>;

export interface ClaimLookups {
  byExternalIds(orgId: Types.ObjectId, externalIds: readonly string[]): Promise<Map<string, StoredClaimId>>;
}

const FIELDS = { externalId: 1, payloadHash: 1 } as const;

const byExternalId = (claims: StoredClaimId[]) => new Map(claims.map((claim) => [claim.externalId, claim]));

export const mongodbClaimLookups: ClaimLookups = {
  async byExternalIds(orgId, externalIds) {
    if (externalIds.length === 0) return new Map();
    return byExternalId(await ClaimModel.find({ orgId, externalId: { $in: externalIds } }, FIELDS).lean<StoredClaimId[]>());
  },
};

export const localEngineClaimLookups: ClaimLookups = {
  async byExternalIds(orgId, externalIds) {
    return byExternalId(await lookupEach(externalIds, (externalId) => ClaimModel.findOne({ orgId, externalId }, FIELDS).lean<StoredClaimId>()));
  },
};
