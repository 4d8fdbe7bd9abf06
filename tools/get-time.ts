import * as z from 'zod';
import { defineTool, type Tool } from '../src/index.js';
import { findCity } from './city-lookup.js';

export interface TimeReport {
  /** The zone as the caller wrote it (ICU would rename e.g. Asia/Kolkata to Asia/Calcutta). */
  timezone: string;
  /** Local wall time with its offset, e.g. 2024-03-10T17:30:00+05:30. */
  iso: string;
  /** HH:MM:SS, 24-hour. */
  time: string;
  /** YYYY-MM-DD. */
  date: string;
  /** +HH:MM or -HH:MM. */
  utcOffset: string;
}

export interface GetTimeOptions {
  /** The clock; tests pass a fixed date. Default: the real clock. */
  now?: () => Date;
}

const parameters = z.object({
  timezone: z
    .string()
    // Validated here rather than in execute so a bad zone comes back to the model as an argument
    // issue it can fix, not as a tool failure.
    .refine(isValidTimeZone, { error: (issue) => unknownZoneMessage(String(issue.input)) })
    .describe('IANA time zone, e.g. Europe/Paris'),
});

export function createGetTimeTool(options: GetTimeOptions = {}): Tool<z.output<typeof parameters>, TimeReport> {
  const now = options.now ?? (() => new Date());
  return defineTool({
    name: 'get_time',
    effect: 'read_only',
    description: 'Get the current local date and time in a time zone.',
    parameters,
    execute: ({ timezone }) => timeIn(timezone, now()),
  });
}

export const getTime = createGetTimeTool();

function timeIn(timezone: string, instant: Date): TimeReport {
  // Whole seconds only: the offset is derived by comparing against wall time, which has no milliseconds.
  const epochMs = Math.floor(instant.getTime() / 1000) * 1000;
  const wall = wallClock(timezone, epochMs);
  const offsetMinutes = Math.round(
    (Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) - epochMs) / 60_000,
  );
  const date = `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`;
  const time = `${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}`;
  const utcOffset = formatOffset(offsetMinutes);
  return { timezone, iso: `${date}T${time}${utcOffset}`, time, date, utcOffset };
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(timeZone: string, epochMs: number): WallClock {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    era: 'short',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    numberingSystem: 'latn',
  });
  const parts = new Map(format.formatToParts(epochMs).map((part) => [part.type, part.value]));
  const field = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.get(type));
  // Years before 1 CE come back as "BC" with a positive year; convert to astronomical numbering.
  const year = parts.get('era') === 'BC' ? 1 - field('year') : field('year');
  return { year, month: field('month'), day: field('day'), hour: field('hour'), minute: field('minute'), second: field('second') };
}

/** A model that sends a city instead of a zone is told the zone, so its retry can succeed. */
function unknownZoneMessage(input: string): string {
  const city = findCity(input);
  const advice = city
    ? `${city.name} is in the IANA time zone ${JSON.stringify(city.timeZone)}`
    : 'use an IANA name such as "Europe/Paris", "America/New_York" or "UTC"';
  return `Unknown time zone ${JSON.stringify(input)}: ${advice}`;
}

function isValidTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat(undefined, { timeZone });
    return true;
  } catch {
    return false;
  }
}

function formatOffset(totalMinutes: number): string {
  const sign = totalMinutes < 0 ? '-' : '+';
  const minutes = Math.abs(totalMinutes);
  return `${sign}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

function pad(value: number, width = 2): string {
  return value < 0 ? `-${pad(-value, width)}` : String(value).padStart(width, '0');
}
