import { useState } from 'react';
import type { Region, RegionLevel } from '@refute/shared';
import { useT } from '../i18n';
import { useRegions, type RegionIndex } from '../regions';

const DEPTH: Record<RegionLevel, number> = { province: 1, prefecture: 2, county: 3 };

interface Props {
  id: string;
  value: string;
  onChange: (code: string) => void;
  /** The deepest level offered. */
  depth: RegionLevel;
  /** Only a region of exactly `depth` is a value; otherwise the deepest chosen is. */
  exact?: boolean;
  testId?: string;
}

/** The province, prefecture and county chosen, read from a region code. */
function pathOf(regions: RegionIndex | undefined, code: string): string[] {
  const chain: Region[] = [];
  for (let region = regions?.byCode.get(code); region; region = region.parent ? regions?.byCode.get(region.parent) : undefined) chain.unshift(region);
  const province = chain.find((region) => region.level === 'province')?.code ?? '';
  const prefecture = chain.find((region) => region.level === 'prefecture')?.code ?? '';
  const county = chain.find((region) => region.level === 'county')?.code ?? '';
  return [province, prefecture, county];
}

/** Cascading selects over China's divisions: province, then prefecture-level city, then county. */
export function RegionPicker({ id, value, onChange, depth, exact = false, testId = 'region' }: Props) {
  const { t, lang } = useT();
  const regions = useRegions();
  const [chosen, setChosen] = useState<string[] | null>(null);
  const [province = '', prefecture = '', county = ''] = chosen ?? pathOf(regions, value);
  const levels = DEPTH[depth];

  const choose = (path: string[]) => {
    setChosen(path);
    const deepest = [...path].reverse().find(Boolean) ?? '';
    const level = deepest ? regions?.byCode.get(deepest)?.level : undefined;
    onChange(!exact || level === depth ? deepest : '');
  };

  const prefectures = province ? (regions?.children(province) ?? []).filter((region) => region.level === 'prefecture') : [];
  // Counties of a prefecture, or those a province governs directly (a municipality's districts).
  const counties = prefecture ? (regions?.children(prefecture) ?? []) : province ? (regions?.children(province) ?? []).filter((region) => region.level === 'county') : [];
  const select = (level: RegionLevel, current: string, options: Region[], onSelect: (code: string) => void) => (
    <select
      id={level === 'province' ? id : `${id}-${level}`}
      className="input"
      data-testid={`${testId}-${level}`}
      aria-label={t(level === 'province' ? 'regionProvince' : level === 'prefecture' ? 'regionPrefecture' : 'regionCounty')}
      value={current}
      disabled={!regions || (level !== 'province' && options.length === 0)}
      onChange={(event) => onSelect(event.target.value)}
    >
      <option value="">{t('regionChoose')}</option>
      {options.map((region) => (
        <option key={region.code} value={region.code}>
          {region.name[lang]}
        </option>
      ))}
    </select>
  );

  return (
    <div className="region-picker">
      {select('province', province, regions?.children('') ?? [], (code) => choose([code, '', '']))}
      {levels >= 2 && select('prefecture', prefecture, prefectures, (code) => choose([province, code, '']))}
      {levels >= 3 && select('county', county, counties, (code) => choose([province, prefecture, code]))}
    </div>
  );
}
