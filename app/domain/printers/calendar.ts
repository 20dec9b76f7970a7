/**
 * Printer weekly working calendars and the capacity (available UTC intervals) they offer.
 *
 * Rules (documented for the UI/docs):
 * - A calendar lists, per weekday (0 = Sunday … 6 = Saturday), the local wall-clock ranges in which the printer may run,
 *   in the shop's time zone. Several ranges per day are allowed (e.g. 09:00–12:00 and 13:00–21:00).
 * - Times are minutes from local midnight on 15-minute steps, 0 ≤ start < end ≤ 1440 ("24:00" is a valid end).
 *   A range never crosses midnight: an overnight shift is entered as 22:00–24:00 on one day and 00:00–06:00 on the
 *   next; the two become one continuous interval because touching intervals merge.
 * - Ranges within a day must not overlap; touching ranges (09:00–12:00, 12:00–15:00) are allowed.
 * - Only an `active` printer offers capacity; `maintenance` and `retired` offer none. The status passed in applies to
 *   the whole period (there is no status history in the domain).
 * - Maintenance windows (UTC instants) are removed from the capacity.
 * - DST: each range maps to the UTC instants whose local wall clock lies within it on that date. A boundary that falls in
 *   a skipped hour collapses onto the transition instant; a boundary in a repeated hour is taken at its first
 *   occurrence for a start and its last occurrence for an end (so a 00:00–24:00 day lasts 23 h or 25 h on DST days).
 */

import {
  addDays,
  localDate,
  MINUTES_PER_DAY,
  weekdayOf,
  zonedDateTimeToInstant,
  type LocalDate,
} from '../time/zoned'
import {
  clipIntervals,
  mergeIntervals,
  msToHours,
  subtractIntervals,
  totalDurationMs,
  type Interval,
} from '../time/intervals'

export type { Interval } from '../time/intervals'

/** 0 = Sunday … 6 = Saturday (same as `Date#getUTCDay`). */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6

export const WEEKDAYS: readonly Weekday[] = [0, 1, 2, 3, 4, 5, 6]

/** Local wall-clock range on one day, minutes from midnight, [startMin, endMin). */
export interface TimeRange {
  startMin: number
  endMin: number
}

/** Working hours per weekday; an empty array means the printer does not run that day. */
export type WeeklyCalendar = Record<Weekday, TimeRange[]>

export const PRINTER_STATUSES = ['active', 'maintenance', 'retired'] as const
export type PrinterStatus = (typeof PRINTER_STATUSES)[number]

/** Granularity of calendar times, in minutes. */
const CALENDAR_STEP_MINUTES = 15

// ---------------------------------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------------------------------

export type TimeRangeErrorCode =
  /** Not a whole number of minutes. */
  | 'invalid_time'
  /** Outside 00:00–24:00 (0–1440 minutes). */
  | 'time_out_of_range'
  /** Not on a 15-minute step. */
  | 'time_not_on_step'
  /** End is at or before start. */
  | 'end_not_after_start'
  /** Overlaps an earlier range of the same day (reported on the later range's start). */
  | 'ranges_overlap'

export interface CalendarFieldError {
  weekday: Weekday
  /** Index of the range in the weekday's array as given (before sorting). */
  index: number
  field: 'startMin' | 'endMin'
  code: TimeRangeErrorCode
  /** Form-style path, e.g. `'1.0.endMin'` (weekday.index.field). */
  path: string
}

export type CalendarValidationResult =
  | { ok: true; calendar: WeeklyCalendar }
  | { ok: false; errors: CalendarFieldError[] }

/** Calendar input as it may arrive from a form or the DB: missing weekdays count as "closed". */
export type WeeklyCalendarInput = Partial<Record<Weekday, ReadonlyArray<TimeRange>>>

function timeError(min: unknown): TimeRangeErrorCode | null {
  if (typeof min !== 'number' || !Number.isInteger(min)) return 'invalid_time'
  if (min < 0 || min > MINUTES_PER_DAY) return 'time_out_of_range'
  if (min % CALENDAR_STEP_MINUTES !== 0) return 'time_not_on_step'
  return null
}

/**
 * Checks ranges of one day. Errors carry the index of the offending range as given.
 * Order of checks per range: start, end (each: integer, 0–1440, 15-min step), end > start, then overlap.
 */
function validateDayRanges(
  ranges: ReadonlyArray<TimeRange>,
): Array<{ index: number; field: 'startMin' | 'endMin'; code: TimeRangeErrorCode }> {
  const errors: Array<{ index: number; field: 'startMin' | 'endMin'; code: TimeRangeErrorCode }> = []
  const valid: Array<{ index: number; range: TimeRange }> = []
  ranges.forEach((range, index) => {
    const startErr = timeError(range.startMin)
    const endErr = timeError(range.endMin)
    if (startErr) errors.push({ index, field: 'startMin', code: startErr })
    if (endErr) errors.push({ index, field: 'endMin', code: endErr })
    if (startErr || endErr) return
    if (range.endMin <= range.startMin) {
      errors.push({ index, field: 'endMin', code: 'end_not_after_start' })
      return
    }
    valid.push({ index, range })
  })
  valid.sort((a, b) => a.range.startMin - b.range.startMin || a.index - b.index)
  let maxEnd = -1
  for (const v of valid) {
    if (v.range.startMin < maxEnd) errors.push({ index: v.index, field: 'startMin', code: 'ranges_overlap' })
    maxEnd = Math.max(maxEnd, v.range.endMin)
  }
  return errors.sort((a, b) => a.index - b.index || (a.field === b.field ? 0 : a.field === 'startMin' ? -1 : 1))
}

