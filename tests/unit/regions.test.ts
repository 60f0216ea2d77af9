import fs from 'node:fs';
import type { Region } from '@refute/shared';
import { REGIONS_FILE } from '../../server/src/features/regions/regions';
import { hierarchyProblem } from '../../server/src/features/organisations/hierarchy';

const regions = JSON.parse(fs.readFileSync(REGIONS_FILE, 'utf8')) as Region[];
const byCode = new Map(regions.map((region) => [region.code, region]));
const find = (code: string) => byCode.get(code);

test('codes are six-digit GB/T 2260 codes, unique, with the shape of their level', () => {
  expect(byCode.size).toBe(regions.length);
  for (const region of regions) {
    expect(region.code).toMatch(/^[1-8]\d{5}$/);
    if (region.level === 'province') expect(region.code).toMatch(/^\d{2}0000$/);
    if (region.level === 'prefecture') expect(region.code).toMatch(/^\d{4}00$/);
    if (region.level === 'county') expect(region.code).not.toMatch(/00$/);
    expect(region.name.zh).toMatch(/\p{Script=Han}/u);
    expect(region.name.en).toMatch(/^[A-Z][A-Za-z' ,()-]+$/);
  }
});

test('every prefecture lies in an existing province and every county in its prefecture or province', () => {
  for (const region of regions) {
    if (region.level === 'province') {
      expect(region.parent).toBeUndefined();
      continue;
    }
    const parent = find(region.parent ?? '');
    expect(parent?.code.slice(0, 2)).toBe(region.code.slice(0, 2));
    if (region.level === 'prefecture') expect(parent?.level).toBe('province');
    else expect(['prefecture', 'province']).toContain(parent?.level);
    if (parent?.level === 'prefecture') expect(parent.code.slice(0, 4)).toBe(region.code.slice(0, 4));
  }
});

test('the mainland’s 31 provincial divisions, over 330 prefectures and over 2,800 counties', () => {
  const count = (level: Region['level']) => regions.filter((region) => region.level === level).length;
  expect(count('province')).toBe(31);
  expect(count('prefecture')).toBeGreaterThan(330);
  expect(count('county')).toBeGreaterThan(2800);
  expect(find('330000')?.name).toEqual({ zh: '浙江省', en: 'Zhejiang' });
  expect(find('330523')).toMatchObject({ parent: '330500', name: { zh: '安吉县', en: 'Anji County' } });
  expect(find('110101')?.parent).toBe('110000');
});

test('the hierarchy rules, as pure functions of the placements and the regions', () => {
  const national = { kind: 'review' as const, level: 'national' as const, region: 'CN' };
  const zhejiang = { kind: 'review' as const, level: 'provincial' as const, region: '330000' };
  const huzhou = { kind: 'review' as const, level: 'municipal' as const, region: '330500' };
  expect(hierarchyProblem(national, null, find)).toBeNull();
  expect(hierarchyProblem(zhejiang, national, find)).toBeNull();
  expect(hierarchyProblem(huzhou, zhejiang, find)).toBeNull();
  expect(hierarchyProblem({ ...huzhou, level: 'county', region: '330523' }, huzhou, find)).toBeNull();
  expect(hierarchyProblem({ ...huzhou, level: 'county', region: '330523' }, zhejiang, find)).toBe('org_parent_level');
  expect(hierarchyProblem(huzhou, national, find)).toBe('org_parent_level');
  expect(hierarchyProblem({ kind: 'platform', level: null, region: 'CN' }, null, find)).toBeNull();
});
