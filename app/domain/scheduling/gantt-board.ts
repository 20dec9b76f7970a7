/**
 * The planning board as the page receives it: the layout (gantt.ts) in a compact, serialisable shape — short keys,
 * times as minutes from the period start, flags only when set — so a week of 50 printers stays small in the document
 * (the markup is rendered from it on the server and again by React in the browser).
 */
import type { LocalDate } from '../time/zoned'
import type { GanttLayout, GanttZoom } from './gantt'
import type { JobStatus } from './jobs'

/** A job as the board needs it (the model's read of the period). */
export interface BoardJobSource {
  id: string
  printerId: string
  start: Date
  end: Date
  status: JobStatus
  locked: boolean
  late: boolean
  reference: string
  product: string
  units: number
  colourHex: string | null
  /** The job's version (optimistic locking), when the read model gives it: the board's drag sends it with the move. */
  version?: number
}

export interface BoardJob {
  id: string
  /** Order number. */
  r: string
  /** Product name. */
  p: string
  /** Units on the plate. */
  u: number
  st: JobStatus
  /** Locked (the plan keeps it). */
  lk?: 1
  /** Ends after its order's due date. */
  late?: 1
  /** Filament colour. */
  hx?: string
  /** Start and end in minutes from the period start (may be < 0 or past the end when the job is cut by the period). */
  s: number
  e: number
  /** Version, when known (see BoardJobSource). */
  v?: number
}

export interface BoardGroup {
  /** How many jobs. */
  c: number
  /** The first job's order number. */
  r: string
  /** The state the group is drawn in: printing if one is, else planned if one is, else failed if one did, else done. */
  st: JobStatus
  late?: 1
  s: number
  e: number
}

/** One item: a bar (`b`) or a group (`g`); `l`/`w` in percent, `n` the lane when not the first. */
export type BoardItem = { l: number; w: number; n?: number } & ({ b: BoardJob; g?: undefined } | { g: BoardGroup; b?: undefined })

export interface BoardRow {
  id: string
  label: string
  status: string
  lanes: number
  /** Non-working time and maintenance as flat [left, width, left, width, …] in percent. */
  off: number[]
  mnt: number[]
  items: BoardItem[]
}

export interface BoardData {
  zoom: GanttZoom
  start: LocalDate
  /** Period start and end (epoch ms). */
  from: number
  to: number
  days: Array<{ date: LocalDate; l: number; w: number }>
  ticks: Array<{ l: number; h: number }>
  now: number | null
  rows: BoardRow[]
}

const minutesFrom = (from: number, d: Date) => Math.round((d.getTime() - from) / 60_000)

export function groupState(jobs: ReadonlyArray<{ status: JobStatus }>): JobStatus {
  const has = (s: JobStatus) => jobs.some((j) => j.status === s)
  return has('printing') ? 'printing' : has('planned') ? 'planned' : has('failed') ? 'failed' : has('done') ? 'done' : 'cancelled'
}

export function toBoardJob(j: BoardJobSource, from: number): BoardJob {
  return {
    id: j.id,
    r: j.reference,
    p: j.product,
    u: j.units,
    st: j.status,
    ...(j.locked ? { lk: 1 as const } : {}),
    ...(j.late ? { late: 1 as const } : {}),
    ...(j.colourHex ? { hx: j.colourHex } : {}),
    s: minutesFrom(from, j.start),
    e: minutesFrom(from, j.end),
    ...(j.version !== undefined && j.status === 'planned' ? { v: j.version } : {}),
  }
}

export function toBoardData(
  layout: GanttLayout<BoardJobSource>,
  printers: ReadonlyArray<{ id: string; label: string; status: string }>,
  view: { zoom: GanttZoom; start: LocalDate },
): BoardData {
  const from = layout.from.getTime()
  const byId = new Map(layout.rows.map((r) => [r.id, r]))
  const flat = (spans: ReadonlyArray<{ left: number; width: number }>) => spans.flatMap((s) => [s.left, s.width])
  return {
    zoom: view.zoom,
    start: view.start,
    from,
    to: layout.to.getTime(),
    days: layout.dayColumns.map((d) => ({ date: d.date, l: d.left, w: d.width })),
    ticks: layout.ticks.map((t) => ({ l: t.left, h: t.hour })),
    now: layout.now,
    rows: printers.map((p) => {
      const row = byId.get(p.id)
      return {
        id: p.id,
        label: p.label,
        status: p.status,
        lanes: row?.lanes ?? 1,
        off: flat(row?.offHours ?? []),
        mnt: flat(row?.maintenance ?? []),
        items: (row?.items ?? []).map((it): BoardItem => {
          const base = { l: it.left, w: it.width, ...(it.lane ? { n: it.lane } : {}) }
          if (it.kind === 'bar') return { ...base, b: toBoardJob(it.job, from) }
          return {
            ...base,
            g: {
              c: it.jobs.length,
              r: it.jobs[0].reference,
              st: groupState(it.jobs),
              ...(it.jobs.some((j) => j.late) ? { late: 1 as const } : {}),
              s: minutesFrom(from, it.start),
              e: minutesFrom(from, it.end),
            },
          }
        }),
      }
    }),
  }
}

/** The `sheet` parameter of a group: printer id and the group's span in minutes from the period start. */
export function sheetParam(printerId: string, g: { s: number; e: number }): string {
  return `${printerId}~${g.s}~${g.e}`
}

export function parseSheetParam(raw: string | null): { printerId: string; s: number; e: number } | null {
  const m = /^([0-9a-f-]{36})~(-?\d{1,6})~(-?\d{1,6})$/i.exec(raw ?? '')
  if (!m) return null
  const s = Number(m[2])
  const e = Number(m[3])
  return e > s ? { printerId: m[1].toLowerCase(), s, e } : null
}

/** The jobs of a printer inside a group's span (those the sheet lists), in time order. */
export function jobsInSheet<J extends { printerId: string; start: Date; end: Date }>(jobs: ReadonlyArray<J>, sheet: { printerId: string; s: number; e: number }, from: number): J[] {
  const s = from + sheet.s * 60_000
  const e = from + sheet.e * 60_000
  return jobs
    .filter((j) => j.printerId === sheet.printerId && j.start.getTime() < e && j.end.getTime() > s)
    .sort((a, b) => a.start.getTime() - b.start.getTime() || a.end.getTime() - b.end.getTime())
}
