import { wallClockToInstantMs } from '../../time/zoned'
import { trimCell } from './numbers'

/**
 * `collected_at` parsing.
 *
 * Accepted shapes (date and time separated by 'T' or one space):
 *   YYYY-MM-DD
 *   YYYY-MM-DD[T| ]HH:MM
 *   YYYY-MM-DD[T| ]HH:MM:SS
 *   YYYY-MM-DD[T| ]HH:MM:SS.f…   (1–9 fraction digits; kept to the millisecond, extra digits truncated)
 * each optionally followed (optionally after one space) by a zone: 'Z', '±HH:MM', '±HHMM' or '±HH'.
 *
 * Fields are range-checked (real calendar date, hour 0–23, minute/second 0–59 — no leap second, no 24:00; zone
 * offset up to ±18:00, year ≥ 1970). A timestamp without a zone is wall-clock time in the `timeZone` argument, converted with
 * `Intl.DateTimeFormat`. DST is resolved like JavaScript `Date` / Temporal "compatible": a repeated wall time maps to
 * its earlier occurrence, a skipped wall time is shifted forward by the gap length.
 */

const TIMESTAMP_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(?: ?(Z|[+-]\d{2}(?::?\d{2})?))?$/i

/** Years before this are rejected as data errors (sensor data predating the Unix epoch is a typo). */
const MIN_YEAR = 1970

// Zone arithmetic is shared with the rest of the domain (time/zoned); re-exported for this module's callers.
export { isValidTimeZone, timeZoneOffsetMs as zoneOffsetMs, wallClockToInstantMs } from '../../time/zoned'

/** Epoch ms of a wall-clock date-time read as if it were UTC (keeps years 0–99 literal). */
function wallMs(year: number, month: number, day: number, h: number, mi: number, s: number, ms: number): number {
  const d = new Date(0)
  d.setUTCFullYear(year, month - 1, day)
  d.setUTCHours(h, mi, s, ms)
  return d.getTime()
}

/** Parses a `collected_at` cell to epoch ms, or null when it is not an accepted timestamp (see module comment). */
export function parseCollectedAt(text: string, timeZone: string): number | null {
  const m = TIMESTAMP_RE.exec(trimCell(text))
  if (!m) return null
  const [, ys, mos, ds, hs, mis, ss, fs, zone] = m
  const year = Number(ys)
  const month = Number(mos)
  const day = Number(ds)
  const hour = hs === undefined ? 0 : Number(hs)
  const minute = mis === undefined ? 0 : Number(mis)
  const second = ss === undefined ? 0 : Number(ss)
  const millis = fs === undefined ? 0 : Number(fs.slice(0, 3).padEnd(3, '0'))
  if (year < MIN_YEAR || month < 1 || month > 12 || day < 1 || day > 31) return null
  if (hour > 23 || minute > 59 || second > 59) return null
  const wall = wallMs(year, month, day, hour, minute, second, millis)
  const check = new Date(wall)
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null // e.g. 2024-02-30

  if (zone === undefined) return wallClockToInstantMs(wall, timeZone)
  if (zone.toUpperCase() === 'Z') return wall
  const sign = zone[0] === '-' ? -1 : 1
  const digits = zone.slice(1).replace(':', '')
  const offH = Number(digits.slice(0, 2))
  const offM = digits.length > 2 ? Number(digits.slice(2, 4)) : 0
  if (offM > 59 || offH * 60 + offM > 18 * 60) return null
  return wall - sign * (offH * 60 + offM) * 60_000
}
