/**
 * Reporting periods of the statistics page and the dashboard's "today / this week".
 *
 * Rules (documented for the UI/docs, docs/decisions/008-statistics.md):
 * - The statistics page uses the printers module's periods (`resolvePeriod`): this week (Monday–Sunday in the shop's
 *   zone), this month, or a custom inclusive range of at most 92 days, each the UTC half-open interval
 *   [start of the first local date, start of the day after the last local date).
 * - The query is `period=week|month|custom&from=YYYY-MM-DD&to=YYYY-MM-DD`. `from`/`to` without `period` mean a custom
 *   range. Anything unusable (an unknown period, a malformed or reversed date, a range over 92 days) never fails the
 *   page: it shows this week and a notice naming the field and the reason.
 * - A job belongs to the period that contains its actual end (see figures.ts), so a job finishing 23:30 local time on
 *   the last day counts and one finishing 00:10 the next day does not.
 */

import { mondayOf, PERIOD_KINDS, resolvePeriod, type Period, type PeriodErrorCode } from '../printers/period'
import { addDays, localDate, startOfLocalDate, type LocalDate } from '../time/zoned'

export type { Period } from '../printers/period'

export type StatisticsNoticeCode = PeriodErrorCode | 'period_unknown'

/** Why the page fell back to this week, per field. */
export interface StatisticsNotice {
  field: 'period' | 'from' | 'to'
  code: StatisticsNoticeCode
}

export interface StatisticsPeriodQuery {
  period?: string | null
  from?: string | null
  to?: string | null
}

/** The period a statistics query asks for, or this week plus a notice (see module rules). */
export function resolveStatisticsPeriod(
  query: StatisticsPeriodQuery,
  today: LocalDate,
  timeZone: string,
): { period: Period; notice: StatisticsNotice | null } {
  const raw = (query.period ?? '').trim()
  const from = (query.from ?? '').trim()
  const to = (query.to ?? '').trim()
  let kind: string
  if (raw === '') kind = from !== '' || to !== '' ? 'custom' : 'week'
  else if ((PERIOD_KINDS as readonly string[]).includes(raw)) kind = raw
  else {
    const week = resolvePeriod({ kind: 'week' }, today, timeZone)
    return { period: week.ok ? week.period : week.fallback, notice: { field: 'period', code: 'period_unknown' } }
  }
  const result = resolvePeriod({ kind, from, to }, today, timeZone)
  if (result.ok) return { period: result.period, notice: null }
  return { period: result.fallback, notice: { field: result.field, code: result.code } }
}

/** The dashboard's production windows: today and this week (Monday–Sunday) in the shop's zone, as UTC instants. */
export interface DashboardRanges {
  today: LocalDate
  todayFrom: Date
  todayTo: Date
  weekFirst: LocalDate
  /** Monday to Sunday. */
  weekDays: LocalDate[]
  weekFrom: Date
  weekTo: Date
}

export function dashboardRanges(now: Date, timeZone: string): DashboardRanges {
  const today = localDate(now, timeZone)
  const weekFirst = mondayOf(today)
  return {
    today,
    todayFrom: startOfLocalDate(today, timeZone),
    todayTo: startOfLocalDate(addDays(today, 1), timeZone),
    weekFirst,
    weekDays: [0, 1, 2, 3, 4, 5, 6].map((i) => addDays(weekFirst, i)),
    weekFrom: startOfLocalDate(weekFirst, timeZone),
    weekTo: startOfLocalDate(addDays(weekFirst, 7), timeZone),
  }
}

/** The query string that asks for this period again (links, the CSV export). */
export function periodQuery(period: Pick<Period, 'kind' | 'firstDate' | 'lastDate'>): string {
  const params = new URLSearchParams({ period: period.kind })
  if (period.kind === 'custom') {
    params.set('from', period.firstDate)
    params.set('to', period.lastDate)
  }
  return params.toString()
}
