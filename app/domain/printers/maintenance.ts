/**
 * Printer maintenance: log entries, per-type intervals and what is due.
 *
 * Rules (documented for the UI/docs):
 * - A log entry records a maintenance type, the local date it was done and the printer's cumulative print-hour counter
 *   at that moment ("odometer").
 * - An interval per type says "every N print hours" and/or "every N days". Non-positive or missing values mean "not
 *   scheduled by that measure"; a type with neither is not scheduled at all and gets no due item.
 * - Last done = the type's latest entry dated on or before `today` (ties: higher print hours, then later in the log).
 *   Entries dated after `today` are ignored (they are invalid; see `validateMaintenanceEntry`).
 * - Hours since last done = `printHoursNow - lastDone.printHours` (clamped at 0, flagged when negative), unless the
 *   caller supplies the figure per type in `printHoursSince` (e.g. from `printHoursSinceLastMaintenance`, which sums
 *   actual job time). Days since = calendar days from the entry's date to `today`.
 * - Per measure: remaining < 0 → `overdue`; remaining within 10 % of the interval → `due_soon` (hours:
 *   remaining ≤ interval/10; days: remaining ≤ floor(interval/10), so the due date itself is always `due_soon`);
 *   otherwise `ok`. Reaching the due point exactly is `due_soon`, passing it is `overdue`.
 *   The item's status is the worse of the two measures; `never_done` when the type has no entry.
 * - "Whichever comes first": the more severe measure; if equally severe and an average usage rate
 *   (`printHoursPerDay`) is given, the earlier date (hours are projected to a date with that rate); otherwise the measure
 *   with the smaller fraction of its interval left. Ties go to days.
 * - The printer's overall status is the worst item status, ordered overdue > due_soon > never_done > ok.
 */

import { addDays, compareLocalDates, diffDays, isValidLocalDate, localDate, type LocalDate } from '../time/zoned'

export const MAINTENANCE_TYPES = [
  'nozzle_change',
  'bed_levelling',
  'belt_tension',
  'lubrication',
  'cleaning',
  'firmware',
  'part_replacement',
  'other',
] as const
export type MaintenanceType = (typeof MAINTENANCE_TYPES)[number]

function isMaintenanceType(value: unknown): value is MaintenanceType {
  return typeof value === 'string' && (MAINTENANCE_TYPES as readonly string[]).includes(value)
}

export interface MaintenanceInterval {
  type: MaintenanceType
  /** Due every N print hours (null/absent/≤ 0 = not scheduled by hours). */
  everyPrintHours?: number | null
  /** Due every N calendar days (null/absent/≤ 0 = not scheduled by days). */
  everyDays?: number | null
}

export interface MaintenanceLogEntry {
  id?: string
  type: MaintenanceType
  /** Local date the work was done, `'YYYY-MM-DD'`. */
  date: LocalDate
  /** Printer's cumulative print hours at that moment. */
  printHours: number
}

export type MaintenanceDueStatus = 'ok' | 'due_soon' | 'overdue' | 'never_done'

/** Fraction of an interval within which an item is `due_soon` is 1 / DUE_SOON_DIVISOR (= 10 %). */
const DUE_SOON_DIVISOR = 10

export interface MaintenanceDueInput {
  intervals: ReadonlyArray<MaintenanceInterval>
  log: ReadonlyArray<MaintenanceLogEntry>
  /** Printer's cumulative print hours now. */
  printHoursNow: number
  /** Today's local date in the shop zone. */
  today: LocalDate
  /** Optional per-type override of "print hours since last done" (e.g. summed from actual jobs). */
  printHoursSince?: Partial<Record<MaintenanceType, number>>
  /** Optional average print hours per calendar day, used to project an hours-based due point onto a date. */
  printHoursPerDay?: number | null
}

export interface LastDone {
  date: LocalDate
  printHours: number
  id?: string
}

export interface DueByHours {
  everyPrintHours: number
  /** Counter value at which the type falls due (`printHoursNow + remainingHours`). */
  dueAtPrintHours: number
  /** Negative when overdue. */
  remainingHours: number
  /** Date the due point is expected, when `printHoursPerDay` is given (today when already reached). */
  projectedDate: LocalDate | null
  status: Exclude<MaintenanceDueStatus, 'never_done'>
}

export interface DueByDays {
  everyDays: number
  dueDate: LocalDate
  /** Negative when overdue. */
  remainingDays: number
  status: Exclude<MaintenanceDueStatus, 'never_done'>
}

