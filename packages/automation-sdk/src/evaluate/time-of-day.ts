const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function localParts(at: Date, timeZone: string): LocalParts {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

/** Offset of a zone from UTC at an instant, in ms (positive east of Greenwich). */
function offsetMs(at: Date, timeZone: string): number {
  const p = localParts(at, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant a local wall-clock time happens in a zone (a time skipped by DST moves forward by the gap). */
function zonedInstant(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  timeZone: string,
) {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  let guess = wall - offsetMs(new Date(wall), timeZone);
  // A second pass settles instants near a DST change, where the first guess used the other offset.
  guess = wall - offsetMs(new Date(guess), timeZone);
  return new Date(guess);
}

/**
 * The first instant after `after` at which the clock in `timeZone` shows `at` (HH:MM) on an allowed day.
 * @example nextLocalTime(new Date('2026-03-02T20:00:00Z'), '09:00', 'Europe/Berlin') // 2026-03-03T08:00:00Z
 */
export function nextLocalTime(after: Date, at: string, timeZone: string, days?: readonly Weekday[]): Date {
  const [hour = 0, minute = 0] = at.split(':').map(Number);
  const today = localParts(after, timeZone);
  for (let offset = 0; offset <= 8; offset++) {
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + offset));
    const weekday = WEEKDAYS[date.getUTCDay()] as Weekday;
    if (days && !days.includes(weekday)) continue;
    const candidate = zonedInstant(
      date.getUTCFullYear(),
      date.getUTCMonth() + 1,
      date.getUTCDate(),
      hour,
      minute,
      timeZone,
    );
    if (candidate.getTime() > after.getTime()) return candidate;
  }
  throw new RangeError(`No allowed day for ${at} in ${timeZone}`);
}