/** Validates a whole calendar; on success returns it normalised (all weekdays present, ranges sorted by start). */
export function validateCalendar(input: WeeklyCalendarInput): CalendarValidationResult {
  const errors: CalendarFieldError[] = []
  const calendar = emptyCalendar()
  for (const weekday of WEEKDAYS) {
    const ranges = input[weekday] ?? []
    for (const e of validateDayRanges(ranges)) {
      errors.push({ weekday, ...e, path: `${weekday}.${e.index}.${e.field}` })
    }
    calendar[weekday] = ranges
      .map((r) => ({ startMin: r.startMin, endMin: r.endMin }))
      .sort((a, b) => a.startMin - b.startMin)
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, calendar }
}

// ---------------------------------------------------------------------------------------------------------------------
// Text form: "09:00-12:00, 13:00-21:00"
// ---------------------------------------------------------------------------------------------------------------------

export type DayRangesErrorCode = 'invalid_format' | TimeRangeErrorCode

export type ParseDayRangesResult =
  | { ok: true; ranges: TimeRange[] }
  /** `index` is the 0-based position of the offending range in the text. */
  | { ok: false; code: DayRangesErrorCode; index: number }

const TIME_RE = /^(\d{1,2})(?::(\d{2}))?$/

/** `'9'`, `'09'`, `'9:30'`, `'09:30'`, `'24:00'` → minutes; null when malformed (range checks are separate). */
export function parseTimeOfDay(text: string): number | null {
  const m = TIME_RE.exec(text.trim())
  if (!m) return null
  const hours = Number(m[1])
  const minutes = m[2] === undefined ? 0 : Number(m[2])
  if (minutes > 59) return null
  return hours * 60 + minutes
}

