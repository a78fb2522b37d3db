// Pure helpers of the dashboard (guest lists, chart series), unit-tested in format.spec.ts; times are
// @evently/time's.

export interface DaySales {
  date: string;
  tickets: number;
  cancellations: number;
}

const DAY_MS = 86_400_000;

/** The days from the first sale to the last (or today), days without sales as zeros; at most `limit`. */
export function everyDay(days: DaySales[], until = new Date(), limit = 60): DaySales[] {
  if (days.length === 0) return [];
  const byDate = new Map(days.map((d) => [d.date, d]));
  const last = Math.max(Date.parse(days[days.length - 1].date), Date.parse(until.toISOString().slice(0, 10)));
  const first = Math.max(Date.parse(days[0].date), last - (limit - 1) * DAY_MS);
  const all: DaySales[] = [];
  for (let at = first; at <= last; at += DAY_MS) {
    const date = new Date(at).toISOString().slice(0, 10);
    all.push(byDate.get(date) ?? { date, tickets: 0, cancellations: 0 });
  }
  return all;
}

/** `Ann <ann@example.com>`, `ann@example.com` or `ann@example.com, Ann`: one guest per line. */
export function parseGuests(text: string): { email: string; name?: string }[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const angled = /^(.*)<([^>]+)>$/.exec(line);
      if (angled) return { email: angled[2].trim(), ...(angled[1].trim() ? { name: angled[1].trim() } : {}) };
      const [email, ...rest] = line.split(',');
      const name = rest.join(',').trim();
      return { email: email.trim(), ...(name ? { name } : {}) };
    });
}
