/**
 * Half-open UTC interval arithmetic: every interval is [start, end) — `start` included, `end` excluded.
 * Functions never mutate their inputs and always return new `Date` objects.
 */

import { MS_PER_HOUR } from './zoned'

/** Half-open interval [start, end) of UTC instants. */
export interface Interval {
  start: Date
  end: Date
}

interface MsInterval {
  start: number
  end: number
}

function toMsIntervals(intervals: ReadonlyArray<Interval>): MsInterval[] {
  const out: MsInterval[] = []
  for (const i of intervals) {
    const start = i.start.getTime()
    const end = i.end.getTime()
    // Empty, reversed or invalid intervals carry no time: drop them.
    if (Number.isFinite(start) && Number.isFinite(end) && end > start) out.push({ start, end })
  }
  return out
}

function toDateIntervals(intervals: ReadonlyArray<MsInterval>): Interval[] {
  return intervals.map((i) => ({ start: new Date(i.start), end: new Date(i.end) }))
}

function mergeMs(intervals: MsInterval[]): MsInterval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start || a.end - b.end)
  const out: MsInterval[] = []
  for (const i of sorted) {
    const last = out[out.length - 1]
    // Touching intervals ([a,b) and [b,c)) merge too, so back-to-back days form one continuous interval.
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end)
    else out.push({ ...i })
  }
  return out
}

/** Sorts and merges overlapping or touching intervals; drops empty ones. */
export function mergeIntervals(intervals: ReadonlyArray<Interval>): Interval[] {
  return toDateIntervals(mergeMs(toMsIntervals(intervals)))
}

/** `base` minus every interval of `remove` (result sorted and merged). */
export function subtractIntervals(base: ReadonlyArray<Interval>, remove: ReadonlyArray<Interval>): Interval[] {
  const cuts = mergeMs(toMsIntervals(remove))
  const out: MsInterval[] = []
  for (const b of mergeMs(toMsIntervals(base))) {
    let cursor = b.start
    for (const c of cuts) {
      if (c.end <= cursor) continue
      if (c.start >= b.end) break
      if (c.start > cursor) out.push({ start: cursor, end: c.start })
      cursor = Math.max(cursor, c.end)
      if (cursor >= b.end) break
    }
    if (cursor < b.end) out.push({ start: cursor, end: b.end })
  }
  return toDateIntervals(out)
}

/** Intersection of two interval sets (result sorted and merged). */
export function intersectIntervals(a: ReadonlyArray<Interval>, b: ReadonlyArray<Interval>): Interval[] {
  const left = mergeMs(toMsIntervals(a))
  const right = mergeMs(toMsIntervals(b))
  const out: MsInterval[] = []
  let i = 0
  let j = 0
  while (i < left.length && j < right.length) {
    const start = Math.max(left[i].start, right[j].start)
    const end = Math.min(left[i].end, right[j].end)
    if (end > start) out.push({ start, end })
    if (left[i].end < right[j].end) i++
    else j++
  }
  return toDateIntervals(mergeMs(out))
}

/** Clips intervals to [from, to) (result sorted and merged). */
export function clipIntervals(intervals: ReadonlyArray<Interval>, from: Date, to: Date): Interval[] {
  return intersectIntervals(intervals, [{ start: from, end: to }])
}

/** Total length in milliseconds of the *union* of the intervals (overlaps counted once). */
export function totalDurationMs(intervals: ReadonlyArray<Interval>): number {
  return mergeMs(toMsIntervals(intervals)).reduce((sum, i) => sum + (i.end - i.start), 0)
}

/** Milliseconds → hours (floating point; keep sums in ms and convert once at the end). */
export function msToHours(ms: number): number {
  return ms / MS_PER_HOUR
}