/** Minutes → `'HH:MM'` (1440 → `'24:00'`). */
export function formatTimeOfDay(minutes: number): string {
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`
}

/**
 * Parses one weekday's ranges from compact text. Accepted:
 * - ranges separated by `,` or `;`; start and end separated by `-`, `–` (en dash) or `~`;
 * - times `H`, `HH`, `H:MM`, `HH:MM`; `24:00` as an end;
 * - empty / blank text = no working hours that day; blank segments between commas are skipped.
 * Ranges are returned sorted by start.
 */
export function parseDayRanges(text: string): ParseDayRangesResult {
  const trimmed = text.trim()
  if (trimmed === '') return { ok: true, ranges: [] }
  const parts = trimmed.split(/[,;]/)
  const ranges: TimeRange[] = []
  const segmentOf: number[] = [] // range position → text segment position
  for (let index = 0; index < parts.length; index++) {
    // Blank segments (a trailing or doubled comma) are tolerated; `index` still counts them.
    if (parts[index].trim() === '') continue
    const bounds = parts[index].split(/[-–~]/)
    if (bounds.length !== 2) return { ok: false, code: 'invalid_format', index }
    const startMin = parseTimeOfDay(bounds[0])
    const endMin = parseTimeOfDay(bounds[1])
    if (startMin === null || endMin === null) return { ok: false, code: 'invalid_format', index }
    ranges.push({ startMin, endMin })
    segmentOf.push(index)
  }
  const errors = validateDayRanges(ranges)
  if (errors.length > 0) return { ok: false, code: errors[0].code, index: segmentOf[errors[0].index] }
  return { ok: true, ranges: [...ranges].sort((a, b) => a.startMin - b.startMin) }
}

/** Formats ranges as `'09:00-12:00, 13:00-21:00'` (sorted; `''` when closed). Round-trips with `parseDayRanges`. */
export function formatDayRanges(ranges: ReadonlyArray<TimeRange>): string {
  return [...ranges]
    .sort((a, b) => a.startMin - b.startMin)
    .map((r) => `${formatTimeOfDay(r.startMin)}-${formatTimeOfDay(r.endMin)}`)
    .join(', ')
}

export type ParseWeeklyTextResult =
  | { ok: true; calendar: WeeklyCalendar }
  | { ok: false; errors: Array<{ weekday: Weekday; code: DayRangesErrorCode; index: number }> }

/** Parses one text field per weekday (missing = closed); errors are reported per weekday. */
export function parseWeeklyCalendarText(texts: Partial<Record<Weekday, string>>): ParseWeeklyTextResult {
  const calendar = emptyCalendar()
  const errors: Array<{ weekday: Weekday; code: DayRangesErrorCode; index: number }> = []
  for (const weekday of WEEKDAYS) {
    const result = parseDayRanges(texts[weekday] ?? '')
    if (result.ok) calendar[weekday] = result.ranges
    else errors.push({ weekday, code: result.code, index: result.index })
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, calendar }
}

/** One text per weekday, for pre-filling forms. */
export function formatWeeklyCalendarText(calendar: WeeklyCalendar): Record<Weekday, string> {
  const out = {} as Record<Weekday, string>
  for (const weekday of WEEKDAYS) out[weekday] = formatDayRanges(calendar[weekday] ?? [])
  return out
}

// ---------------------------------------------------------------------------------------------------------------------
// Presets
// ---------------------------------------------------------------------------------------------------------------------

export const CALENDAR_PRESET_IDS = ['always', 'weekdays_09_21'] as const
export type CalendarPresetId = (typeof CALENDAR_PRESET_IDS)[number]

/** A calendar with no working hours. */
export function emptyCalendar(): WeeklyCalendar {
  return { 0: [], 1: [], 2: [], 3: [], 4: [], 5: [], 6: [] }
}

/** Fresh copy of a preset: `'always'` = 24 h every day (unattended); `'weekdays_09_21'` = Mon–Fri 09:00–21:00. */
export function calendarPreset(id: CalendarPresetId): WeeklyCalendar {
  const calendar = emptyCalendar()
  for (const weekday of WEEKDAYS) {
    if (id === 'always') calendar[weekday] = [{ startMin: 0, endMin: MINUTES_PER_DAY }]
    else if (weekday >= 1 && weekday <= 5) calendar[weekday] = [{ startMin: 9 * 60, endMin: 21 * 60 }]
  }
  return calendar
}

function sameCalendar(a: WeeklyCalendar, b: WeeklyCalendar): boolean {
  return WEEKDAYS.every((d) => formatDayRanges(a[d] ?? []) === formatDayRanges(b[d] ?? []))
}

/** Which preset a calendar equals, if any (for pre-selecting a form control). */
export function detectCalendarPreset(calendar: WeeklyCalendar): CalendarPresetId | null {
  return CALENDAR_PRESET_IDS.find((id) => sameCalendar(calendar, calendarPreset(id))) ?? null
}

/** Nominal working hours per week (ignores DST and maintenance). */
export function weeklyNominalHours(calendar: WeeklyCalendar): number {
  let minutes = 0
  for (const weekday of WEEKDAYS) {
    for (const r of calendar[weekday] ?? []) minutes += Math.max(0, r.endMin - r.startMin)
  }
  return minutes / 60
}

// ---------------------------------------------------------------------------------------------------------------------
// Capacity
// ---------------------------------------------------------------------------------------------------------------------

export interface AvailabilityInput {
  calendar: WeeklyCalendar
  status: PrinterStatus
  /** Planned/ongoing maintenance, as UTC instants; removed from capacity. Empty/reversed windows are ignored. */
  maintenanceWindows?: ReadonlyArray<Interval>
  /** Period start (inclusive). */
  from: Date
  /** Period end (exclusive). */
  to: Date
  /** IANA zone of the calendar, e.g. `'Asia/Seoul'`. */
  timeZone: string
}

function isUsableRange(r: TimeRange): boolean {
  return (
    Number.isInteger(r.startMin) &&
    Number.isInteger(r.endMin) &&
    r.startMin >= 0 &&
    r.endMin <= MINUTES_PER_DAY &&
    r.endMin > r.startMin
  )
}

/** UTC interval covered by a local range on a date (see the DST rule in the module comment). */
function rangeToInterval(date: LocalDate, range: TimeRange, timeZone: string): Interval {
  return {
    start: zonedDateTimeToInstant(date, range.startMin, timeZone, { overlap: 'earlier', gap: 'transition' }),
    end: zonedDateTimeToInstant(date, range.endMin, timeZone, { overlap: 'later', gap: 'transition' }),
  }
}

/**
 * Capacity of a printer in [from, to): UTC intervals, sorted, merged where they touch (a 24 h calendar yields one
 * continuous interval across midnights), minus maintenance windows, clipped to the period.
 * Invalid calendar ranges are ignored here — validate calendars when they are entered.
 */
export function availableIntervals(input: AvailabilityInput): Interval[] {
  const { calendar, status, from, to, timeZone } = input
  if (status !== 'active') return []
  if (!(to.getTime() > from.getTime())) return []

  // One extra local day either side covers ranges whose instants spill over a date boundary (e.g. DST, "24:00").
  const first = addDays(localDate(from, timeZone), -1)
  const last = addDays(localDate(to.getTime() - 1, timeZone), 1)
  const raw: Interval[] = []
  for (let date = first; date <= last; date = addDays(date, 1)) {
    for (const range of calendar[weekdayOf(date)] ?? []) {
      if (isUsableRange(range)) raw.push(rangeToInterval(date, range, timeZone))
    }
  }
  const clipped = clipIntervals(mergeIntervals(raw), from, to)
  return subtractIntervals(clipped, input.maintenanceWindows ?? [])
}

/** Total available milliseconds in the period (exact integer). */
export function availableMs(input: AvailabilityInput): number {
  return totalDurationMs(availableIntervals(input))
}

/** Total available hours in the period. */
export function availableHours(input: AvailabilityInput): number {
  return msToHours(availableMs(input))
}
