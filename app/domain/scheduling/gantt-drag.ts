/**
 * Drag to plan on the board (issue 17, item 2): where a dragged or arrow-moved job would land. Pure arithmetic on the
 * board's compact data (minutes from the period start, percent spans); the server decides (the same "move" action as
 * the no-JS form), this only snaps and previews.
 *
 * The plan's resolution is the whole minute (the scheduler and the Move form's datetime-local field); a finger cannot
 * aim at one minute of a week, so the board moves in whole multiples of it per zoom: 15 minutes on a day, 30 on three
 * days, an hour on a week (one arrow press = one step).
 */
import type { GanttZoom } from './gantt'

export const DRAG_STEP_MIN: Record<GanttZoom, number> = { day: 15, '3d': 30, week: 60 }

/** What the board's drop (POST /schedule/drag/:jobId) answers: saved (the toast comes with the reload), or why not. */
export type DragReply = { ok: true } | { ok: false; message: string; suggestion: { start: string; printerId: string; label: string } | null }

/** What a target would run into, as far as the board knows (off hours and maintenance of its printer, other jobs). */
export type DragClash = 'job' | 'off' | 'maintenance' | null

export interface DragTarget {
  /** Index of the target printer's row on the board. */
  row: number
  /** Start and end in minutes from the period start. */
  s: number
  e: number
}

/** Rounds `minutes` to the nearest multiple of `step`. */
export function snapMinutes(minutes: number, step: number): number {
  return Math.round(minutes / step) * step
}

/**
 * The target of a job `[s, e)` dragged by `dx` px along a track `trackPx` wide that shows `periodMin` minutes, and by
 * `dRows` rows: the new start snapped to the step, kept so the job still starts inside the period, the row kept on the
 * board. The length never changes (a move, not a resize).
 */
export function dragTarget(o: { s: number; e: number; row: number; dx: number; dRows: number; trackPx: number; periodMin: number; step: number; rows: number }): DragTarget {
  const shift = o.trackPx > 0 ? (o.dx / o.trackPx) * o.periodMin : 0
  const s = clampStart(snapMinutes(o.s + shift, o.step), o)
  return { row: clamp(o.row + o.dRows, 0, o.rows - 1), s, e: s + (o.e - o.s) }
}

/**
 * The target of a job `[s, e)` whose end is dragged by `dx` px (a resize): the end snapped to the step, at least one
 * step after the start, never beyond the period's end (unless it already was); start and row unchanged.
 */
export function resizeTarget(o: { s: number; e: number; row: number; dx: number; trackPx: number; periodMin: number; step: number }): DragTarget {
  const shift = o.trackPx > 0 ? (o.dx / o.trackPx) * o.periodMin : 0
  return { row: o.row, s: o.s, e: clampEnd(snapMinutes(o.e + shift, o.step), o.s, Math.max(o.e, o.periodMin), o.step) }
}

/** Shift + left/right: the end one step earlier/later (from the snapped end), the start and printer kept. */
export function resizeKeyTarget(t: DragTarget, key: string, o: { step: number; periodMin: number }): DragTarget | null {
  const cap = Math.max(t.e, o.periodMin)
  if (key === 'ArrowLeft') return { ...t, e: clampEnd(Math.ceil(t.e / o.step) * o.step - o.step, t.s, cap, o.step) }
  if (key === 'ArrowRight') return { ...t, e: clampEnd(Math.floor(t.e / o.step) * o.step + o.step, t.s, cap, o.step) }
  return null
}

function clampEnd(e: number, s: number, cap: number, step: number): number {
  return clamp(e, s + step, Math.max(s + step, cap))
}

/** One arrow key press: left/right one step earlier/later (from the snapped start), up/down one printer. */
export function keyTarget(t: DragTarget, key: string, o: { step: number; periodMin: number; rows: number }): DragTarget | null {
  const len = t.e - t.s
  const move = (s: number, row: number): DragTarget => {
    const start = clampStart(s, o)
    return { row: clamp(row, 0, o.rows - 1), s: start, e: start + len }
  }
  switch (key) {
    case 'ArrowLeft':
      return move(Math.ceil(t.s / o.step) * o.step - o.step, t.row)
    case 'ArrowRight':
      return move(Math.floor(t.s / o.step) * o.step + o.step, t.row)
    case 'ArrowUp':
      return move(t.s, t.row - 1)
    case 'ArrowDown':
      return move(t.s, t.row + 1)
    default:
      return null
  }
}

/**
 * What `[s, e)` would clash with on a row: another job (`jobs` as [s, e] minutes, the moved one left out), maintenance
 * or non-working time (`mnt`/`off` as the board's flat [left%, width%, …] spans). A hint for the preview only.
 */
export function clashAt(target: { s: number; e: number }, row: { jobs: ReadonlyArray<{ s: number; e: number }>; mnt: ReadonlyArray<number>; off: ReadonlyArray<number> }, periodMin: number): DragClash {
  if (row.jobs.some((j) => j.s < target.e && j.e > target.s)) return 'job'
  const hits = (flat: ReadonlyArray<number>) => {
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const s = (flat[i] / 100) * periodMin
      const e = ((flat[i] + flat[i + 1]) / 100) * periodMin
      // Percent spans are rounded: a minute of tolerance so a job placed right at an edge is not flagged.
      if (s < target.e - 1 && e > target.s + 1) return true
    }
    return false
  }
  if (hits(row.mnt)) return 'maintenance'
  if (hits(row.off)) return 'off'
  return null
}

/** Percent of the period at `minutes` (for drawing the preview). */
export function percentAt(minutes: number, periodMin: number): number {
  return periodMin > 0 ? (minutes / periodMin) * 100 : 0
}

function clampStart(s: number, o: { periodMin: number; step: number }): number {
  const last = Math.floor((o.periodMin - 1) / o.step) * o.step
  return clamp(s, 0, Math.max(0, last))
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v))
}
