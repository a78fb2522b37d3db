import { tzlib_get_timezones } from 'timezones-ical-library';
import { ValidateBy } from 'class-validator';

/**
 * The IANA zone names (canonical ones and their links, e.g. Asia/Kolkata and Asia/Calcutta) that this
 * runtime's Intl can also format in: an accepted zone can be shown, and written into an .ics file, which takes
 * its VTIMEZONE from the same list.
 */
const ZONES: ReadonlySet<string> = new Set(
  (tzlib_get_timezones() as string[]).filter((zone) => {
    try {
      Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }),
);

export const isTimeZone = (value: unknown): value is string => typeof value === 'string' && ZONES.has(value);

/** An IANA time-zone name, exactly as the database spells it ("Europe/Lisbon", "UTC"). */
export const IsTimeZone = (): PropertyDecorator =>
  ValidateBy({
    name: 'isTimeZone',
    validator: {
      validate: isTimeZone,
      defaultMessage: (args) =>
        `${args?.property ?? 'value'} must be an IANA time zone name such as Europe/Lisbon, America/New_York or UTC`,
    },
  });
