/**
 * The workload of the routing simulation, drawn from a seeded generator so that every policy
 * meets the same experts and the same cases: review organisations on the four levels with real
 * GB/T 2260 regions, experts with domains, capacity, leave and on-call duty, and cases arriving
 * over the week with a daily rhythm and bursts.
 */
import { TOPICS, type Lane, type OrgLevel, type Topic } from '@refute/shared';
import { allRegions } from '../server/src/features/regions/regions';
import { seededRandom } from '../server/src/seededRandom';

export interface OrgSpec {
  key: string;
  level: OrgLevel;
  region: string;
  parentKey: string | null;
  name: { zh: string; en: string };
}

export interface ExpertSpec {
  index: number;
  orgKey: string;
  region: string;
  domains: Topic[];
  capacity: number;
  onCall: boolean;
  /** Opted in to direct assignment: hot and normal cases are given to them without an offer. */
  directAssignment: boolean;
  /** A leave period as China calendar days, or none. */
  leave: { from: string; to: string } | null;
  /** This expert's typical minutes to answer an offer or look at the queue. */
  responseMinutes: number;
  /** How likely they accept an offer when they have room. */
  acceptShare: number;
}

export interface CaseSpec {
  index: number;
  /** Minutes after the start of the week. */
  arrival: number;
  lane: Lane;
  topic: Topic;
  region: string | null;
}

export interface Workload {
  orgs: OrgSpec[];
  experts: ExpertSpec[];
  cases: CaseSpec[];
}

const EMERGENCY_TOPICS: Topic[] = ['emergencies', 'public_safety', 'health', 'geology'];
/** Health and food safety dominate rumors; the rest share what is left. */
const TOPIC_WEIGHTS: Partial<Record<Topic, number>> = { health: 5, food_safety: 4, emergencies: 2, public_safety: 2, environment: 2, other: 1 };

const pick = <T>(random: () => number, items: readonly T[]) => items[Math.floor(random() * items.length)]!;

function weightedTopic(random: () => number): Topic {
  const weights = TOPICS.map((topic) => TOPIC_WEIGHTS[topic] ?? 1);
  let draw = random() * weights.reduce((sum, weight) => sum + weight, 0);
  for (let i = 0; i < TOPICS.length; i += 1) {
    draw -= weights[i]!;
    if (draw <= 0) return TOPICS[i]!;
  }
  return 'other';
}

/** Six provinces, two prefectures each, two counties of each prefecture: 43 organisations. */
function organisations(): { orgs: OrgSpec[]; areas: { county: string[]; prefecture: string[]; province: string[] } } {
  const regions = allRegions();
  const children = (code: string, level: string) => regions.filter((region) => region.parent === code && region.level === level);
  const orgs: OrgSpec[] = [{ key: 'sim-national', level: 'national', region: 'CN', parentKey: null, name: { zh: '国家级', en: 'National' } }];
  const areas = { county: [] as string[], prefecture: [] as string[], province: [] as string[] };
  const provinces = regions.filter((region) => region.level === 'province' && children(region.code, 'prefecture').filter((p) => children(p.code, 'county').length >= 4).length >= 2);
  for (const province of provinces.slice(0, 6)) {
    orgs.push({ key: `sim-${province.code}`, level: 'provincial', region: province.code, parentKey: 'sim-national', name: province.name });
    areas.province.push(province.code);
    for (const prefecture of children(province.code, 'prefecture').filter((p) => children(p.code, 'county').length >= 4).slice(0, 2)) {
      orgs.push({ key: `sim-${prefecture.code}`, level: 'municipal', region: prefecture.code, parentKey: `sim-${province.code}`, name: prefecture.name });
      areas.prefecture.push(prefecture.code);
      const counties = children(prefecture.code, 'county');
      for (const county of counties.slice(0, 2)) {
        orgs.push({ key: `sim-${county.code}`, level: 'county', region: county.code, parentKey: `sim-${prefecture.code}`, name: county.name });
      }
      // Counties without their own organisation: their cases go to the prefecture's.
      areas.county.push(...counties.slice(0, 4).map((county) => county.code));
    }
  }
  return { orgs, areas };
}

/** China calendar day `offset` days after the week's start. */
const dayOf = (start: Date, offset: number) => new Date(start.getTime() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);

export function workload(options: { experts: number; cases: number; days: number; seed: number; start: Date; directShare: number }): Workload {
  const random = seededRandom(options.seed);
  // Drawn apart, so that the share opting in changes nothing else of the workload.
  const directDraw = seededRandom(options.seed + 1000);
  const { orgs, areas } = organisations();
  // A tenth national, a fifth provincial, three tenths municipal, two fifths county.
  const levelShares: Array<[OrgLevel, number]> = [
    ['national', 0.1],
    ['provincial', 0.2],
    ['municipal', 0.3],
    ['county', 0.4],
  ];
  const experts: ExpertSpec[] = [];
  for (const [level, share] of levelShares) {
    const ofLevel = orgs.filter((org) => org.level === level);
    const count = level === 'county' ? options.experts - experts.length : Math.round(options.experts * share);
    for (let i = 0; i < count; i += 1) {
      const org = ofLevel[i % ofLevel.length]!;
      const onCall = random() < 0.15;
      const domains = new Set<Topic>(onCall ? [pick(random, EMERGENCY_TOPICS)] : []);
      while (domains.size < 3) domains.add(weightedTopic(random));
      const leaveDay = Math.floor(random() * options.days);
      experts.push({
        index: experts.length,
        orgKey: org.key,
        region: org.region,
        domains: [...domains],
        capacity: 2 + Math.floor(random() * 5),
        onCall,
        directAssignment: directDraw() < options.directShare,
        leave: random() < 0.1 ? { from: dayOf(options.start, leaveDay), to: dayOf(options.start, leaveDay + 2) } : null,
        responseMinutes: 10 + random() * 80,
        acceptShare: 0.6 + random() * 0.35,
      });
    }
  }

  const weekMinutes = options.days * 24 * 60;
  // Five bursts of two hours, each a sixtieth of the cases, mostly hot and emergency.
  const bursts = Array.from({ length: 5 }, () => random() * (weekMinutes - 120));
  const cases: CaseSpec[] = [];
  for (let i = 0; i < options.cases; i += 1) {
    const inBurst = random() < 5 / 60;
    let arrival: number;
    if (inBurst) arrival = pick(random, bursts) + random() * 120;
    else {
      // Daytime in China carries three times the night's rate.
      do arrival = random() * weekMinutes;
      while (((arrival / 60 + 8) % 24 < 8 || (arrival / 60 + 8) % 24 > 22) && random() < 0.67);
    }
    const draw = random();
    const lane: Lane = inBurst ? (draw < 0.4 ? 'emergency' : 'hot') : draw < 0.08 ? 'emergency' : draw < 0.3 ? 'hot' : 'normal';
    const where = random();
    const region =
      where < 0.6 ? pick(random, areas.county) : where < 0.8 ? pick(random, areas.prefecture) : where < 0.9 ? pick(random, areas.province) : null;
    cases.push({ index: i, arrival, lane, topic: lane === 'emergency' ? pick(random, EMERGENCY_TOPICS) : weightedTopic(random), region });
  }
  cases.sort((a, b) => a.arrival - b.arrival);
  cases.forEach((spec, index) => (spec.index = index));
  return { orgs, experts, cases };
}
