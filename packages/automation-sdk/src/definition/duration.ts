import { z } from 'zod';
import { InvalidDurationError } from '../errors';

// Calendar units (years, months) are refused: their length depends on the start date, and a wait must
// mean the same span for every run.
const PATTERN = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** An ISO-8601 duration in weeks, days, hours, minutes and seconds, e.g. `PT1H`, `P1D`, `P2DT12H`. */
export const Duration = z
  .string()
  .refine((text) => parseDurationOrNull(text) !== null, {
    message: 'expected an ISO-8601 duration such as "PT1H" or "P7D" (weeks, days, hours, minutes, seconds)',
  })
  .describe('ISO-8601 duration (W, D, H, M, S units), e.g. "PT1H", "P1D", "P2DT12H".');
export type Duration = z.infer<typeof Duration>;

function parseDurationOrNull(text: string): number | null {
  const match = PATTERN.exec(text);
  if (!match || text === 'P' || text.endsWith('T')) return null;
  const [weeks, days, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = ((((weeks * 7 + days) * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000;
  return ms > 0 ? ms : null;
}

/**
 * Milliseconds in a duration.
 * @example durationMs('PT1H') // 3_600_000
 * @throws InvalidDurationError
 */
export function durationMs(duration: string): number {
  const ms = parseDurationOrNull(duration);
  if (ms === null) throw new InvalidDurationError(duration);
  return ms;
}