export interface MaintenanceDueItem {
  type: MaintenanceType
  everyPrintHours: number | null
  everyDays: number | null
  lastDone: LastDone | null
  hoursSince: number | null
  daysSince: number | null
  /** Null when never done or not scheduled by hours. */
  byHours: DueByHours | null
  /** Null when never done or not scheduled by days. */
  byDays: DueByDays | null
  /** Measure that falls due first (null when never done). */
  dueFirstBy: 'hours' | 'days' | null
  /** Earliest known due date: the days due date, or the projected hours date if earlier. */
  nextDueDate: LocalDate | null
  status: MaintenanceDueStatus
  /** True when the counter now is below the last entry's hours (counter reset or typo); hours since was clamped to 0. */
  counterBelowLastEntry: boolean
}

export interface LastInspection {
  date: LocalDate
  type: MaintenanceType
  printHours: number
}

export interface MaintenanceDueResult {
  /** One item per scheduled type, in `MAINTENANCE_TYPES` order. */
  items: MaintenanceDueItem[]
  /** Latest log entry of any type (on or before today). */
  lastInspection: LastInspection | null
  lastInspectionDate: LocalDate | null
  overallStatus: MaintenanceDueStatus
}

const STATUS_SEVERITY: Record<MaintenanceDueStatus, number> = { ok: 0, never_done: 1, due_soon: 2, overdue: 3 }

/** Worst of several statuses (overdue > due_soon > never_done > ok); `ok` for none. */
export function worstDueStatus(statuses: ReadonlyArray<MaintenanceDueStatus>): MaintenanceDueStatus {
  let worst: MaintenanceDueStatus = 'ok'
  for (const s of statuses) if (STATUS_SEVERITY[s] > STATUS_SEVERITY[worst]) worst = s
  return worst
}

function positiveOrNull(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null
}

function isLaterEntry(a: MaintenanceLogEntry, b: MaintenanceLogEntry): boolean {
  const byDate = compareLocalDates(a.date, b.date)
  if (byDate !== 0) return byDate > 0
  return a.printHours >= b.printHours
}

function usableEntries(log: ReadonlyArray<MaintenanceLogEntry>, today: LocalDate): MaintenanceLogEntry[] {
  return log.filter(
    (e) => isValidLocalDate(e.date) && compareLocalDates(e.date, today) <= 0 && Number.isFinite(e.printHours),
  )
}

/** Latest entry per type on or before `today` (see module rules for ties). */
export function lastEntryByType(
  log: ReadonlyArray<MaintenanceLogEntry>,
  today: LocalDate,
): Partial<Record<MaintenanceType, MaintenanceLogEntry>> {
  const out: Partial<Record<MaintenanceType, MaintenanceLogEntry>> = {}
  for (const entry of usableEntries(log, today)) {
    const current = out[entry.type]
    if (!current || isLaterEntry(entry, current)) out[entry.type] = entry
  }
  return out
}

function hoursStatus(remaining: number, every: number): DueByHours['status'] {
  if (remaining < 0) return 'overdue'
  if (remaining * DUE_SOON_DIVISOR <= every) return 'due_soon'
  return 'ok'
}

function daysStatus(remaining: number, every: number): DueByDays['status'] {
  if (remaining < 0) return 'overdue'
  if (remaining <= Math.floor(every / DUE_SOON_DIVISOR)) return 'due_soon'
  return 'ok'
}

function pickFirst(byHours: DueByHours | null, byDays: DueByDays | null): 'hours' | 'days' | null {
  if (byHours && !byDays) return 'hours'
  if (byDays && !byHours) return 'days'
  if (!byHours || !byDays) return null
  const sh = STATUS_SEVERITY[byHours.status]
  const sd = STATUS_SEVERITY[byDays.status]
  if (sh !== sd) return sh > sd ? 'hours' : 'days'
  if (byHours.projectedDate && byHours.status !== 'overdue') {
    return compareLocalDates(byHours.projectedDate, byDays.dueDate) < 0 ? 'hours' : 'days'
  }
  const hoursLeft = byHours.remainingHours / byHours.everyPrintHours
  const daysLeft = byDays.remainingDays / byDays.everyDays
  return hoursLeft < daysLeft ? 'hours' : 'days'
}

