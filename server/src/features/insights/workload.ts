/**
 * Who carries the active cases now: per expert and per organisation of the viewer's subtree,
 * against their profiles' capacity, and the open cases per region of the viewer's scope. Read from the queue's view of active
 * cases (in memory on the local engine), not from rollups: it is a state, not a history.
 *
 * Names, organisations and capacities come from the pool's roster, which routing keeps per
 * process for every case it ranks (poolRoster.ts: a change made here is seen at once, one made by
 * another process within half a minute and the roster's next read), rather than from a read of every account per dashboard
 * (the local engine turns each stored key of each account into a value on every read). An
 * assignee without a profile (a reviewer outside the pool) is looked up by id.
 */
import { COUNTRY_REGION, type InsightsSummary } from '@refute/shared';
import { engine } from '../../engine';
import { cachedRoster } from '../experts/poolRoster';
import { regionChain } from '../regions/regions';
import { regionField } from './facts';
import type { InsightScope } from './scope';

const NOBODY: readonly string[] = [];

interface Person {
  name: string;
  orgId: string;
  capacity: number | null;
}

/** A region's chain and the keys it is counted under (`regionField` without its prefix); regions never change. */
const chains = new Map<string | null, { chain: string[]; keys: string[] }>();
function chainOf(region: string | null): { chain: string[]; keys: string[] } {
  let held = chains.get(region);
  if (!held) {
    const chain = region ? regionChain(region) : [];
    held = { chain, keys: (chain.length > 0 ? chain : [null]).map((code) => regionField(code).slice(1)) };
    chains.set(region, held);
  }
  return held;
}

export async function workloadOf(scope: InsightScope): Promise<InsightsSummary['workload']> {
  // A copy past its half minute is answered while it is read again: a dashboard shows it, and
  // waiting for the whole roster's read (about 150 ms on the local engine) would be each half
  // minute's cold request.
  const [rows, roster] = await Promise.all([engine().cases.activeRows({}), cachedRoster({ staleWhileRefreshing: true })]);
  const people = new Map<string, Person>(roster.map(({ user, profile }) => [String(user._id), { name: user.name, orgId: String(user.orgId), capacity: profile.capacity }]));
  // Each case's assignees as strings once: thousands of active cases, most with one or none.
  const assigned = rows.map((row) => (row.assigneeIds && row.assigneeIds.length > 0 ? row.assigneeIds.map(String) : NOBODY));
  const outsidePool = [...new Set(assigned.flat())].filter((id) => !people.has(id));
  for (const user of await engine().users.byIds(outsidePool, { name: 1, orgId: 1 })) people.set(String(user._id), { name: user.name, orgId: String(user.orgId), capacity: null });
  const inSubtree = new Map([...people].filter(([, person]) => scope.orgIds.has(person.orgId)));
  const experts = new Map<string, { working: number; submitted: number }>();
  // Thousands of active cases share a few hundred regions: counted per region first, each
  // region then placed in the scope and in its chain's keys once.
  const perRegion = new Map<string | null, { active: number; open: number }>();
  rows.forEach((row, i) => {
    for (const assignee of assigned[i]!) {
      if (!inSubtree.has(assignee)) continue;
      const held = experts.get(assignee) ?? { working: 0, submitted: 0 };
      if (row.status === 'submitted') held.submitted += 1;
      else held.working += 1;
      experts.set(assignee, held);
    }
    const region = row.region ?? null;
    let counted = perRegion.get(region);
    if (!counted) perRegion.set(region, (counted = { active: 0, open: 0 }));
    counted.active += 1;
    if (row.status === 'open') counted.open += 1;
  });
  // Counted in a Map: region codes are numeric strings, which an object stores as sparse array
  // elements, slow to count into.
  const openCounts = new Map<string, number>();
  let unassigned = 0;
  for (const [region, counted] of perRegion) {
    const { chain, keys } = chainOf(region);
    if (scope.region !== COUNTRY_REGION && !chain.includes(scope.region)) continue;
    unassigned += counted.open;
    for (const key of keys) openCounts.set(key, (openCounts.get(key) ?? 0) + counted.active);
  }
  const openByRegion = Object.fromEntries(openCounts);
  const expertRows = [...experts].map(([userId, load]) => {
    const person = inSubtree.get(userId)!;
    return { userId, name: person.name, orgId: person.orgId, ...load, capacity: person.capacity };
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
