/**
 * A printer's FREE time as a fixed list of disjoint intervals, with an O(log n) "first interval that can hold a job of
 * length d" query.
 *
 * Why this shape: the scheduler always puts a plate at the START of the first free interval that is long enough (that
 * is where it finishes earliest on this printer). Placing it therefore only ever shrinks that interval from the left
 * (to `end of job + changeover`); intervals are never split or inserted. So a static array of intervals plus a
 * max-segment-tree over their lengths supports both the query and the update in O(log n), and earlier gaps stay
 * usable: a short plate of a later order can back-fill a gap an earlier, longer plate could not use.
 */

import { ceilToMinute, floorToMinute, mergeMsSpans, type MsSpan } from './ordering'

/**
 * Free spans = `available` ∩ [from, to) − `blocks`, with each piece's start rounded UP and end rounded DOWN to whole
 * minutes (so planned times are whole minutes). `available` must be sorted and merged; `blocks` may be in any order.
 */
export function buildFreeSpans(available: ReadonlyArray<MsSpan>, blocks: ReadonlyArray<MsSpan>, from: number, to: number): MsSpan[] {
  const cuts = mergeMsSpans(blocks)
  const out: MsSpan[] = []
  const push = (start: number, end: number) => {
    const s = ceilToMinute(start)
    const e = floorToMinute(end)
    if (e > s) out.push({ start: s, end: e })
  }
  let k = 0
  for (const a of available) {
    let cursor = Math.max(a.start, from)
    const end = Math.min(a.end, to)
    if (end <= cursor) continue
    // Merged cuts have increasing ends too, so cuts wholly before this interval can be skipped for good.
    while (k < cuts.length && cuts[k].end <= cursor) k++
    let j = k
    while (cursor < end) {
      const cut = cuts[j]
      if (!cut || cut.start >= end) {
        push(cursor, end)
        break
      }
      if (cut.start > cursor) push(cursor, cut.start)
      cursor = Math.max(cursor, cut.end)
      j++
    }
  }
  return out
}

export class FreeTimeline {
  /** Current start of each free interval (moves right as jobs are placed at its beginning). */
  readonly starts: Float64Array
  readonly ends: Float64Array
  private readonly size: number
  /** tree[1] = max length overall; leaves at size + i hold interval i's remaining length (0 when used up). */
  private readonly tree: Float64Array

  constructor(spans: ReadonlyArray<MsSpan>) {
    const n = spans.length
    this.starts = new Float64Array(n)
    this.ends = new Float64Array(n)
    let size = 1
    while (size < n) size *= 2
    this.size = size
    this.tree = new Float64Array(2 * size)
    for (let i = 0; i < n; i++) {
      this.starts[i] = spans[i].start
      this.ends[i] = spans[i].end
      this.tree[size + i] = Math.max(0, spans[i].end - spans[i].start)
    }
    for (let node = size - 1; node >= 1; node--) this.tree[node] = Math.max(this.tree[2 * node], this.tree[2 * node + 1])
  }

  get length(): number {
    return this.starts.length
  }

  /** Length of the longest free interval left. */
  maxLength(): number {
    return this.tree[1]
  }

  /** Index of the EARLIEST free interval at least `durationMs` long, or -1. */
  firstFit(durationMs: number): number {
    if (this.starts.length === 0 || this.tree[1] < durationMs) return -1
    let node = 1
    while (node < this.size) node = this.tree[2 * node] >= durationMs ? 2 * node : 2 * node + 1
    return node - this.size
  }

  /**
   * Occupies [start, start + durationMs) at the beginning of interval `index` and keeps `changeoverMs` clear on both
   * sides of it: this interval now starts at ⌈end + changeover⌉; later intervals starting before that are pushed back
   * to it, and earlier intervals ending after `start − changeover` are cut there. (Neighbouring intervals can be closer
   * than a changeover, e.g. around a 10-minute calendar gap, so both directions matter once gaps are back-filled.)
   * Returns the occupied job span.
   */
  take(index: number, durationMs: number, changeoverMs: number): MsSpan {
    const start = this.starts[index]
    const end = start + durationMs
    const clearFrom = ceilToMinute(end + changeoverMs)
    const clearUntil = floorToMinute(start - changeoverMs)
    for (let k = index; k < this.starts.length && this.starts[k] < clearFrom; k++) {
      this.starts[k] = Math.min(clearFrom, this.ends[k])
      this.update(k)
    }
    for (let k = index - 1; k >= 0 && this.ends[k] > clearUntil; k--) {
      this.ends[k] = Math.max(clearUntil, this.starts[k])
      this.update(k)
    }
    return { start, end }
  }

  private update(index: number): void {
    let node = this.size + index
    this.tree[node] = this.ends[index] - this.starts[index]
    for (node >>= 1; node >= 1; node >>= 1) this.tree[node] = Math.max(this.tree[2 * node], this.tree[2 * node + 1])
  }
}
