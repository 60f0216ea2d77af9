import type { Lang } from './i18n';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

const locale = (lang: Lang) => (lang === 'zh' ? 'zh-CN' : 'en');

/** "in 3 hours", "5 minutes ago", "2 days ago" in the current language. */
export function relativeTime(iso: string, lang: Lang, now = Date.now()): string {
  const diff = new Date(iso).getTime() - now;
  if (Number.isNaN(diff)) return '';
  const format = new Intl.RelativeTimeFormat(locale(lang), { numeric: 'auto' });
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return format.format(Math.round(diff / ms), unit);
  }
  return format.format(0, 'minute');
}

export function absoluteTime(iso: string, lang: Lang): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function compactNumber(value: number, lang: Lang): string {
  return new Intl.NumberFormat(locale(lang), { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

/** A 0–1 ratio as a whole percentage: 0.834 → "83%". */
export function percent(ratio: number, lang: Lang): string {
  return new Intl.NumberFormat(locale(lang), { style: 'percent', maximumFractionDigits: 0 }).format(ratio);
}

/** A duration in the unit that reads best: "45 min", "3.5 h", "2.1 d" (分钟, 小时, 天 in Chinese). */
export function durationText(seconds: number, lang: Lang): string {
  const number = (value: number) => new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 1 }).format(value);
  const [value, en, zh] = seconds < 3_600 ? [seconds / 60, 'min', '分钟'] : seconds < 172_800 ? [seconds / 3_600, 'h', '小时'] : [seconds / 86_400, 'd', '天'];
  return lang === 'zh' ? `${number(value)} ${zh}` : `${number(value)} ${en}`;
}
