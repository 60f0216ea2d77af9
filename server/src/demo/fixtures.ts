import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { API_KEY_SCOPES, ORG_KINDS, ORG_LEVELS, ROLES, TOPICS, claimReportSchema, draftSaveSchema, expertProfileSchema, regionCodeSchema } from '@refute/shared';
import { FIXTURES_DIR } from '../paths';

const organisations = z.array(
  z.strictObject({
    key: z.string(),
    name: z.strictObject({ zh: z.string(), en: z.string() }),
    level: z.enum(ORG_LEVELS).optional(),
    kind: z.enum(ORG_KINDS),
    region: regionCodeSchema,
    /** The key of the organisation above, listed earlier. */
    parent: z.string().optional(),
  }),
);

const users = z.array(
  z.strictObject({
    key: z.string(),
    org: z.string(),
    email: z.email(),
    name: z.string(),
    roles: z.array(z.enum(ROLES)).min(1),
    domains: z.array(z.enum(TOPICS)),
    password: z.string().min(8),
  }),
);

/** Expert profiles of demo reviewers (by user key); their domains are the user's. */
const experts = z.array(expertProfileSchema.omit({ domains: true }).extend({ user: z.string() }));

const apiKeys = z.array(
  z.strictObject({ org: z.string(), label: z.string(), key: z.string(), scopes: z.array(z.enum(API_KEY_SCOPES)) }),
);

const claims = z.array(
  claimReportSchema.omit({ reportedAt: true }).extend({
    platform: z.string(),
    topic: z.enum(TOPICS),
    group: z.string(),
    hoursAgo: z.number().min(0),
  }),
);

const reviews = z.array(
  draftSaveSchema.omit({ version: true }).extend({
    claim: z.strictObject({ platform: z.string(), externalId: z.string() }),
    author: z.string(),
    approver: z.string(),
  }),
);

function load<S extends z.ZodType>(schema: S, file: string): z.output<S> {
  const fullPath = path.join(FIXTURES_DIR, 'demo', file);
  const result = schema.safeParse(JSON.parse(fs.readFileSync(fullPath, 'utf8')));
  if (!result.success) throw new Error(`Invalid demo fixture ${fullPath}: ${result.error.message}`);
  return result.data;
}

export function loadDemoFixtures() {
  return {
    organisations: load(organisations, 'organisations.json'),
    users: load(users, 'users.json'),
    experts: load(experts, 'experts.json'),
    apiKeys: load(apiKeys, 'api-keys.json'),
    claims: load(claims, 'claims.json'),
    reviews: load(reviews, 'reviews.json'),
  };
}

export type DemoFixtures = ReturnType<typeof loadDemoFixtures>;
