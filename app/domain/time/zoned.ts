/**
 * Time-zone helpers built on `Intl.DateTimeFormat` only (no date library).
 *
 * Vocabulary:
 * - an *instant* is a point in UTC time (`Date` or epoch milliseconds);
 * - a *local date* is a calendar date in some zone, written `'YYYY-MM-DD'`;
 * - *minutes from midnight* is a wall-clock time on a local date (0 = 00:00, 1440 = 24:00 = next day's 00:00).
 *
 * Nothing here reads the clock: "now" and the zone are always arguments. Invalid zones make Intl throw a `RangeError`
 * (check with `isValidTimeZone` at the boundary).
 */

/** Calendar date in some zone, `'YYYY-MM-DD'`. */
export type LocalDate = string

/** An instant: `Date` or epoch milliseconds. */
export type InstantInput = Date | number

/** The shop's default zone (used by callers as a default; every function here takes the zone explicitly). */
export const DEFAULT_TIME_ZONE = 'Asia/Seoul'

export const MS_PER_MINUTE = 60_000
export const MS_PER_HOUR = 3_600_000
const MS_PER_DAY = 86_400_000
export const MINUTES_PER_DAY = 1440

const LOCAL_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/

function toMs(instant: InstantInput): number {
  const ms = typeof instant === 'number' ? instant : instant.getTime()
  if (!Number.isFinite(ms)) throw new RangeError('invalid instant')
  return ms
}

// ---------------------------------------------------------------------------------------------------------------------
// Local dates (pure calendar arithmetic, no zone involved)
// ---------------------------------------------------------------------------------------------------------------------

/** Parsed local date. */
export interface LocalDateParts {
  year: number
  month: number // 1–12
  day: number // 1–31
}

/** Parses `'YYYY-MM-DD'`; returns null unless it is a real calendar date (e.g. `'2026-02-30'` is rejected). */
export function parseLocalDate(date: string): LocalDateParts | null {
  const m = LOCAL_DATE_RE.exec(date)
  if (!m) return null
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  // Year 0 does not exist in the proleptic Gregorian calendar PostgreSQL's `date` uses (1 BC is followed by AD 1).
  if (year < 1 || month < 1 || month > 12 || day < 1) return null
  // setUTCFullYear (unlike Date.UTC) keeps years 0–99 literal.
  const probe = new Date(0)
  probe.setUTCFullYear(year, month - 1, day)
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null
  return { year, month, day }
}

/** True for a real calendar date written `'YYYY-MM-DD'`. */
export function isValidLocalDate(date: string): boolean {
  return parseLocalDate(date) !== null
}

function requireLocalDate(date: string): LocalDateParts {
  const parts = parseLocalDate(date)
  if (!parts) throw new RangeError(`invalid local date: ${date}`)
  return parts
}

/** Epoch ms of the local date's midnight *as if it were UTC* ("wall-clock milliseconds"). */
function wallMsOfDate(date: LocalDate): number {
  const { year, month, day } = requireLocalDate(date)
  const d = new Date(0)
  d.setUTCFullYear(year, month - 1, day)
  return d.getTime()
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0')
}