/** What maintenance is due on a printer (see module rules). */
export function maintenanceDue(input: MaintenanceDueInput): MaintenanceDueResult {
  const { today, printHoursNow } = input
  const rate = positiveOrNull(input.printHoursPerDay)
  const last = lastEntryByType(input.log, today)

  const intervalByType = new Map<MaintenanceType, MaintenanceInterval>()
  for (const interval of input.intervals) {
    // First interval per type wins; duplicates are ignored.
    if (!intervalByType.has(interval.type)) intervalByType.set(interval.type, interval)
  }

  const items: MaintenanceDueItem[] = []
  for (const type of MAINTENANCE_TYPES) {
    const interval = intervalByType.get(type)
    if (!interval) continue
    const everyPrintHours = positiveOrNull(interval.everyPrintHours)
    const everyDays = positiveOrNull(interval.everyDays)
    if (everyPrintHours === null && everyDays === null) continue

    const entry = last[type]
    if (!entry) {
      items.push({
        type,
        everyPrintHours,
        everyDays,
        lastDone: null,
        hoursSince: null,
        daysSince: null,
        byHours: null,
        byDays: null,
        dueFirstBy: null,
        nextDueDate: null,
        status: 'never_done',
        counterBelowLastEntry: false,
      })
      continue
    }

    const override = input.printHoursSince?.[type]
    const rawHoursSince =
      typeof override === 'number' && Number.isFinite(override) ? override : printHoursNow - entry.printHours
    const counterBelowLastEntry = rawHoursSince < 0
    const hoursSince = Math.max(0, rawHoursSince)
    const daysSince = diffDays(entry.date, today)

    let byHours: DueByHours | null = null
    if (everyPrintHours !== null) {
      const remainingHours = everyPrintHours - hoursSince
      byHours = {
        everyPrintHours,
        dueAtPrintHours: printHoursNow + remainingHours,
        remainingHours,
        projectedDate: rate === null ? null : addDays(today, Math.max(0, Math.ceil(remainingHours / rate))),
        status: hoursStatus(remainingHours, everyPrintHours),
      }
    }

    let byDays: DueByDays | null = null
    if (everyDays !== null) {
      // Whole days only: a fractional "every 7.5 days" is rounded up.
      const days = Math.ceil(everyDays)
      const dueDate = addDays(entry.date, days)
      const remainingDays = diffDays(today, dueDate)
      byDays = { everyDays: days, dueDate, remainingDays, status: daysStatus(remainingDays, days) }
    }

    const candidates = [byDays?.dueDate, byHours?.projectedDate].filter((d): d is LocalDate => !!d)
    const nextDueDate = candidates.length === 0 ? null : candidates.sort(compareLocalDates)[0]

    items.push({
      type,
      everyPrintHours,
      everyDays,
      lastDone: { date: entry.date, printHours: entry.printHours, ...(entry.id !== undefined ? { id: entry.id } : {}) },
      hoursSince,
      daysSince,
      byHours,
      byDays,
      dueFirstBy: pickFirst(byHours, byDays),
      nextDueDate,
      status: worstDueStatus([byHours?.status ?? 'ok', byDays?.status ?? 'ok']),
      counterBelowLastEntry,
    })
  }

  let latest: MaintenanceLogEntry | null = null
  for (const entry of usableEntries(input.log, today)) {
    if (!latest || isLaterEntry(entry, latest)) latest = entry
  }
  const lastInspection = latest ? { date: latest.date, type: latest.type, printHours: latest.printHours } : null

  return {
    items,
    lastInspection,
    lastInspectionDate: lastInspection?.date ?? null,
    overallStatus: worstDueStatus(items.map((i) => i.status)),
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Interval validation
// ---------------------------------------------------------------------------------------------------------------------

export type MaintenanceIntervalErrorCode = 'type_invalid' | 'interval_required' | 'interval_not_positive' | 'interval_too_large'

/** Largest intervals: what the database holds (hours numeric(8,1), days integer) and more than any printer needs. */
const MAX_INTERVAL_PRINT_HOURS = 1_000_000
const MAX_INTERVAL_DAYS = 36_500

export interface MaintenanceIntervalError {
  field: 'type' | 'everyPrintHours' | 'everyDays'
  code: MaintenanceIntervalErrorCode
}

/**
 * Validates an interval setting: a known type and at least one measure; each given measure must be a positive
 * number (days: a positive whole number), at most MAX_INTERVAL_PRINT_HOURS / MAX_INTERVAL_DAYS. `null`/`undefined` = not
 * set. `interval_required` is reported on `everyPrintHours`.
 */
export function validateMaintenanceInterval(input: {
  type: unknown
  everyPrintHours?: number | null
  everyDays?: number | null
}): MaintenanceIntervalError[] {
  const errors: MaintenanceIntervalError[] = []
  if (!isMaintenanceType(input.type)) errors.push({ field: 'type', code: 'type_invalid' })
  const hours = input.everyPrintHours
  const days = input.everyDays
  const hoursSet = hours !== null && hours !== undefined
  const daysSet = days !== null && days !== undefined
  if (hoursSet && !(Number.isFinite(hours) && hours > 0)) {
    errors.push({ field: 'everyPrintHours', code: 'interval_not_positive' })
  } else if (hoursSet && hours > MAX_INTERVAL_PRINT_HOURS) {
    errors.push({ field: 'everyPrintHours', code: 'interval_too_large' })
  }
  if (daysSet && !(Number.isInteger(days) && days > 0)) {
    errors.push({ field: 'everyDays', code: 'interval_not_positive' })
  } else if (daysSet && days > MAX_INTERVAL_DAYS) {
    errors.push({ field: 'everyDays', code: 'interval_too_large' })
  }
  if (!hoursSet && !daysSet) errors.push({ field: 'everyPrintHours', code: 'interval_required' })
  return errors
}

// ---------------------------------------------------------------------------------------------------------------------
// Log entry validation
// ---------------------------------------------------------------------------------------------------------------------

/** Blocking problems: the entry cannot be saved. */
export type MaintenanceEntryErrorCode =
  | 'type_invalid'
  | 'date_invalid'
  | 'date_in_future'
  | 'print_hours_invalid'
  | 'print_hours_negative'

/**
 * Non-blocking problems: shown for confirmation, the entry may still be saved. Hours going backwards are only a
 * warning because the counter legitimately restarts when a controller board is replaced or firmware is reflashed.
 * Entries on the same date are not compared (their order within the day is unknown).
 */
export type MaintenanceEntryWarningCode =
  /** An entry dated before this one has more print hours. */
  | 'print_hours_below_earlier_entry'
  /** An entry dated after this one (back-dated insert) has fewer print hours. */
  | 'print_hours_above_later_entry'
  /** More hours than the printer's counter now (only checked when `printHoursNow` is given). */
  | 'print_hours_above_current'

export interface MaintenanceEntryIssue<C extends string> {
  field: 'type' | 'date' | 'printHours'
  code: C
  /** The existing entry the new one conflicts with (for the message), when relevant. */
  conflictingEntry?: { date: LocalDate; type: MaintenanceType; printHours: number }
}

export interface MaintenanceEntryDraft {
  type: unknown
  date: string
  printHours: number
}

export interface ValidateMaintenanceEntryInput {
  entry: MaintenanceEntryDraft
  /** The printer's existing log (excluding the entry being edited). */
  log: ReadonlyArray<MaintenanceLogEntry>
  /** Current instant; with `timeZone` it defines "today" for the future-date check. */
  now: Date
  timeZone: string
  printHoursNow?: number | null
}

export interface MaintenanceEntryValidation {
  ok: boolean
  errors: Array<MaintenanceEntryIssue<MaintenanceEntryErrorCode>>
  warnings: Array<MaintenanceEntryIssue<MaintenanceEntryWarningCode>>
}

/** Validates a new/edited log entry: errors block saving, warnings ask for confirmation. */
export function validateMaintenanceEntry(input: ValidateMaintenanceEntryInput): MaintenanceEntryValidation {
  const { entry } = input
  const errors: Array<MaintenanceEntryIssue<MaintenanceEntryErrorCode>> = []
  const warnings: Array<MaintenanceEntryIssue<MaintenanceEntryWarningCode>> = []

  if (!isMaintenanceType(entry.type)) errors.push({ field: 'type', code: 'type_invalid' })

  const dateValid = typeof entry.date === 'string' && isValidLocalDate(entry.date)
  if (!dateValid) errors.push({ field: 'date', code: 'date_invalid' })
  else if (compareLocalDates(entry.date, localDate(input.now, input.timeZone)) > 0) {
    errors.push({ field: 'date', code: 'date_in_future' })
  }

  const hours = entry.printHours
  const hoursValid = typeof hours === 'number' && Number.isFinite(hours)
  if (!hoursValid) errors.push({ field: 'printHours', code: 'print_hours_invalid' })
  else if (hours < 0) errors.push({ field: 'printHours', code: 'print_hours_negative' })

  if (dateValid && hoursValid && hours >= 0) {
    let earlierMax: MaintenanceLogEntry | null = null
    let laterMin: MaintenanceLogEntry | null = null
    for (const e of input.log) {
      if (!isValidLocalDate(e.date) || !Number.isFinite(e.printHours)) continue
      const cmp = compareLocalDates(e.date, entry.date)
      if (cmp < 0 && e.printHours > hours && (!earlierMax || e.printHours > earlierMax.printHours)) earlierMax = e
      if (cmp > 0 && e.printHours < hours && (!laterMin || e.printHours < laterMin.printHours)) laterMin = e
    }
    const describe = (e: MaintenanceLogEntry) => ({ date: e.date, type: e.type, printHours: e.printHours })
    if (earlierMax) {
      warnings.push({ field: 'printHours', code: 'print_hours_below_earlier_entry', conflictingEntry: describe(earlierMax) })
    }
    if (laterMin) {
      warnings.push({ field: 'printHours', code: 'print_hours_above_later_entry', conflictingEntry: describe(laterMin) })
    }
    const now = input.printHoursNow
    if (typeof now === 'number' && Number.isFinite(now) && hours > now) {
      warnings.push({ field: 'printHours', code: 'print_hours_above_current' })
    }
  }

  return { ok: errors.length === 0, errors, warnings }
}
