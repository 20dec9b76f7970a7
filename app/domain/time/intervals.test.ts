import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  clipIntervals,
  intersectIntervals,
  mergeIntervals,
  msToHours,
  subtractIntervals,
  totalDurationMs,
  type Interval,
} from './intervals'

/** Interval factory in hours from a fixed origin, to keep expectations readable. */
const ORIGIN = Date.UTC(2026, 2, 2)
const h = (hours: number) => new Date(ORIGIN + hours * 3_600_000)
const iv = (startH: number, endH: number): Interval => ({ start: h(startH), end: h(endH) })
const asHours = (list: Interval[]) =>
  list.map((i) => [(i.start.getTime() - ORIGIN) / 3_600_000, (i.end.getTime() - ORIGIN) / 3_600_000])

describe('mergeIntervals', () => {
  it('sorts, merges overlapping and touching intervals, drops empty ones', () => {
    expect(asHours(mergeIntervals([iv(5, 6), iv(0, 2), iv(2, 3), iv(1, 1.5), iv(4, 4), iv(8, 7)]))).toEqual([
      [0, 3],
      [5, 6],
    ])
  })

  it('does not mutate its input', () => {
    const input = [iv(2, 3), iv(0, 2)]
    const before = asHours(input)
    mergeIntervals(input)
    expect(asHours(input)).toEqual(before)
  })
})

describe('subtractIntervals', () => {
  it('cuts holes, trims edges and removes covered intervals', () => {
    expect(asHours(subtractIntervals([iv(0, 10), iv(12, 14)], [iv(2, 3), iv(9, 13)]))).toEqual([
      [0, 2],
      [3, 9],
      [13, 14],
    ])
    expect(subtractIntervals([iv(0, 10)], [iv(-1, 11)])).toEqual([])
  })

  it('ignores cuts outside the base', () => {
    expect(asHours(subtractIntervals([iv(0, 1)], [iv(5, 6), iv(-3, -2)]))).toEqual([[0, 1]])
  })
})

describe('intersectIntervals / clipIntervals', () => {
  it('keeps only common time', () => {
    expect(asHours(intersectIntervals([iv(0, 5), iv(7, 9)], [iv(4, 8)]))).toEqual([
      [4, 5],
      [7, 8],
    ])
    expect(asHours(clipIntervals([iv(-5, 30)], h(0), h(24)))).toEqual([[0, 24]])
    expect(clipIntervals([iv(0, 5)], h(5), h(10))).toEqual([])
  })
})

describe('totalDurationMs', () => {
  it('counts overlapping time once', () => {
    expect(totalDurationMs([iv(0, 2), iv(1, 3)])).toBe(3 * 3_600_000)
    expect(msToHours(totalDurationMs([iv(0, 1.5)]))).toBe(1.5)
  })

  it('duration of (A − B) + (A ∩ B) equals duration of A', () => {
    const arbInterval = fc
      .tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 50 }))
      .map(([s, len]) => iv(s / 4, (s + len) / 4))
    fc.assert(
      fc.property(fc.array(arbInterval, { maxLength: 8 }), fc.array(arbInterval, { maxLength: 8 }), (a, b) => {
        return (
          totalDurationMs(subtractIntervals(a, b)) + totalDurationMs(intersectIntervals(a, b)) === totalDurationMs(a)
        )
      }),
      { numRuns: 200 },
    )
  })
})
