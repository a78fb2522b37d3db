// Pure helpers of the dashboard (dates, guest lists, chart series), unit-tested in format.spec.ts.

/** `2027-03-01T19:30` as the browser's local time, with its UTC offset: what the API takes. */
export function localToIso(local: string): string {
  const at = new Date(local);
  if (Number.isNaN(at.getTime())) return local;
  const offset = -at.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const pad = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  return `${local.length === 16 ? `${local}:00` : local}${sign}${pad(offset / 60)}:${pad(offset % 60)}`;
}

/** An instant as the value of a `datetime-local` input, in the browser's time zone. */
export function isoToLocal(iso: string): string {
  const at = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

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

/** Locales whose short zone names people use (EST, WET and CET, IST, AEDT); else the GMT offset. */
const ZONE_NAME_LOCALES = ['en-US', 'en-GB', 'en-IN', 'en-AU'];

/** The zone's short name at `at`: "EST", "WET", "IST", or "GMT+9" where no common abbreviation exists. */
export function zoneAbbreviation(at: Date, timeZone?: string): string {
  const nameIn = (locale: string) =>
    new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' })
      .formatToParts(at)
      .find((part) => part.type === 'timeZoneName')?.value ?? '';
  const names = ZONE_NAME_LOCALES.map(nameIn);
  return names.find((name) => !name.startsWith('GMT') || name === 'GMT') ?? names[0];
}

/** An instant as a person reads it: "Sat 24 Dec, 19:30 WET" (in `timeZone`; the browser's when none). */
export function formatWhen(iso: string, timeZone?: string): string {
  const at = new Date(iso);
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${part('day')} ${part('month')}, ${part('hour')}:${part('minute')} ${zoneAbbreviation(at, timeZone)}`;
}
