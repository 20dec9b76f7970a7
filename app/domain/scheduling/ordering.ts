/**
 * Deterministic comparisons and small time helpers shared by the scheduler, the diff and the overlap checks.
 */

import type { SchedulerOrder, TimeSpan } from './types'

export const MS_PER_MINUTE = 60_000

/** Rounds an epoch-ms instant UP to the next whole minute (unchanged when already on a minute). */
export function ceilToMinute(ms: number): number {
  return Math.ceil(ms / MS_PER_MINUTE) * MS_PER_MINUTE
}

/** Rounds an epoch-ms instant DOWN to a whole minute. */
export function floorToMinute(ms: number): number {
  return Math.floor(ms / MS_PER_MINUTE) * MS_PER_MINUTE
}

/** Minutes → ms, rounded UP to whole minutes; negative or non-finite → 0. */
export function minutesToMs(minutes: number): number {
  if (!Number.isFinite(minutes) || minutes <= 0) return 0
  return Math.ceil(minutes) * MS_PER_MINUTE
}

const INTEGER_ID = /^\d+$/

/**
 * Total order on ids: two all-digit ids compare numerically ("9" < "10", any length, no precision loss); anything else
 * compares by UTF-16 code units (locale-independent, so the result never depends on the machine).
 */
export function compareIds(a: string, b: string): number {
  if (a === b) return 0
  if (INTEGER_ID.test(a) && INTEGER_ID.test(b)) {
    const x = a.replace(/^0+(?=\d)/, '')
    const y = b.replace(/^0+(?=\d)/, '')
    if (x.length !== y.length) return x.length - y.length
    if (x !== y) return x < y ? -1 : 1
  }
  return a < b ? -1 : 1
}

function timeOr(date: Date | null | undefined, fallback: number): number {
  const t = date ? date.getTime() : NaN
  return Number.isNaN(t) ? fallback : t
}

function priorityOf(order: SchedulerOrder): number {
  return Number.isFinite(order.priority) ? order.priority : 0
}

/**
 * Planning order: priority DESC (higher = more urgent), then due date ASC (no due date last), then createdAt ASC, then id.
 * A non-finite priority counts as 0; an invalid createdAt sorts last among equals.
 */
export function compareOrdersForPlanning(a: SchedulerOrder, b: SchedulerOrder): number {
  return (
    priorityOf(b) - priorityOf(a) ||
    timeOr(a.dueDate, Infinity) - timeOr(b.dueDate, Infinity) ||
    // Infinity − Infinity is NaN: treat as equal.
    nanToZero(timeOr(a.createdAt, Infinity) - timeOr(b.createdAt, Infinity)) ||
    compareIds(a.id, b.id)
  )
}

function nanToZero(n: number): number {
  return Number.isNaN(n) ? 0 : n
}

/** Normalises a material key for compatibility checks (trimmed, upper-case). */
export function materialKey(material: string): string {
  return material.trim().toUpperCase()
}

/** Plain ms span [start, end). */
export interface MsSpan {
  start: number
  end: number
}

/** Valid (finite, non-empty) spans as ms, sorted and merged where overlapping or touching. */
export function normaliseSpans(spans: ReadonlyArray<TimeSpan>): MsSpan[] {
  const raw: MsSpan[] = []
  for (const s of spans) {
    const start = s.start.getTime()
    const end = s.end.getTime()
    if (Number.isFinite(start) && Number.isFinite(end) && end > start) raw.push({ start, end })
  }
  return mergeMsSpans(raw)
}

/** Sorts and merges overlapping or touching ms spans (input not mutated). */
export function mergeMsSpans(spans: ReadonlyArray<MsSpan>): MsSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || a.end - b.end)
  const out: MsSpan[] = []
  for (const s of sorted) {
    const last = out[out.length - 1]
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end)
    else out.push({ start: s.start, end: s.end })
  }
  return out
}

/** Total length of the parts of (merged) `spans` inside [from, to). */
export function lengthWithin(spans: ReadonlyArray<MsSpan>, from: number, to: number): number {
  let total = 0
  for (const s of spans) {
    const a = Math.max(s.start, from)
    const b = Math.min(s.end, to)
    if (b > a) total += b - a
  }
  return total
}

/** Intersection of two merged, sorted span lists. */
export function intersectMsSpans(a: ReadonlyArray<MsSpan>, b: ReadonlyArray<MsSpan>): MsSpan[] {
  const out: MsSpan[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i].start, b[j].start)
    const end = Math.min(a[i].end, b[j].end)
    if (end > start) out.push({ start, end })
    if (a[i].end < b[j].end) i++
    else j++
  }
  return out
}
