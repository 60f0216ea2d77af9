/**
 * The review hierarchy (四级联动): national → provincial → municipal → county. Pure rules of an
 * organisation's place, given its parent and the regions.
 */
import { COUNTRY_REGION, type OrgKind, type OrgLevel, type Region, type RegionLevel } from '@refute/shared';

export interface Placement {
  kind: OrgKind;
  level: OrgLevel | null;
  region: string;
}

export interface ParentPlacement extends Placement {
  id: string;
}

export type HierarchyProblem =
  | 'org_unknown_region'
  | 'org_level_required'
  | 'org_platform_in_hierarchy'
  | 'org_parent_not_allowed'
  | 'org_parent_required'
  | 'org_parent_level'
  | 'org_region_level'
  | 'org_region_outside_parent';

const PARENT_LEVEL: Record<OrgLevel, OrgLevel | null> = { national: null, provincial: 'national', municipal: 'provincial', county: 'municipal' };
const REGION_LEVEL: Record<Exclude<OrgLevel, 'national'>, RegionLevel> = { provincial: 'province', municipal: 'prefecture', county: 'county' };

/**
 * What is wrong with this placement, or null. A county answers to a municipal organisation,
 * except where no prefecture stands between it and its province (the districts of the four
 * municipalities, county-level cities a province governs directly): there to the provincial one.
 */
export function hierarchyProblem(org: Placement, parent: Placement | null, findRegion: (code: string) => Region | undefined): HierarchyProblem | null {
  const region = org.region === COUNTRY_REGION ? null : findRegion(org.region);
  if (org.region !== COUNTRY_REGION && !region) return 'org_unknown_region';
  if (org.kind === 'platform') return org.level || parent ? 'org_platform_in_hierarchy' : null;
  if (!org.level) return 'org_level_required';
  if (org.level === 'national') {
    if (parent) return 'org_parent_not_allowed';
    return region ? 'org_region_level' : null;
  }
  if (!parent) return 'org_parent_required';
  if (!region || region.level !== REGION_LEVEL[org.level]) return 'org_region_level';
  const directlyUnderProvince = org.level === 'county' && parent.level === 'provincial' && region.parent === parent.region;
  if (parent.kind !== 'review' || (parent.level !== PARENT_LEVEL[org.level] && !directlyUnderProvince)) return 'org_parent_level';
  if (parent.level !== 'national' && region.parent !== parent.region) return 'org_region_outside_parent';
  return null;
}
