import { describe, expect, it } from 'vitest'
import { buildFreeSpans, FreeTimeline } from './timeline'
import { MINUTE } from './test-factories'

const m = (minutes: number) => minutes * MINUTE
const spans = (...pairs: Array<[number, number]>) => pairs.map(([s, e]) => ({ start: m(s), end: m(e) }))

describe('buildFreeSpans', () => {
  it('clips available time to [from, to) and removes blocks', () => {
    const free = buildFreeSpans(spans([0, 100], [200, 300]), spans([50, 60], [250, 400]), m(10), m(280))
    expect(free).toEqual(spans([10, 50], [60, 100], [200, 250]))
  })

  it('handles blocks spanning several intervals and unsorted, overlapping blocks', () => {
    const free = buildFreeSpans(spans([0, 100], [200, 300], [400, 500]), spans([250, 420], [90, 210], [260, 270]), 0, m(1000))
    expect(free).toEqual(spans([0, 90], [210, 250], [420, 500]))
  })

  it('rounds piece starts up and ends down to whole minutes, dropping pieces shorter than a minute', () => {
    const free = buildFreeSpans([{ start: 30_000, end: m(10) + 30_000 }, { start: m(20) + 1, end: m(21) + 5 }], [], 0, m(100))
    expect(free).toEqual(spans([1, 10]))
  })
})

describe('FreeTimeline', () => {
  it('finds the earliest interval long enough and shrinks it from the left when taken', () => {
    const t = new FreeTimeline(spans([0, 30], [40, 200], [300, 400]))
    expect(t.maxLength()).toBe(m(160))
    expect(t.firstFit(m(20))).toBe(0)
    expect(t.firstFit(m(100))).toBe(1)
    expect(t.firstFit(m(161))).toBe(-1)
    expect(t.take(1, m(100), m(10))).toEqual({ start: m(40), end: m(140) })
    expect(t.starts[1]).toBe(m(150))
    expect(t.firstFit(m(100))).toBe(2)
    expect(t.maxLength()).toBe(m(100))
  })

  it('keeps the changeover against neighbouring intervals on both sides', () => {
    const t = new FreeTimeline(spans([0, 60], [65, 125], [130, 500]))
    t.take(1, m(60), m(15)) // job 65–125
    expect([t.ends[0], t.starts[2]]).toEqual([m(50), m(140)])
  })

  it('copes with no intervals at all', () => {
    const t = new FreeTimeline([])
    expect(t.firstFit(1)).toBe(-1)
    expect(t.maxLength()).toBe(0)
  })
})
