/**
 * Layout of the planning board: pure geometry in percent of the visible period, so the page renders it as plain HTML/CSS
 * (works without JavaScript). The period is one, three or seven of the shop's local days (the zoom, a GET parameter);
 * days are local days (DST-aware through `startOfLocalDate`). Lanes, label widths and grouping: ./gantt-layout.ts.
 */
import { addDays, startOfLocalDate, zonedDateTimeToInstant, type LocalDate } from '../time/zoned'
import { assignLanes, barMinPx, GANTT_ITEM_MIN_PX, GANTT_TRACK_MIN_PX, packLane } from './gantt-layout'
import type { TimeSpan } from './types'

export const GANTT_ZOOMS = ['day', '3d', 'week'] as const
export type GanttZoom = (typeof GANTT_ZOOMS)[number]
export const ZOOM_DAYS: Record<GanttZoom, number> = { day: 1, '3d': 3, week: 7 }
/** The seed's "7-day per-printer timeline"; day and 3 days are a tap away. */
export const DEFAULT_ZOOM: GanttZoom = 'week'
/** Hours between the labelled ticks of the time axis (the week shows days only). */
const TICK_HOURS: Record<GanttZoom, number | null> = { day: 3, '3d': 6, week: null }

export function parseZoom(raw: string | null | undefined): GanttZoom {
  return (GANTT_ZOOMS as readonly string[]).includes(raw ?? '') ? (raw as GanttZoom) : DEFAULT_ZOOM
}

export interface GanttJobInput {
  id: string
  start: Date
  end: Date
  /** The order number the bar must show whole (its width in px decides whether the job can stand alone). */
  reference: string
  /** Signs drawn in front of the order number (they need room too). */
  locked?: boolean
  late?: boolean
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
  /** The narrowest track width the layout must hold at (default GANTT_TRACK_MIN_PX). */
  trackPx?: number
  /** Hours between labelled ticks (none by default). */
  tickHours?: number | null
  /** Width in px a group of `count` jobs needs for its label (default: a tap target). */
  groupPx?: (count: number) => number
}

export interface Span {
  /** Percent of the period from its start. */
  left: number
  /** Percent of the period. */
  width: number
}

export interface GanttBar<J> extends Span {
  kind: 'bar'
  job: J
  /** 0-based lane: only jobs that overlap in time get another lane. */
  lane: number
}

export interface GanttGroup<J> extends Span {
  kind: 'group'
  /** Two or more jobs, in time order, too short at this zoom to be tapped one by one. */
  jobs: J[]
  lane: number
  start: Date
  end: Date
}

export type GanttItem<J> = GanttBar<J> | GanttGroup<J>

export interface GanttRow<J> {
  id: string
  items: GanttItem<J>[]
  lanes: number
  offHours: Span[]
  maintenance: Span[]
}

export interface GanttLayout<J> {
  from: Date
  to: Date
  dayColumns: Array<Span & { date: LocalDate }>
  /** Labelled hour ticks inside the days (e.g. 03, 06, … at the day zoom). */
  ticks: Array<{ left: number; hour: number }>
  /** Percent position of "now", null when now is outside the period. */
  now: number | null
  rows: GanttRow<J>[]
}

const round = (x: number) => Math.round(x * 100) / 100

export function ganttPeriod(startDate: LocalDate, days: number, timeZone: string): { from: Date; to: Date } {
  return { from: startOfLocalDate(startDate, timeZone), to: startOfLocalDate(addDays(startDate, days), timeZone) }
}

export function tickHoursOf(zoom: GanttZoom): number | null {
  return TICK_HOURS[zoom]
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

/** One row's jobs as lanes of bars and groups (see gantt-layout.ts). */
function layoutJobs<J extends GanttJobInput>(
  jobs: ReadonlyArray<J>,
  f: number,
  total: number,
  trackPx: number,
  groupMin: (count: number) => number,
): { items: GanttItem<J>[]; lanes: number } {
  const visible = jobs.filter((j) => j.end.getTime() > f && j.start.getTime() < f + total && j.end.getTime() > j.start.getTime())
  const frac = visible.map((j) => ({ start: Math.max(0, (j.start.getTime() - f) / total), end: Math.min(1, (j.end.getTime() - f) / total) }))
  const { lanes, count } = assignLanes(frac)
  const byLane: number[][] = Array.from({ length: count }, () => [])
  for (let i = 0; i < visible.length; i++) byLane[lanes[i]].push(i)
  const items: GanttItem<J>[] = []
  for (let lane = 0; lane < count; lane++) {
    const idx = byLane[lane]
    const packed = packLane(
      idx.map((i) => ({ start: frac[i].start, end: frac[i].end, min: barMinPx(visible[i].reference, visible[i]) / trackPx })),
      groupMin,
    )
    for (const p of packed) {
      const left = round(p.left * 100)
      const width = round(p.width * 100)
      if (p.members.length === 1) {
        items.push({ kind: 'bar', job: visible[idx[p.members[0]]], lane, left, width })
        continue
      }
      const members = p.members.map((m) => visible[idx[m]])
      let start = Infinity
      let end = -Infinity
      for (const j of members) {
        start = Math.min(start, j.start.getTime())
        end = Math.max(end, j.end.getTime())
      }
      items.push({ kind: 'group', jobs: members, lane, left, width, start: new Date(start), end: new Date(end) })
    }
  }
  if (count > 1) items.sort((a, b) => a.lane - b.lane || a.left - b.left)
  return { items, lanes: count }
}

export function layoutGantt<J extends GanttJobInput>(input: GanttInput<J>): GanttLayout<J> {
  const { from, to } = ganttPeriod(input.startDate, input.days, input.timeZone)
  const f = from.getTime()
  const total = to.getTime() - f
  const trackPx = input.trackPx ?? GANTT_TRACK_MIN_PX
  const ticks: GanttLayout<J>['ticks'] = []
  const dayColumns = Array.from({ length: input.days }, (_, i) => {
    const date = addDays(input.startDate, i)
    const start = startOfLocalDate(date, input.timeZone).getTime()
    const end = startOfLocalDate(addDays(date, 1), input.timeZone).getTime()
    const step = input.tickHours
    if (step) {
      for (let hour = step; hour < 24; hour += step) {
        const at = zonedDateTimeToInstant(date, hour * 60, input.timeZone, { gap: 'transition' }).getTime()
        if (at > start && at < end) ticks.push({ left: round(((at - f) / total) * 100), hour })
      }
    }
    return { date, ...spanOf(start, end, f, total)! }
  })
  const n = input.now.getTime()
  const groupPx = input.groupPx ?? (() => GANTT_ITEM_MIN_PX)
  const groupMin = (count: number) => Math.max(GANTT_ITEM_MIN_PX, groupPx(count)) / trackPx
  const rows = input.rows.map((row) => {
    const { items, lanes } = layoutJobs(row.jobs, f, total, trackPx, groupMin)
    return {
      id: row.id,
      items,
      lanes,
      offHours: gaps(row.available, f, f + total).map(([s, e]) => spanOf(s, e, f, total)!),
      maintenance: row.maintenance.map((m) => spanOf(m.start.getTime(), m.end.getTime(), f, total)).filter((x): x is Span => x !== null),
    }
  })
  return { from, to, dayColumns, ticks, now: n >= f && n < f + total ? round(((n - f) / total) * 100) : null, rows }
}
