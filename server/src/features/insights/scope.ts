/**
 * Whose figures a viewer sees: their review organisation's, or those of one below it in the
 * hierarchy (`?org=`). An organisation answers for its region and everything within it.
 */
import type { Types } from 'mongoose';
import type { SessionUser } from '@refute/shared';
import { forbidden, notFound } from '../../http/errors';
import { OrganisationModel } from '../organisations/model';

export interface InsightScope {
  orgId: string;
  /** `CN` or a GB/T 2260 code: the rollup scope read. */
  region: string;
  /** The organisation and every one below it. */
  orgIds: Set<string>;
}

interface OrgNode {
  _id: Types.ObjectId;
  kind: string;
  region: string;
  parentId: Types.ObjectId | null;
}

export async function insightScope(viewer: SessionUser, org: string | undefined): Promise<InsightScope> {
  // Review organisations are few (a few thousand at most, four levels): read at once.
  const nodes = await OrganisationModel.find({ kind: 'review' }, { kind: 1, region: 1, parentId: 1 }).lean<OrgNode[]>();
  const byId = new Map(nodes.map((node) => [String(node._id), node]));
  const own = byId.get(viewer.orgId);
  if (!own) throw forbidden('insights_review_organisation', 'Insights are for the members of a review organisation');
  const target = org ?? viewer.orgId;
  const chosen = byId.get(target);
  if (!chosen) throw notFound('Review organisation');
  if (!isWithin(chosen, viewer.orgId, byId)) throw forbidden('org_outside_scope', 'That organisation is not yours or one below it');
  const children = new Map<string, string[]>();
  for (const node of nodes) if (node.parentId) children.set(String(node.parentId), [...(children.get(String(node.parentId)) ?? []), String(node._id)]);
  const orgIds = new Set<string>([target]);
  for (const id of orgIds) for (const child of children.get(id) ?? []) orgIds.add(child);
  return { orgId: target, region: chosen.region, orgIds };
}

/** Whether `node` is the organisation `ancestorId` or below it (the levels step down, so the walk ends). */
function isWithin(node: OrgNode, ancestorId: string, byId: ReadonlyMap<string, OrgNode>): boolean {
  for (let current: OrgNode | undefined = node; current; current = current.parentId ? byId.get(String(current.parentId)) : undefined) {
    if (String(current._id) === ancestorId) return true;
  }
  return false;
}