function formatWallDate(wallMs: number): LocalDate {
  const d = new Date(wallMs)
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`
}

/** Day of week of a local date: 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: LocalDate): 0 | 1 | 2 | 3 | 4 | 5 | 6 {
  return new Date(wallMsOfDate(date)).getUTCDay() as 0 | 1 | 2 | 3 | 4 | 5 | 6
}

/** Adds (or with a negative `days`, subtracts) whole calendar days. */
export function addDays(date: LocalDate, days: number): LocalDate {
  if (!Number.isInteger(days)) throw new RangeError('days must be an integer')
  return formatWallDate(wallMsOfDate(date) + days * MS_PER_DAY)
}

/** Number of calendar days from `a` to `b` (`b - a`; negative when `b` is earlier). */
export function diffDays(a: LocalDate, b: LocalDate): number {
  return Math.round((wallMsOfDate(b) - wallMsOfDate(a)) / MS_PER_DAY)
}

/** Orders local dates (`'YYYY-MM-DD'` compares lexicographically for 4-digit years). */
export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  return a < b ? -1 : a > b ? 1 : 0
}

// ---------------------------------------------------------------------------------------------------------------------
// Zones
// ---------------------------------------------------------------------------------------------------------------------

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(timeZone, f)
  }
  return f
}

/** True when Intl knows the IANA zone name (e.g. `'Asia/Seoul'`). */
export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone === '') return false
  try {
    formatterFor(timeZone)
    return true
  } catch {
    return false
  }
}

/** Wall-clock fields of an instant in a zone. */
export interface ZonedParts extends LocalDateParts {
  hour: number // 0–23
  minute: number
  second: number
}

/** Wall-clock fields of an instant in `timeZone`, read from Intl (exact, and slow: a dozen objects per call). */
function intlParts(ms: number, timeZone: string): ZonedParts {
  const parts = formatterFor(timeZone).formatToParts(new Date(ms))
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '0'
  let year = Number(get('year'))
  if (get('era') === 'BC' || get('era') === 'B') year = 1 - year
  return {
    year,
    month: Number(get('month')),
    day: Number(get('day')),
    hour: Number(get('hour')) % 24,
    minute: Number(get('minute')),
    second: Number(get('second')),
  }
}

/** The offset (ms, whole seconds) that the wall-clock fields `p` of the instant `ms` imply. */
function offsetOfParts(ms: number, p: ZonedParts): number {
  const d = new Date(0)
  d.setUTCFullYear(p.year, p.month - 1, p.day)
  d.setUTCHours(p.hour, p.minute, p.second, 0)
  return d.getTime() - Math.floor(ms / 1000) * 1000
}

/** The zone's offset at `ms`, from Intl. */
const intlOffsetMs = (ms: number, timeZone: string) => offsetOfParts(ms, intlParts(ms, timeZone))

const HOUR_MS = 3_600_000
const MAX_DATE_MS = 8.64e15
/**
 * A zone's offset per UTC hour, when it is the same at the hour's first and last millisecond — then it holds for the
 * whole hour (no zone changes its offset twice within an hour). An hour with a change is not remembered: its instants
 * go to Intl one by one. A pure memo of Intl's answers (bounded), so the pages that format hundreds of times per
 * request (the board's calendars, the dashboard's times) pay Intl once per zone and hour.
 */
const hourOffsets = new Map<string, number | null>()
function offsetInHour(ms: number, timeZone: string): number | null {
  const hour = Math.floor(ms / HOUR_MS)
  const key = `${timeZone}|${hour}`
  let offset = hourOffsets.get(key)
  if (offset === undefined) {
    const first = intlOffsetMs(hour * HOUR_MS, timeZone)
    offset = first === intlOffsetMs(hour * HOUR_MS + HOUR_MS - 1, timeZone) ? first : null
    if (hourOffsets.size >= 20_000) hourOffsets.clear()
    hourOffsets.set(key, offset)
  }
  return offset
}

/** Wall-clock fields of an instant in `timeZone` (seconds precision; milliseconds are dropped). */
export function zonedParts(instant: InstantInput, timeZone: string): ZonedParts {
  const ms = toMs(instant)
  // Within a day of the ends of Date's range the hour's bounds may not exist: ask Intl directly.
  if (Math.abs(ms) > MAX_DATE_MS - MS_PER_DAY) return intlParts(ms, timeZone)
  const offset = offsetInHour(ms, timeZone)
  if (offset === null) return intlParts(ms, timeZone)
  const d = new Date(ms + offset)
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() }
}

/** Offset of the zone at that instant in milliseconds (local wall clock − UTC), e.g. +9 h for Asia/Seoul. */
export function timeZoneOffsetMs(instant: InstantInput, timeZone: string): number {
  const ms = toMs(instant)
  return offsetOfParts(ms, zonedParts(ms, timeZone))
}

/** Local calendar date of an instant in a zone: `localDate(2026-03-01T15:00Z, 'Asia/Seoul') === '2026-03-02'`. */
export function localDate(instant: InstantInput, timeZone: string): LocalDate {
  const p = zonedParts(instant, timeZone)
  return `${pad(p.year, 4)}-${pad(p.month, 2)}-${pad(p.day, 2)}`
}

/** Minutes since local midnight of an instant (0–1439, seconds dropped). */
export function minutesOfLocalDay(instant: InstantInput, timeZone: string): number {
  const p = zonedParts(instant, timeZone)
  return p.hour * 60 + p.minute
}

/**
 * How to resolve wall-clock times that do not map to exactly one instant.
 * - `overlap` (the hour repeated when clocks go back): `'earlier'` picks the first occurrence, `'later'` the second.
 * - `gap` (the hour skipped when clocks go forward): `'shift_forward'` moves the time forward by the gap length
 *   (02:30 in a 02:00→03:00 gap becomes 03:30 — what `Date`/Temporal "compatible" do); `'transition'` returns the
 *   instant of the transition itself (the first instant after the gap, i.e. 03:00), which is what range ends/starts
 *   want: no instant of the skipped hour exists, so a range boundary inside it collapses onto the transition.
 */
export interface Disambiguation {
  overlap?: 'earlier' | 'later'
  gap?: 'shift_forward' | 'transition'
}

/**
 * The UTC instant at which the wall clock in `timeZone` shows `date` + `minutesFromMidnight`.
 *
 * `minutesFromMidnight` may be any integer; values ≥ 1440 or < 0 roll into neighbouring days
 * (1440 = 24:00 = next day's 00:00, useful for range ends).
 *
 * DST is resolved deterministically, by default like JavaScript `Date`/Temporal "compatible":
 * repeated times → the earlier occurrence; skipped times → shifted forward by the gap length.
 * See `Disambiguation` for the alternatives.
 */
export function zonedDateTimeToInstant(
  date: LocalDate,
  minutesFromMidnight: number,
  timeZone: string,
  disambiguation: Disambiguation = {},
): Date {
  if (!Number.isInteger(minutesFromMidnight)) throw new RangeError('minutesFromMidnight must be an integer')
  const wall = wallMsOfDate(date) + minutesFromMidnight * MS_PER_MINUTE
  return new Date(wallClockToInstantMs(wall, timeZone, disambiguation))
}

/**
 * The UTC instant (epoch ms) at which the wall clock in `timeZone` reads `wall` — a wall-clock date-time written as epoch
 * ms "as if UTC" (any millisecond precision). DST as in `zonedDateTimeToInstant`.
 */
export function wallClockToInstantMs(wall: number, timeZone: string, disambiguation: Disambiguation = {}): number {
  // Offsets a day either side of the wall time bracket any single transition near it.
  const before = timeZoneOffsetMs(wall - MS_PER_DAY, timeZone)
  const after = timeZoneOffsetMs(wall + MS_PER_DAY, timeZone)
  const candidates: number[] = []
  for (const offset of before === after ? [before] : [before, after]) {
    const t = wall - offset
    if (timeZoneOffsetMs(t, timeZone) === offset) candidates.push(t)
  }
  candidates.sort((a, b) => a - b)

  if (candidates.length === 1) return candidates[0]
  if (candidates.length === 2) {
    return disambiguation.overlap === 'later' ? candidates[1] : candidates[0]
  }
  if (before === after) {
    // Several transitions within two days (exotic historic zones): fall back to a single correction step.
    const guess = wall - before
    return wall - timeZoneOffsetMs(guess, timeZone)
  }
  // Gap: the wall time was skipped. Using the pre-transition offset lands after the transition ("shift forward").
  const shifted = wall - before
  if (disambiguation.gap !== 'transition') return shifted
  return findTransitionMs(wall - after, shifted, timeZone)
}

/** Binary search (1-second resolution) for the first instant in (lo, hi] whose offset differs from lo's offset. */
function findTransitionMs(loMs: number, hiMs: number, timeZone: string): number {
  const loOffset = timeZoneOffsetMs(loMs, timeZone)
  let lo = Math.floor(loMs / 1000)
  let hi = Math.ceil(hiMs / 1000)
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2)
    if (timeZoneOffsetMs(mid * 1000, timeZone) === loOffset) lo = mid
    else hi = mid
  }
  return hi * 1000
}

/** First instant of the local day containing `instant` (usually local 00:00; 01:00 if midnight was skipped by DST). */
export function startOfLocalDay(instant: InstantInput, timeZone: string): Date {
  return startOfLocalDate(localDate(instant, timeZone), timeZone)
}

/** First instant of a local date in a zone. */
export function startOfLocalDate(date: LocalDate, timeZone: string): Date {
  return zonedDateTimeToInstant(date, 0, timeZone, { overlap: 'earlier', gap: 'transition' })
}

/**
 * Local dates touched by the half-open span [from, to), in order. Empty when `to <= from`.
 * `to` itself is excluded: a span ending exactly at local midnight does not list the next date.
 */
export function localDatesBetween(from: InstantInput, to: InstantInput, timeZone: string): LocalDate[] {
  const fromMs = toMs(from)
  const toMsValue = toMs(to)
  if (toMsValue <= fromMs) return []
  const first = localDate(fromMs, timeZone)
  const last = localDate(toMsValue - 1, timeZone)
  const out: LocalDate[] = []
  for (let d = first; d <= last; d = addDays(d, 1)) out.push(d)
  return out
}
