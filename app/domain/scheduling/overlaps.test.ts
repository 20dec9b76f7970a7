import { describe, expect, it } from 'vitest'
import { findOverlaps, nextFreeSlot, type OverlapJob } from './overlaps'
import { at, dailyWindows, HOUR, hoursOf, MINUTE, span, T0 } from './test-factories'

const j = (id: string, printerId: string, fromHours: number, toHours: number): OverlapJob => ({
  id,
  printerId,
  start: at(fromHours),
  end: at(toHours),
})

describe('findOverlaps', () => {
  it('finds overlapping pairs per printer only', () => {
    const found = findOverlaps([j('a', '1', 0, 2), j('b', '1', 1, 3), j('c', '2', 1, 3), j('d', '1', 3, 4)])
    expect(found.map((o) => [o.printerId, o.kind, o.first.id, o.second.id, o.overlapMs])).toEqual([
      ['1', 'overlap', 'a', 'b', HOUR],
    ])
  })

  it('reports every pair when one long job covers several others', () => {
    const found = findOverlaps([j('long', '1', 0, 10), j('x', '1', 1, 2), j('y', '1', 5, 6)])
    expect(found.map((o) => [o.first.id, o.second.id])).toEqual([
      ['long', 'x'],
      ['long', 'y'],
    ])
  })

  it('treats touching jobs as not overlapping', () => {
    expect(findOverlaps([j('a', '1', 0, 1), j('b', '1', 1, 2)])).toEqual([])
  })

  it('reports gaps shorter than the printer changeover when asked', () => {
    const jobs = [j('a', '1', 0, 1), j('b', '1', 1.25, 2), j('c', '2', 0, 1), j('d', '2', 1.25, 2)]
    const found = findOverlaps(jobs, { changeoverMinutes: { '1': 30 } })
    expect(found.map((o) => [o.printerId, o.kind, o.first.id, o.second.id, o.gapMs])).toEqual([
      ['1', 'changeover', 'a', 'b', 15 * MINUTE],
    ])
    expect(findOverlaps(jobs, { changeoverMinutes: new Map([['2', 15]]) })).toEqual([])
  })

  it('ignores jobs with empty or invalid spans', () => {
    expect(findOverlaps([j('a', '1', 0, 2), j('b', '1', 1, 1), { printerId: '1', start: new Date(Number.NaN), end: at(3) }])).toEqual([])
  })

  it('returns pairs sorted by printer id and start, whatever the input order', () => {
    const jobs = [j('a', '10', 0, 2), j('b', '10', 1, 3), j('c', '9', 5, 7), j('d', '9', 6, 8), j('e', '9', 0, 2), j('f', '9', 1, 2)]
    const expected = [
      ['9', 'e', 'f'],
      ['9', 'c', 'd'],
      ['10', 'a', 'b'],
    ]
    expect(findOverlaps(jobs).map((o) => [o.printerId, o.first.id, o.second.id])).toEqual(expected)
    expect(findOverlaps([...jobs].reverse()).map((o) => [o.printerId, o.first.id, o.second.id])).toEqual(expected)
  })
})

describe('nextFreeSlot', () => {
  const windows = dailyWindows(3, 9, 21)

  it('offers the first slot after the given instant, rounded up to the minute', () => {
    const slot = nextFreeSlot(windows, [], HOUR, new Date(T0 + 10 * HOUR + 20_000))
    expect(slot && hoursOf(slot)).toEqual([10 + 1 / 60, 11 + 1 / 60])
  })

  it('skips existing jobs and keeps the changeover around them', () => {
    const slot = nextFreeSlot(windows, [span(10, 12)], 2 * HOUR, at(9), { changeoverMinutes: 30 })
    expect(slot && hoursOf(slot)).toEqual([12.5, 14.5])
  })

  it('uses a gap before an existing job when the job fits with changeover', () => {
    const slot = nextFreeSlot(windows, [span(12, 14)], 2 * HOUR, at(9), { changeoverMinutes: 30 })
    expect(slot && hoursOf(slot)).toEqual([9, 11])
  })

  it('never splits a job across windows: moves to the next day when the rest of today is too short', () => {
    const slot = nextFreeSlot(windows, [], 3 * HOUR, at(19))
    expect(slot && hoursOf(slot)).toEqual([33, 36])
  })

  it('returns null when nothing fits (or it would end after notAfter)', () => {
    expect(nextFreeSlot(windows, [], 13 * HOUR, at(0))).toBeNull()
    expect(nextFreeSlot(windows, [], HOUR, at(0), { notAfter: at(9.5) })).toBeNull()
    expect(nextFreeSlot(windows, [], 0, at(0))).toBeNull()
  })
})
