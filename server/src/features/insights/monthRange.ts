/** Calendar months in UTC, as the rankings and the monthly reports count them. */

/** `YYYY-MM` of an instant. */
export const monthOf = (at: Date): string => at.toISOString().slice(0, 7);

/** The month's first instant and the next month's, in ms. */
export function monthRange(month: string): { fromMs: number; toMs: number } {
  const from = new Date(`${month}-01T00:00:00Z`);
  const next = new Date(from);
  next.setUTCMonth(next.getUTCMonth() + 1);
  return { fromMs: from.getTime(), toMs: next.getTime() };
}

/** The month and the `count - 1` before it, newest first. */
export function monthsUpTo(month: string, count: number): string[] {
  const at = new Date(`${month}-01T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => {
    const one = new Date(at);
    one.setUTCMonth(one.getUTCMonth() - i);
    return monthOf(one);
  });
}
