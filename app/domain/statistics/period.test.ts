import { describe, expect, test } from 'vitest'
import { dashboardRanges, periodQuery, resolveStatisticsPeriod } from './period'

const TZ = 'Asia/Seoul'
const TODAY = '2026-11-25' // a Wednesday

describe('resolveStatisticsPeriod', () => {
  test('no query is this week, Monday to Sunday in the shop zone, as a half-open UTC interval', () => {
    const { period, notice } = resolveStatisticsPeriod({}, TODAY, TZ)
    expect(notice).toBeNull()
    expect(period).toMatchObject({ kind: 'week', firstDate: '2026-11-23', lastDate: '2026-11-29' })
    expect(period.from.toISOString()).toBe('2026-11-22T15:00:00.000Z')
    expect(period.to.toISOString()).toBe('2026-11-29T15:00:00.000Z')
  })

  test('this month and an inclusive custom range', () => {
    expect(resolveStatisticsPeriod({ period: 'month' }, TODAY, TZ).period).toMatchObject({ firstDate: '2026-11-01', lastDate: '2026-11-30' })
    const custom = resolveStatisticsPeriod({ period: 'custom', from: '2026-10-30', to: '2026-11-02' }, TODAY, TZ)
    expect(custom.notice).toBeNull()
    expect(custom.period.days).toEqual(['2026-10-30', '2026-10-31', '2026-11-01', '2026-11-02'])
    expect(custom.period.to.toISOString()).toBe('2026-11-02T15:00:00.000Z')
  })

  test('from/to without a period mean a custom range', () => {
    expect(resolveStatisticsPeriod({ from: '2026-11-01', to: '2026-11-03' }, TODAY, TZ).period).toMatchObject({ kind: 'custom', firstDate: '2026-11-01', lastDate: '2026-11-03' })
  })

  test('garbage never fails: this week with a notice naming the field and the reason', () => {
    expect(resolveStatisticsPeriod({ from: 'garbage' }, TODAY, TZ)).toMatchObject({ period: { kind: 'week', firstDate: '2026-11-23' }, notice: { field: 'from', code: 'date_invalid' } })
    expect(resolveStatisticsPeriod({ period: 'year' }, TODAY, TZ)).toMatchObject({ period: { kind: 'week' }, notice: { field: 'period', code: 'period_unknown' } })
    expect(resolveStatisticsPeriod({ period: 'custom', from: '2026-11-05', to: '2026-11-01' }, TODAY, TZ).notice).toEqual({ field: 'to', code: 'end_before_start' })
    expect(resolveStatisticsPeriod({ period: 'custom', from: '2026-01-01', to: '2026-12-31' }, TODAY, TZ).notice).toEqual({ field: 'to', code: 'period_too_long' })
    expect(resolveStatisticsPeriod({ period: 'custom', from: '2026-11-01', to: '' }, TODAY, TZ).notice).toEqual({ field: 'to', code: 'date_invalid' })
  })

  test('the query string asks for the same period again', () => {
    const custom = resolveStatisticsPeriod({ from: '2026-11-01', to: '2026-11-03' }, TODAY, TZ).period
    expect(periodQuery(custom)).toBe('period=custom&from=2026-11-01&to=2026-11-03')
    expect(periodQuery(resolveStatisticsPeriod({}, TODAY, TZ).period)).toBe('period=week')
  })
})

describe('dashboardRanges', () => {
  test('today and this week are shop-local: 00:30 in Seoul is still the previous UTC day', () => {
    const r = dashboardRanges(new Date('2026-11-22T15:30:00Z'), TZ) // Monday 2026-11-23 00:30 in Seoul
    expect(r.today).toBe('2026-11-23')
    expect(r.todayFrom.toISOString()).toBe('2026-11-22T15:00:00.000Z')
    expect(r.todayTo.toISOString()).toBe('2026-11-23T15:00:00.000Z')
    expect(r.weekFirst).toBe('2026-11-23')
    expect(r.weekDays).toEqual(['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29'])
    expect(r.weekTo.toISOString()).toBe('2026-11-29T15:00:00.000Z')
  })

  test('on Sunday the week started the Monday before', () => {
    expect(dashboardRanges(new Date('2026-11-29T14:59:00Z'), TZ).weekFirst).toBe('2026-11-23')
    expect(dashboardRanges(new Date('2026-11-29T15:00:00Z'), TZ).weekFirst).toBe('2026-11-30')
  })
})
