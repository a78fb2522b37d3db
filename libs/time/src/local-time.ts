// An event's time as people read it, in the event's own zone: shared by the dashboard and the notifier.
// Intl only (no zone data of our own): browsers and Node carry the IANA database.

/** Locales whose short zone names people use (EST, WET and CET, IST, AEDT); else the GMT offset. */
const ZONE_NAME_LOCALES = ['en-US', 'en-GB', 'en-IN', 'en-AU'];

// Building a formatter is what costs (it was 4% of the notifier's CPU in a flash sale when made for every
// notice); formatting with one is cheap. A zone is cached the first time it is used.
const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterOf = (key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat => {
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = make();
    formatters.set(key, formatter);
  }
  return formatter;
};

const partsOf = (formatter: Intl.DateTimeFormat, at: Date) => {
  const parts = formatter.formatToParts(at);
  return (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
};

/** The zone's short name at `at`: "EST", "WET", "IST", or "GMT+9" where no common abbreviation exists. */
export function zoneAbbreviation(at: Date, timeZone?: string): string {
  const names = ZONE_NAME_LOCALES.map((locale) =>
    partsOf(
      formatterOf(`name|${locale}|${timeZone ?? ''}`, () =>
        Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' }),
      ),
      at,
    )('timeZoneName'),
  );
  return names.find((name) => !name.startsWith('GMT') || name === 'GMT') ?? names[0];
}

/** An instant as a person reads it: "Sat 24 Dec, 19:30 WET" (in `timeZone`; the runtime's when none). */
export function formatWhen(instant: string | Date, timeZone?: string): string {
  const at = new Date(instant);
  const part = partsOf(
    formatterOf(`when|${timeZone ?? ''}`, () =>
      Intl.DateTimeFormat('en-GB', {
        timeZone,
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }),
    ),
    at,
  );
  return `${part('weekday')} ${part('day')} ${part('month')}, ${part('hour')}:${part('minute')} ${zoneAbbreviation(at, timeZone)}`;
}

/** The wall-clock time of `at` in `timeZone` as `YYYY-MM-DDTHH:mm` (a `datetime-local` input's value). */
export function instantToZoned(instant: string | Date, timeZone: string): string {
  const part = partsOf(
    formatterOf(`wall|${timeZone}`, () =>
      Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }),
    ),
    new Date(instant),
  );
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}`;
}

/** How far `timeZone`'s wall clock is ahead of UTC at `at`, in minutes (-300 for New York in winter). */
export function offsetMinutes(at: Date, timeZone: string): number {
  const wall = Date.parse(`${instantToZoned(at, timeZone)}:00Z`);
  const utc = Math.floor(at.getTime() / 60_000) * 60_000;
  return Math.round((wall - utc) / 60_000);
}

const OFFSET = (minutes: number): string => {
  const pad = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  return `${minutes >= 0 ? '+' : '-'}${pad(minutes / 60)}:${pad(minutes % 60)}`;
};

/**
 * `2027-03-01T19:30` on the wall clocks of `timeZone`, as an ISO instant with that zone's offset then (what
 * the API takes). A time the clocks skip (a spring-forward gap) moves forward by the gap, as calendars do;
 * one they show twice (autumn) is the first. What is not a date is returned as it is, for the API to refuse.
 */
export function zonedToInstant(local: string, timeZone: string): string {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2})?$/.exec(local);
  if (!match) return local;
  const asUtc = Date.parse(`${match[1]}:00Z`);
  if (Number.isNaN(asUtc)) return local;
  // The offset just before and after; the wall time is one of them (two around a change of clocks).
  const candidates = [
    offsetMinutes(new Date(asUtc - 86_400_000), timeZone),
    offsetMinutes(new Date(asUtc + 86_400_000), timeZone),
  ];
  const fits = candidates.filter(
    (offset) => instantToZoned(new Date(asUtc - offset * 60_000), timeZone) === match[1],
  );
  const offset = fits.length > 0 ? Math.max(...fits) : Math.min(...candidates);
  return `${match[1]}:00${OFFSET(offset)}`;
}
