/**
 * Raw-sample retention (issue 19 item 5), the pure part: which weekly partitions of `vibration_blocks_raw` to make and
 * which are due, from a clock passed in. Days are UTC calendar days 'YYYY-MM-DD'; a week starts on Monday (as
 * PostgreSQL's `date_trunc('week', …)`). A partition holds the blocks stored in its week; it is due once its whole week
 * lies before the cutoff, so raw samples are kept at least `days` and at most `days` + 6 days.
 */
import { addDays, weekdayOf, type LocalDate } from '~/domain/time/zoned'

/** Partitions are made for this week and this many weeks after it (a server off for longer fills the default one). */
export const WEEKS_AHEAD = 4
export const PARTITION_PREFIX = 'vibration_blocks_raw_w'

/** The UTC day of an instant. */
export function utcDay(at: Date): LocalDate {
  return at.toISOString().slice(0, 10)
}

/** Monday of the week holding `day`. */
export function weekStart(day: LocalDate): LocalDate {
  return addDays(day, -((weekdayOf(day) + 6) % 7)) // Monday 0 … Sunday 6
}

/** The partition of the week starting `week` (a Monday). */
export function partitionName(week: string): string {
  return PARTITION_PREFIX + week.replaceAll('-', '')
}

export interface RawPartition {
  name: string
  /** First day in it. */
  from: string
  /** First day after it. */
  to: string
}

/** A range partition's bound as PostgreSQL prints it (`pg_get_expr(relpartbound, oid)`); null for anything else. */
export function parseRangeBound(expr: string): { from: string; to: string } | null {
  const m = /^FOR VALUES FROM \('(\d{4}-\d{2}-\d{2})'\) TO \('(\d{4}-\d{2}-\d{2})'\)$/.exec(expr.trim())
  return m ? { from: m[1], to: m[2] } : null
}

/** Raw samples stored before this day are due; null when retention is off (`days` 0). */
export function retentionCutoff(now: Date, days: number): string | null {
  if (!Number.isInteger(days) || days <= 0) return null
  return addDays(utcDay(now), -days)
}

/** The weeks (their Mondays) that need a partition now: this week and WEEKS_AHEAD after it, less those there. */
export function weeksToMake(now: Date, existing: readonly RawPartition[], ahead = WEEKS_AHEAD): string[] {
  const first = weekStart(utcDay(now))
  const out: string[] = []
  for (let i = 0; i <= ahead; i++) {
    const week = addDays(first, 7 * i)
    const end = addDays(week, 7)
    if (!existing.some((p) => p.from < end && week < p.to)) out.push(week)
  }
  return out
}

/** The partitions wholly before the cutoff, oldest first. */
export function duePartitions(parts: readonly RawPartition[], cutoff: string | null): RawPartition[] {
  if (cutoff === null) return []
  return parts.filter((p) => p.to <= cutoff).sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))
}

/**
 * The stored blocks (numbers) behind diagnosis window `index` of `windowSize` samples in a recording stored in blocks of
 * `blockSize` (window i holds samples [i·windowSize, (i+1)·windowSize)). The retention job's SQL keeps the same blocks.
 */
export function windowBlocks(index: number, windowSize: number, blockSize: number): { first: number; last: number } {
  if (!Number.isInteger(index) || index < 0 || !Number.isInteger(windowSize) || windowSize < 1 || !Number.isInteger(blockSize) || blockSize < 1) {
    throw new RangeError('expected a window index ≥ 0 and positive sizes')
  }
  return { first: Math.floor((index * windowSize) / blockSize), last: Math.floor(((index + 1) * windowSize - 1) / blockSize) }
}
