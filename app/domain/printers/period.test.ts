import { describe, expect, test } from 'vitest'
import { calendarPreset } from './calendar'
import { availableIntervals } from './calendar'
import { dailyFigures, mondayOf, printHoursSinceByCounter, resolvePeriod } from './period'

const TZ = 'Asia/Seoul'

describe('resolvePeriod', () => {
  test('this week runs Monday to Sunday in the shop zone', () => {
    const r = resolvePeriod({ kind: 'week' }, '2026-11-25', TZ) // a Wednesday
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.period).toMatchObject({ firstDate: '2026-11-23', lastDate: '2026-11-29' })
    expect(r.period.from.toISOString()).toBe('2026-11-22T15:00:00.000Z')
    expect(r.period.to.toISOString()).toBe('2026-11-29T15:00:00.000Z')
    expect(r.period.days).toHaveLength(7)
  })

  test('Sunday belongs to the week that started the Monday before', () => {
    expect(mondayOf('2026-11-29')).toBe('2026-11-23')
    expect(mondayOf('2026-11-23')).toBe('2026-11-23')
  })

  test('this month covers every day of the month, February included', () => {
    const r = resolvePeriod({ kind: 'month' }, '2028-02-10', TZ)
    expect(r.ok && r.period).toMatchObject({ firstDate: '2028-02-01', lastDate: '2028-02-29' })
    const dec = resolvePeriod({ kind: 'month' }, '2026-12-31', TZ)
    expect(dec.ok && dec.period).toMatchObject({ firstDate: '2026-12-01', lastDate: '2026-12-31' })
  })

  test('a custom range is inclusive; reversed, malformed or too long ranges are field errors with this week as fallback', () => {
    const ok = resolvePeriod({ kind: 'custom', from: '2026-11-01', to: '2026-11-03' }, '2026-11-25', TZ)
    expect(ok.ok && ok.period.days).toEqual(['2026-11-01', '2026-11-02', '2026-11-03'])
    expect(resolvePeriod({ kind: 'custom', from: '2026-11-05', to: '2026-11-03' }, '2026-11-25', TZ)).toMatchObject({ ok: false, field: 'to', code: 'end_before_start' })
    expect(resolvePeriod({ kind: 'custom', from: '2026-02-30', to: '2026-11-03' }, '2026-11-25', TZ)).toMatchObject({ ok: false, field: 'from', code: 'date_invalid' })
    const long = resolvePeriod({ kind: 'custom', from: '2026-01-01', to: '2026-12-31' }, '2026-11-25', TZ)
    expect(long).toMatchObject({ ok: false, field: 'to', code: 'period_too_long' })
    expect(!long.ok && long.fallback.firstDate).toBe('2026-11-23')
  })
})

describe('dailyFigures', () => {
  test('available hours per day follow the calendar and maintenance windows; no jobs means zero print hours', () => {
    const r = resolvePeriod({ kind: 'custom', from: '2026-11-23', to: '2026-11-24' }, '2026-11-25', TZ)
    if (!r.ok) throw new Error('period')
    const intervals = availableIntervals({
      calendar: calendarPreset('weekdays_09_21'),
      status: 'active',
      from: r.period.from,
      to: r.period.to,
      timeZone: TZ,
      // 10:00–13:00 local on the Tuesday
      maintenanceWindows: [{ start: new Date('2026-11-24T01:00:00Z'), end: new Date('2026-11-24T04:00:00Z') }],
    })
    const days = dailyFigures({ period: r.period, printerId: 'p', intervals, jobs: [], now: new Date('2026-11-25T00:00:00Z'), timeZone: TZ })
    expect(days).toEqual([
      { date: '2026-11-23', availableHours: 12, printHours: 0 },
      { date: '2026-11-24', availableHours: 9, printHours: 0 },
    ])
  })

  test('a job crossing midnight counts in both days', () => {
    const r = resolvePeriod({ kind: 'custom', from: '2026-11-23', to: '2026-11-24' }, '2026-11-25', TZ)
    if (!r.ok) throw new Error('period')
    const job = { printerId: 'p', status: 'done' as const, actualStart: new Date('2026-11-23T13:00:00Z'), actualEnd: new Date('2026-11-23T17:00:00Z'), goodUnits: 1, scrapUnits: 0 }
    const days = dailyFigures({ period: r.period, printerId: 'p', intervals: [], jobs: [job], now: new Date('2026-11-25T00:00:00Z'), timeZone: TZ })
    expect(days.map((d) => d.printHours)).toEqual([2, 2])
  })
})

describe('printHoursSinceByCounter', () => {
  test('counts from the last entry of each type, never below zero', () => {
    const since = printHoursSinceByCounter(
      [
        { type: 'nozzle_change', date: '2026-10-01', printHours: 100 },
        { type: 'nozzle_change', date: '2026-11-01', printHours: 400 },
        { type: 'cleaning', date: '2026-11-10', printHours: 600 },
      ],
      500,
      '2026-11-25',
    )
    expect(since).toEqual({ nozzle_change: 100, cleaning: 0 })
  })
})
