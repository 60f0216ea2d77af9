/**
 * China's administrative divisions (GB/T 2260), from shared/data/regions.json (see the README
 * there for the source). Read once, on first use.
 */
import fs from 'node:fs';
import path from 'node:path';
import { COUNTRY_REGION, type Region } from '@refute/shared';
import { REPO_ROOT } from '../../paths';

export const REGIONS_FILE = path.join(REPO_ROOT, 'shared', 'data', 'regions.json');

/** The whole country: the region of national organisations and platforms. */
const COUNTRY = { code: COUNTRY_REGION, name: { zh: '全国', en: 'China' } } as const;

let loaded: { list: Region[]; byCode: Map<string, Region> } | undefined;

function regions() {
  if (!loaded) {
    const list = JSON.parse(fs.readFileSync(REGIONS_FILE, 'utf8')) as Region[];
    loaded = { list, byCode: new Map(list.map((region) => [region.code, region])) };
  }
  return loaded;
}

export function allRegions(): readonly Region[] {
  return regions().list;
}

export function findRegion(code: string): Region | undefined {
  return regions().byCode.get(code);
}

export function isKnownRegion(code: string): boolean {
  return code === COUNTRY_REGION || regions().byCode.has(code);
}

/** The region's names, or null for a code that is not in the data (older free-text regions). */
export function regionName(code: string): { zh: string; en: string } | null {
  if (code === COUNTRY_REGION) return { ...COUNTRY.name };
  return findRegion(code)?.name ?? null;
}

/** The region and the regions above it, nearest first (a county, its city, its province). */
export function regionAncestry(code: string): string[] {
  const chain: string[] = [];
  let current = findRegion(code);
  while (current && chain.length < 4) {
    chain.push(current.code);
    current = current.parent ? findRegion(current.parent) : undefined;
  }
  return chain;
}

/** The province a region lies in (itself for a province), or null for CN and unknown codes. */
export function provinceOf(code: string): string | null {
  return regionAncestry(code).at(-1) ?? null;
}

/** Whether `code` is `area` or lies within it (everything lies within CN). */
export function isWithinRegion(code: string, area: string): boolean {
  return area === COUNTRY_REGION || regionAncestry(code).includes(area);
}
