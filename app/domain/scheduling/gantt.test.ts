import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { layoutGantt, parseZoom, type GanttJobInput } from './gantt'
import { GANTT_TRACK_MIN_PX } from './gantt-layout'

const d = (iso: string) => new Date(iso)
const HOUR = 3_600_000
// Asia/Seoul is UTC+9 all year: local midnight 2026-11-23 = 2026-11-22T15:00Z.
const base = { startDate: '2026-11-23', days: 7, timeZone: 'Asia/Seoul', now: d('2026-11-23T03:00:00Z') }
const T0 = d('2026-11-22T15:00:00Z').getTime()
/** A job `h0`–`h1` hours after the start of the week (local Monday 00:00). */
const job = (id: string, h0: number, h1: number, reference = 'PO-1'): GanttJobInput => ({ id, start: new Date(T0 + h0 * HOUR), end: new Date(T0 + h1 * HOUR), reference })
const row = (jobs: GanttJobInput[]) => ({ id: 'p1', available: [], maintenance: [], jobs })
const round = (x: number) => Math.round(x * 100) / 100

describe('layoutGantt', () => {
  test('local-day columns of equal width, the now line in percent, and hour ticks when asked for', () => {
    const g = layoutGantt({ ...base, rows: [] })
    expect(g.from.toISOString()).toBe('2026-11-22T15:00:00.000Z')
    expect(g.to.toISOString()).toBe('2026-11-29T15:00:00.000Z')
    expect(g.dayColumns.map((c) => c.date)).toEqual(['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29'])
    expect(g.dayColumns[1]).toMatchObject({ left: 14.29, width: 14.29 })
    expect(g.now).toBeCloseTo((12 / 168) * 100, 1)
    expect(g.ticks).toEqual([])
    expect(layoutGantt({ ...base, now: d('2026-12-25T00:00:00Z'), rows: [] }).now).toBeNull()
    const day = layoutGantt({ ...base, days: 1, tickHours: 3, rows: [] })
    expect(day.ticks.map((t) => [t.hour, t.left])).toEqual([3, 6, 9, 12, 15, 18, 21].map((h) => [h, round((h / 24) * 100)]))
  })

  test('jobs are clipped to the period; non-working time and maintenance are shaded', () => {
    const g = layoutGantt({
      ...base,
      rows: [
        {
          id: 'p1',
          available: [{ start: d('2026-11-23T00:00:00Z'), end: d('2026-11-23T12:00:00Z') }],
          maintenance: [{ start: d('2026-11-25T15:00:00Z'), end: d('2026-11-25T21:00:00Z') }],
          jobs: [job('before', -5, 40), job('gone', -80, -60)],
        },
      ],
    })
    const [r] = g.rows
    expect(r.items).toEqual([expect.objectContaining({ kind: 'bar', left: 0, width: round((40 / 168) * 100), lane: 0 })])
    expect(r.offHours).toEqual([
      { left: 0, width: round((9 / 168) * 100) },
      { left: round((21 / 168) * 100), width: round(100 - (21 / 168) * 100) },
    ])
    expect(r.maintenance).toEqual([{ left: round((72 / 168) * 100), width: round((6 / 168) * 100) }])
  })

  test('a printer draws its jobs on one lane; only jobs that truly overlap in time get a second one', () => {
    const oneLane = layoutGantt({ ...base, days: 1, rows: [row([job('a', 0, 6), job('b', 6, 12), job('c', 14, 20)])] })
    expect(oneLane.rows[0].lanes).toBe(1)
    expect(oneLane.rows[0].items.map((i) => (i.kind === 'bar' ? [i.job.id, i.lane] : null))).toEqual([
      ['a', 0],
      ['b', 0],
      ['c', 0],
    ])
    const overlap = layoutGantt({ ...base, days: 1, rows: [row([job('a', 0, 6), job('b', 5, 12), job('c', 14, 20)])] })
    expect(overlap.rows[0].lanes).toBe(2)
    expect(overlap.rows[0].items.filter((i) => i.lane === 1).map((i) => (i.kind === 'bar' ? i.job.id : 'group'))).toEqual(['b'])
  })

  test('at the week zoom, short jobs that follow one another are one group (never a stack of lanes); at the day zoom they stand alone', () => {
    // Three 3-hour jobs back to back: 3 h of a week is ~12 px of 656, far below a tap target and an order number.
    const jobs = [job('a', 24, 27), job('b', 27, 30), job('c', 30, 33)]
    const week = layoutGantt({ ...base, rows: [row(jobs)] })
    expect(week.rows[0].lanes).toBe(1)
    expect(week.rows[0].items).toHaveLength(1)
    const [group] = week.rows[0].items
    expect(group).toMatchObject({ kind: 'group', left: round((24 / 168) * 100), start: jobs[0].start, end: jobs[2].end })
    expect(group.kind === 'group' && group.jobs.map((j) => j.id)).toEqual(['a', 'b', 'c'])
    // Wide enough for a tap target at the narrowest track.
    expect((group.width / 100) * GANTT_TRACK_MIN_PX).toBeGreaterThanOrEqual(44)

    const day = layoutGantt({ ...base, startDate: '2026-11-24', days: 1, rows: [row(jobs)] })
    expect(day.rows[0].items.map((i) => i.kind)).toEqual(['bar', 'bar', 'bar'])
    for (const i of day.rows[0].items) expect((i.width / 100) * GANTT_TRACK_MIN_PX).toBeGreaterThanOrEqual(44)
  })

  test('a long order number needs a wider bar: a job too short for it is grouped with its neighbour, not given a lane', () => {
    const short = layoutGantt({ ...base, days: 1, rows: [row([job('a', 0, 3, 'A-1'), job('b', 3, 8, 'B-1')])] })
    expect(short.rows[0].items.map((i) => i.kind)).toEqual(['bar', 'bar'])
    const long = layoutGantt({ ...base, days: 1, rows: [row([job('a', 0, 3, 'PO-2026-11-000123-A'), job('b', 3, 8, 'B-1')])] })
    expect(long.rows[0].items.map((i) => i.kind)).toEqual(['group'])
    expect(long.rows[0].lanes).toBe(1)
  })

  test('a DST week keeps local-day columns (23 h and 25 h days in Europe/Berlin)', () => {
    const g = layoutGantt({ startDate: '2026-10-22', days: 7, timeZone: 'Europe/Berlin', now: d('2026-10-22T00:00:00Z'), rows: [] })
    expect((g.to.getTime() - g.from.getTime()) / HOUR).toBe(169)
    const widths = g.dayColumns.map((c) => c.width)
    expect(widths[3]).toBeGreaterThan(widths[0]) // Sunday 25 Oct 2026 has 25 hours
  })

  test('zoom from the URL: day, 3d or week; anything else is the week', () => {
    expect(['day', '3d', 'week', null, '', 'month', '7'].map((z) => parseZoom(z))).toEqual(['day', '3d', 'week', 'week', 'week', 'week', 'week'])
  })

  test('property: a printer whose jobs never overlap has one lane at every zoom, and no two items of a lane overlap', () => {
    const chain = fc.array(fc.tuple(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 1, max: 600 })), { maxLength: 30 }).map((parts) => {
      let cursor = -120
      return parts.map(([gap, length], i) => {
        const s = cursor + gap
        cursor = s + length
        return { id: `j${i}`, start: new Date(T0 + s * 60_000), end: new Date(T0 + cursor * 60_000), reference: `PO-${i}` }
      })
    })
    fc.assert(
      fc.property(chain, fc.constantFrom(1, 3, 7), (jobs, days) => {
        const g = layoutGantt({ ...base, days, rows: [row(jobs)] })
        const r = g.rows[0]
        expect(r.lanes).toBe(1)
        const items = [...r.items].sort((a, b) => a.left - b.left)
        for (let k = 1; k < items.length; k++) expect(items[k - 1].left + items[k - 1].width).toBeLessThanOrEqual(items[k].left + 0.011)
        for (const i of items) expect((i.width / 100) * GANTT_TRACK_MIN_PX).toBeGreaterThanOrEqual(44)
      }),
      { numRuns: 200 },
    )
  })
})
