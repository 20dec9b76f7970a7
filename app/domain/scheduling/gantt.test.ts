import { describe, expect, test } from 'vitest'
import { layoutGantt } from './gantt'

const d = (iso: string) => new Date(iso)
// Asia/Seoul is UTC+9 all year: local midnight 2026-11-23 = 2026-11-22T15:00Z.
const base = { startDate: '2026-11-23', days: 7, timeZone: 'Asia/Seoul', now: d('2026-11-23T03:00:00Z') }

describe('layoutGantt', () => {
  test('seven local-day columns of equal width, and the now line in percent', () => {
    const g = layoutGantt({ ...base, rows: [] })
    expect(g.from.toISOString()).toBe('2026-11-22T15:00:00.000Z')
    expect(g.to.toISOString()).toBe('2026-11-29T15:00:00.000Z')
    expect(g.dayColumns.map((c) => c.date)).toEqual(['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29'])
    expect(g.dayColumns[1]).toMatchObject({ left: 14.286, width: 14.286 })
    // 12 h after the start of a 168 h period
    expect(g.now).toBeCloseTo((12 / 168) * 100, 2)
    expect(layoutGantt({ ...base, now: d('2026-12-25T00:00:00Z'), rows: [] }).now).toBeNull()
  })

  test('bars are clipped to the period and flagged; non-working time and maintenance are shaded', () => {
    const g = layoutGantt({
      ...base,
      rows: [
        {
          id: 'p1',
          available: [{ start: d('2026-11-23T00:00:00Z'), end: d('2026-11-23T12:00:00Z') }],
          maintenance: [{ start: d('2026-11-25T15:00:00Z'), end: d('2026-11-25T21:00:00Z') }],
          jobs: [
            { id: 'before', start: d('2026-11-22T10:00:00Z'), end: d('2026-11-22T18:00:00Z') },
            { id: 'inside', start: d('2026-11-23T00:00:00Z'), end: d('2026-11-23T06:00:00Z') },
            { id: 'gone', start: d('2026-11-20T00:00:00Z'), end: d('2026-11-21T00:00:00Z') },
          ],
        },
      ],
    })
    const [row] = g.rows
    expect(row.bars.map((b) => b.job.id)).toEqual(['before', 'inside'])
    expect(row.bars[0]).toMatchObject({ left: 0, clippedStart: true, clippedEnd: false, width: round((3 / 168) * 100) })
    expect(row.bars[1]).toMatchObject({ left: round((9 / 168) * 100), width: round((6 / 168) * 100) })
    // off hours: before the available interval and after it
    expect(row.offHours).toEqual([
      { left: 0, width: round((9 / 168) * 100) },
      { left: round((21 / 168) * 100), width: round(100 - (21 / 168) * 100) },
    ])
    expect(row.maintenance).toEqual([{ left: round((72 / 168) * 100), width: round((6 / 168) * 100) }])
  })

  test('overlapping jobs stack in lanes; touching jobs share one', () => {
    const g = layoutGantt({
      ...base,
      rows: [
        {
          id: 'p1',
          available: [],
          maintenance: [],
          jobs: [
            { id: 'a', start: d('2026-11-23T00:00:00Z'), end: d('2026-11-23T05:00:00Z') },
            { id: 'b', start: d('2026-11-23T04:00:00Z'), end: d('2026-11-23T08:00:00Z') },
            { id: 'c', start: d('2026-11-23T05:00:00Z'), end: d('2026-11-23T06:00:00Z') },
          ],
        },
      ],
    })
    expect(g.rows[0].bars.map((b) => [b.job.id, b.lane])).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 0],
    ])
    expect(g.rows[0].lanes).toBe(2)
    expect(g.rows[0].offHours).toEqual([{ left: 0, width: 100 }])
  })

  test('short jobs are drawn at the minimum width and stacked when they would cover each other', () => {
    const g = layoutGantt({
      ...base,
      minBarPct: 1.5, // 1.5 % of 168 h ≈ 2.5 h
      rows: [
        {
          id: 'p1',
          available: [],
          maintenance: [],
          jobs: [
            { id: 'a', start: d('2026-11-23T00:00:00Z'), end: d('2026-11-23T00:30:00Z') },
            { id: 'b', start: d('2026-11-23T00:30:00Z'), end: d('2026-11-23T01:00:00Z') },
            { id: 'c', start: d('2026-11-23T06:00:00Z'), end: d('2026-11-23T06:30:00Z') },
          ],
        },
      ],
    })
    expect(g.rows[0].bars.map((b) => [b.job.id, b.lane, b.width])).toEqual([
      ['a', 0, 1.5],
      ['b', 1, 1.5],
      ['c', 0, 1.5],
    ])
  })

  test('a DST week keeps local-day columns (23 h and 25 h days in Europe/Berlin)', () => {
    const g = layoutGantt({ startDate: '2026-10-22', days: 7, timeZone: 'Europe/Berlin', now: d('2026-10-22T00:00:00Z'), rows: [] })
    const hours = (g.to.getTime() - g.from.getTime()) / 3_600_000
    expect(hours).toBe(169)
    const widths = g.dayColumns.map((c) => c.width)
    expect(widths[3]).toBeGreaterThan(widths[0]) // Sunday 25 Oct 2026 has 25 hours
  })
})

function round(x: number) {
  return Math.round(x * 1000) / 1000
}
