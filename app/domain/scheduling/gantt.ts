/**
 * Layout of the 7-day printer Gantt: pure geometry in percent of the visible period, so the page can render it as plain
 * HTML/CSS (works without JavaScript). Days are the shop's local days (DST-aware through `startOfLocalDate`).
 */
import { addDays, startOfLocalDate, type LocalDate } from '../time/zoned'
import type { TimeSpan } from './types'

export interface GanttJobInput {
  id: string
  start: Date
  end: Date
}

export interface GanttRowInput<J extends GanttJobInput> {
  id: string
  /** Available (working) time; everything else in the period is shaded as non-working. */
  available: ReadonlyArray<TimeSpan>
  maintenance: ReadonlyArray<TimeSpan>
  jobs: ReadonlyArray<J>
}

export interface GanttInput<J extends GanttJobInput> {
  startDate: LocalDate
  days: number
  timeZone: string
  now: Date
  rows: ReadonlyArray<GanttRowInput<J>>
  /**
   * Narrowest bar, in percent of the period (a 20-minute job is a sliver on a 7-day chart). Bars are drawn at least this
   * wide, and bars that would then cover each other go to separate lanes, so every bar stays tappable. Default 0.
   */
  minBarPct?: number
}

export interface Span {
  /** Percent of the period from its start. */
  left: number
  /** Percent of the period. */
  width: number
}

export interface GanttBar<J> extends Span {
  job: J
  /** 0-based lane: jobs that overlap in time (or would cover each other at the minimum bar width) stack in lanes. */
  lane: number
  /** The job starts before / ends after the visible period. */
  clippedStart: boolean
  clippedEnd: boolean
}

export interface GanttRow<J> {
  id: string
  bars: GanttBar<J>[]
  lanes: number
  offHours: Span[]
  maintenance: Span[]
}

export interface GanttLayout<J> {
  from: Date
  to: Date
  dayColumns: Array<Span & { date: LocalDate; start: Date }>
  /** Percent position of "now", null when now is outside the period. */
  now: number | null
  rows: GanttRow<J>[]
}

const round = (x: number) => Math.round(x * 1000) / 1000

export function ganttPeriod(startDate: LocalDate, days: number, timeZone: string): { from: Date; to: Date } {
  return { from: startOfLocalDate(startDate, timeZone), to: startOfLocalDate(addDays(startDate, days), timeZone) }
}

function spanOf(start: number, end: number, from: number, total: number): Span | null {
  const s = Math.max(start, from)
  const e = Math.min(end, from + total)
  if (!(e > s)) return null
  return { left: round(((s - from) / total) * 100), width: round(((e - s) / total) * 100) }
}

/** Complement of sorted-or-not intervals within [from, to). */
function gaps(intervals: ReadonlyArray<TimeSpan>, from: number, to: number): Array<[number, number]> {
  const sorted = intervals.map((i) => [i.start.getTime(), i.end.getTime()] as [number, number]).filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0])
  const out: Array<[number, number]> = []
  let cursor = from
  for (const [s, e] of sorted) {
    if (s > cursor) out.push([cursor, Math.min(s, to)])
    cursor = Math.max(cursor, e)
    if (cursor >= to) break
  }
  if (cursor < to) out.push([cursor, to])
  return out.filter(([s, e]) => e > s)
}

export function layoutGantt<J extends GanttJobInput>(input: GanttInput<J>): GanttLayout<J> {
  const { from, to } = ganttPeriod(input.startDate, input.days, input.timeZone)
  const f = from.getTime()
  const total = to.getTime() - f
  const dayColumns = Array.from({ length: input.days }, (_, i) => {
    const date = addDays(input.startDate, i)
    const start = startOfLocalDate(date, input.timeZone).getTime()
    const end = startOfLocalDate(addDays(date, 1), input.timeZone).getTime()
    return { date, start: new Date(start), ...spanOf(start, end, f, total)! }
  })
  const n = input.now.getTime()
  const rows = input.rows.map((row) => {
    const jobs = row.jobs
      .filter((j) => j.end.getTime() > f && j.start.getTime() < f + total && j.end.getTime() > j.start.getTime())
      .slice()
      .sort((a, b) => a.start.getTime() - b.start.getTime() || a.end.getTime() - b.end.getTime() || (a.id < b.id ? -1 : 1))
    const laneEnds: number[] = []
    const minMs = ((input.minBarPct ?? 0) / 100) * total
    const bars: GanttBar<J>[] = jobs.map((job) => {
      const s = job.start.getTime()
      const visibleStart = Math.max(s, f)
      let lane = laneEnds.findIndex((end) => end <= visibleStart)
      if (lane === -1) {
        lane = laneEnds.length
        laneEnds.push(0)
      }
      laneEnds[lane] = Math.max(job.end.getTime(), visibleStart + minMs)
      const span = spanOf(s, job.end.getTime(), f, total)!
      return { job, lane, clippedStart: s < f, clippedEnd: job.end.getTime() > f + total, left: span.left, width: Math.max(span.width, input.minBarPct ?? 0) }
    })
    return {
      id: row.id,
      bars,
      lanes: Math.max(1, laneEnds.length),
      offHours: gaps(row.available, f, f + total).map(([s, e]) => spanOf(s, e, f, total)!),
      maintenance: row.maintenance.map((m) => spanOf(m.start.getTime(), m.end.getTime(), f, total)).filter((x): x is Span => x !== null),
    }
  })
  return { from, to, dayColumns, now: n >= f && n < f + total ? round(((n - f) / total) * 100) : null, rows }
}
