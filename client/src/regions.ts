/** China's administrative divisions, read once from the server, for names and pickers. */
import { useQuery } from '@tanstack/react-query';
import { COUNTRY_REGION, type Region } from '@refute/shared';
import { api } from './api';
import type { Lang } from './i18n';
import { queryKeys } from './queries';

export interface RegionIndex {
  list: Region[];
  byCode: Map<string, Region>;
  /** Regions directly below a code ('' for the provinces), in code order. */
  children: (code: string) => Region[];
}

function indexRegions(list: Region[]): RegionIndex {
  const byCode = new Map(list.map((region) => [region.code, region]));
  const byParent = new Map<string, Region[]>();
  for (const region of list) {
    const parent = region.parent ?? '';
    byParent.set(parent, [...(byParent.get(parent) ?? []), region]);
  }
  return { list, byCode, children: (code) => byParent.get(code) ?? [] };
}

export function useRegions(): RegionIndex | undefined {
  const { data } = useQuery({
    queryKey: queryKeys.regions,
    queryFn: ({ signal }) => api.regions(signal).then((response) => indexRegions(response.items)),
    staleTime: Infinity,
  });
  return data;
}

const COUNTRY_NAME = { zh: '全国', en: 'China' } as const;

/**
 * A region's name with the divisions above it (安吉县 · 湖州市 · 浙江省 reads, in English,
 * Anji County, Huzhou, Zhejiang); the code itself when it is not in the data.
 */
export function regionLabel(regions: RegionIndex | undefined, code: string | null | undefined, lang: Lang): string {
  if (!code) return '';
  if (code === COUNTRY_REGION) return COUNTRY_NAME[lang];
  const chain: Region[] = [];
  for (let region = regions?.byCode.get(code); region; region = region.parent ? regions?.byCode.get(region.parent) : undefined) chain.push(region);
  if (chain.length === 0) return code;
  const names = chain.map((region) => region.name[lang]);
  return lang === 'zh' ? names.reverse().join('') : names.join(', ');
}
