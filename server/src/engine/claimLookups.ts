/**
 * Two reads of a platform's reports that the local engine cannot serve as one query: which of its
 * externalIds are stored (bulk intake's first step), and a page of its reports, newest first (the
 * console's list). MongoDB answers each with one query from its indexes. FerretDB v1 pushes
 * neither `$in` nor sort and limit down, so each would read every report of the platform. Where
 * the local engine's PostgreSQL is at hand, each is one SQL query on FerretDB's table (the
 * externalIds through the B-tree index FerretDB made for the unique `(orgId, externalId)`), and
 * the page's reports are then read by `_id`. Otherwise each externalId is one equality lookup
 * (served by the GIN index on `externalId`), a few at a time, and a page is one plain query. Each
 * FerretDB command costs some milliseconds of its CPU, and an import asks for every row it reads.
 */
import { Types } from 'mongoose';
import pg from 'pg';
import { ferretdbTables } from '../db/ferretdbTables';
import { ClaimModel, type ClaimRecord } from '../features/claims/model';
import { lookupEach } from './lookupEach';

export type StoredClaimId = Pick<ClaimRecord, '_id' | 'externalId' | 'payloadHash'>;

/** What a platform's list shows of each report: the local engine reads whole documents, but sends and decodes only these. */
const LISTED_FIELDS = { externalId: 1, caseId: 1, reportedAt: 1, receivedAt: 1, text: 1, url: 1, region: 1 } as const;
export type ListedClaim = Pick<ClaimRecord, '_id' | keyof typeof LISTED_FIELDS>;

export interface ClaimLookups {
  byExternalIds(orgId: Types.ObjectId, externalIds: readonly string[]): Promise<Map<string, StoredClaimId>>;
  /** A platform's reports, newest first (the console's list). */
  newestOfPlatform(orgId: Types.ObjectId, page: { skip: number; limit: number }): Promise<ListedClaim[]>;
}

/** Read as one query: MongoDB sorts from its index; FerretDB reads, sorts and skips every report of the platform. */
function plainNewestOfPlatform(orgId: Types.ObjectId, page: { skip: number; limit: number }): Promise<ListedClaim[]> {
  return ClaimModel.find({ orgId }, LISTED_FIELDS).sort({ receivedAt: -1, _id: -1 }).skip(page.skip).limit(page.limit).lean<ListedClaim[]>();
}

const FIELDS = { externalId: 1, payloadHash: 1 } as const;

const byExternalId = (claims: StoredClaimId[]) => new Map(claims.map((claim) => [claim.externalId, claim]));

export const mongodbClaimLookups: ClaimLookups = {
  async byExternalIds(orgId, externalIds) {
    if (externalIds.length === 0) return new Map();
    return byExternalId(await ClaimModel.find({ orgId, externalId: { $in: externalIds } }, FIELDS).lean<StoredClaimId[]>());
  },
  newestOfPlatform: plainNewestOfPlatform,
};

export const localEngineClaimLookups: ClaimLookups = {
  async byExternalIds(orgId, externalIds) {
    return byExternalId(await lookupEach(externalIds, (externalId) => ClaimModel.findOne({ orgId, externalId }, FIELDS).lean<StoredClaimId>()));
  },
  newestOfPlatform: plainNewestOfPlatform,
};

/** FerretDB's table of a collection, schema-qualified and escaped for a query. */
async function tableOf(pool: pg.Pool, database: string, collection: string): Promise<string | null> {
  const table = (await ferretdbTables(pool, database)).get(collection);
  return table ? `${pg.escapeIdentifier(database)}.${pg.escapeIdentifier(table)}` : null;
}

/** Pages up to this long are read by ids; a filter's scan of thousands reads the documents in one command. */
const PAGE_BY_IDS = 100;

/**
 * Queries on FerretDB's `claims` table. FerretDB stores an ObjectId as its hex string, a string as
 * itself and a date as its milliseconds, in the `_jsonb` column; the table is read only, never written.
 */
export function postgresClaimLookups(pool: pg.Pool, database: string): ClaimLookups {
  let table: Promise<string | null> | null = null;
  const claimsTable = () => {
    table ??= tableOf(pool, database, ClaimModel.collection.collectionName).then((name) => {
      // Not created yet: asked again next time.
      if (!name) table = null;
      return name;
    });
    return table;
  };
  return {
    /** The page's ids sorted by PostgreSQL, then each report by _id (an index each), instead of every report through FerretDB. */
    async newestOfPlatform(orgId, page) {
      const claims = await claimsTable();
      if (!claims || page.limit > PAGE_BY_IDS) return plainNewestOfPlatform(orgId, page);
      const found = await pool.query<{ id: string }>(
        `SELECT _jsonb ->> '_id' AS id FROM ${claims} WHERE _jsonb -> 'orgId' = $1::jsonb
           ORDER BY _jsonb -> 'receivedAt' DESC, _jsonb -> '_id' DESC OFFSET $2 LIMIT $3`,
        [JSON.stringify(String(orgId)), page.skip, page.limit],
      );
      const listed = await lookupEach(found.rows, (row) => ClaimModel.findById(row.id, LISTED_FIELDS).lean<ListedClaim>());
      const byId = new Map(listed.map((claim) => [String(claim._id), claim]));
      return found.rows.flatMap((row) => byId.get(row.id) ?? []);
    },
    async byExternalIds(orgId, externalIds) {
      if (externalIds.length === 0) return new Map();
      const claims = await claimsTable();
      if (!claims) return new Map();
      const found = await pool.query<{ id: string; externalId: string; payloadHash: string }>(
        `SELECT _jsonb ->> '_id' AS id, _jsonb ->> 'externalId' AS "externalId", _jsonb ->> 'payloadHash' AS "payloadHash"
           FROM ${claims} WHERE _jsonb -> 'orgId' = $1::jsonb AND _jsonb -> 'externalId' = ANY($2::jsonb[])`,
        [JSON.stringify(String(orgId)), externalIds.map((externalId) => JSON.stringify(externalId))],
      );
      return byExternalId(found.rows.map((row) => ({ _id: new Types.ObjectId(row.id), externalId: row.externalId, payloadHash: row.payloadHash })));
    },
  };
}
