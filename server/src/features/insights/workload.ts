/**
 * Who carries the active cases now: per expert and per organisation of the viewer's subtree,
 * against their profiles' capacity, and the open cases per region of the viewer's scope. Read from the queue's view of active
 * cases (in memory on the local engine), not from rollups: it is a state, not a history.
 */
import type { Types } from 'mongoose';
import { COUNTRY_REGION, type InsightsSummary } from '@refute/shared';
import { engine } from '../../engine';
import { ExpertProfileModel } from '../experts/model';
import { UserModel } from '../users/model';
import { regionChain } from '../regions/regions';
import { regionField } from './facts';
import type { InsightScope } from './scope';

interface Person {
  _id: Types.ObjectId;
  name: string;
  orgId: Types.ObjectId;
}

export async function workloadOf(scope: InsightScope): Promise<InsightsSummary['workload']> {
  // Three reads at once rather than one after another: the dashboard waits for the slowest only.
  // Expert profiles are few (the pool): read whole, as a `$in` of the experts would be on the local engine.
  const [rows, people, profiles] = await Promise.all([
    engine().cases.activeRows({}),
    UserModel.find({}, { name: 1, orgId: 1 }).lean<Person[]>(),
    ExpertProfileModel.find({}, { userId: 1, capacity: 1 }).lean<Array<{ userId: Types.ObjectId; capacity: number }>>(),
  ]);
  const inSubtree = new Map(people.filter((person) => scope.orgIds.has(String(person.orgId))).map((person) => [String(person._id), person]));
  const experts = new Map<string, { working: number; submitted: number }>();
  const openByRegion: Record<string, number> = {};
  let unassigned = 0;
  // Thousands of active cases share a few hundred regions: each chain is made once per call.
  const chains = new Map<string, string[]>();
  const chainOf = (region: string) => chains.get(region) ?? chains.set(region, regionChain(region)).get(region)!;
  for (const row of rows) {
    for (const assignee of row.assigneeIds ?? []) {
      if (!inSubtree.has(String(assignee))) continue;
      const held = experts.get(String(assignee)) ?? { working: 0, submitted: 0 };
      if (row.status === 'submitted') held.submitted += 1;
      else held.working += 1;
      experts.set(String(assignee), held);
    }
    const chain = row.region ? chainOf(row.region) : [];
    if (scope.region !== COUNTRY_REGION && !chain.includes(scope.region)) continue;
    if (row.status === 'open') unassigned += 1;
    for (const code of chain.length > 0 ? chain : [null]) {
      const key = regionField(code).slice(1);
      openByRegion[key] = (openByRegion[key] ?? 0) + 1;
    }
  }
  const capacityOf = new Map(profiles.map((profile) => [String(profile.userId), profile.capacity]));
  const expertRows = [...experts].map(([userId, load]) => {
    const person = inSubtree.get(userId)!;
    return { userId, name: person.name, orgId: String(person.orgId), ...load, capacity: capacityOf.get(userId) ?? null };
  });
  const organisations = new Map<string, { orgId: string; experts: number; working: number; submitted: number; capacity: number }>();
  for (const expert of expertRows) {
    const held = organisations.get(expert.orgId) ?? { orgId: expert.orgId, experts: 0, working: 0, submitted: 0, capacity: 0 };
    held.experts += 1;
    held.capacity += expert.capacity ?? 0;
    held.working += expert.working;
    held.submitted += expert.submitted;
    organisations.set(expert.orgId, held);
  }
  const byLoad = <T extends { working: number; submitted: number }>(a: T, b: T) => b.working + b.submitted - (a.working + a.submitted);
  return { experts: expertRows.sort(byLoad), organisations: [...organisations.values()].sort(byLoad), unassigned, openByRegion };
}
