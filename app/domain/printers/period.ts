/**
 * Reporting periods and per-day figures for the printer pages.
 *
 * Rules:
 * - A period is a range of shop-local dates, both ends inclusive, turned into the UTC half-open interval
 *   [start of first date, start of the day after the last date).
 * - `week` = Monday to Sunday containing today; `month` = the calendar month containing today; `custom` = the dates given,
 *   at most `MAX_PERIOD_DAYS` days long (a longer range, a reversed range or a malformed date is an error on that field).
 * - Print hours since a maintenance type = the counter now − the counter recorded at that type's last entry (clamped at 0),
 *   the same rule `maintenanceDue` uses when no job-based figure is given.
 */

import { addDays, diffDays, isValidLocalDate, startOfLocalDate, weekdayOf, type LocalDate } from '../time/zoned'
import { clipIntervals, msToHours, totalDurationMs, type Interval } from '../time/intervals'
import { lastEntryByType, type MaintenanceLogEntry, type MaintenanceType } from './maintenance'
import { computeUtilisation, type UtilisationJob } from './utilisation'

export const PERIOD_KINDS = ['week', 'month', 'custom'] as const
export type PeriodKind = (typeof PERIOD_KINDS)[number]

/** Longest custom period, in days (the daily chart stays readable). */
const MAX_PERIOD_DAYS = 92

export interface Period {
  kind: PeriodKind
  /** First local date (inclusive). */
  firstDate: LocalDate
  /** Last local date (inclusive). */
  lastDate: LocalDate
  from: Date
  to: Date
  days: LocalDate[]
}

export type PeriodErrorCode = 'date_invalid' | 'end_before_start' | 'period_too_long'

export type ResolvePeriodResult =
  | { ok: true; period: Period }
  | { ok: false; field: 'from' | 'to'; code: PeriodErrorCode; fallback: Period }

function build(kind: PeriodKind, firstDate: LocalDate, lastDate: LocalDate, timeZone: string): Period {
  const days: LocalDate[] = []
  for (let d = firstDate; d <= lastDate; d = addDays(d, 1)) days.push(d)
  return {
    kind,
    firstDate,
    lastDate,
    from: startOfLocalDate(firstDate, timeZone),
    to: startOfLocalDate(addDays(lastDate, 1), timeZone),
    days,
  }
}

/** Monday of the week containing `date`. */
export function mondayOf(date: LocalDate): LocalDate {
  return addDays(date, -((weekdayOf(date) + 6) % 7))
}

/** Resolves a period request; an invalid custom range yields an error and this week as the fallback. */
export function resolvePeriod(
  input: { kind?: string | null; from?: string | null; to?: string | null },
  today: LocalDate,
  timeZone: string,
): ResolvePeriodResult {
  const week = () => build('week', mondayOf(today), addDays(mondayOf(today), 6), timeZone)
  if (input.kind === 'month') {
    const first = `${today.slice(0, 8)}01`
    const nextMonthFirst = addDays(first, 40).slice(0, 8) + '01'
    return { ok: true, period: build('month', first, addDays(nextMonthFirst, -1), timeZone) }
  }
  if (input.kind !== 'custom') return { ok: true, period: week() }
  const from = input.from ?? ''
  const to = input.to ?? ''
  if (!isValidLocalDate(from)) return { ok: false, field: 'from', code: 'date_invalid', fallback: week() }
  if (!isValidLocalDate(to)) return { ok: false, field: 'to', code: 'date_invalid', fallback: week() }
  if (to < from) return { ok: false, field: 'to', code: 'end_before_start', fallback: week() }
  if (diffDays(from, to) + 1 > MAX_PERIOD_DAYS) return { ok: false, field: 'to', code: 'period_too_long', fallback: week() }
  return { ok: true, period: build('custom', from, to, timeZone) }
}

export interface DayFigures {
  date: LocalDate
  availableHours: number
  printHours: number
}

/** Available and print hours per local day of the period for one printer. */
export function dailyFigures(input: {
  period: Period
  printerId: string
  intervals: ReadonlyArray<Interval>
  jobs: ReadonlyArray<UtilisationJob>
  now: Date
  timeZone: string
}): DayFigures[] {
  return input.period.days.map((date) => {
    const from = startOfLocalDate(date, input.timeZone)
    const to = startOfLocalDate(addDays(date, 1), input.timeZone)
    const result = computeUtilisation({
      jobs: input.jobs.filter((j) => j.printerId === input.printerId),
      availability: [{ printerId: input.printerId, intervals: clipIntervals(input.intervals, from, to) }],
      from,
      to,
      now: input.now,
    })
    const mine = result.printers.find((p) => p.printerId === input.printerId)
    return {
      date,
      availableHours: msToHours(totalDurationMs(clipIntervals(input.intervals, from, to))),
      printHours: mine?.printHours ?? 0,
    }
  })
}

/** Print hours on the counter since each type's last entry (types never logged are absent). */
export function printHoursSinceByCounter(
  log: ReadonlyArray<MaintenanceLogEntry>,
  printHoursNow: number,
  today: LocalDate,
): Partial<Record<MaintenanceType, number>> {
  const out: Partial<Record<MaintenanceType, number>> = {}
  for (const [type, entry] of Object.entries(lastEntryByType(log, today)) as Array<[MaintenanceType, MaintenanceLogEntry]>) {
    out[type] = Math.max(0, printHoursNow - entry.printHours)
  }
  return out
}
