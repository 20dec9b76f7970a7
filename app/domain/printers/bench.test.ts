import { describe, expect, test } from 'vitest'
import { jobProgress, spoolToLoad, type LoadableSpool } from './bench'

const t = (hhmm: string) => new Date(`2030-03-04T${hhmm}:00Z`)

describe('jobProgress', () => {
  test('counts from the actual start to the planned end', () => {
    const p = jobProgress({ startsAt: t('01:00'), endsAt: t('04:00'), actualStart: t('02:00') }, t('03:00'))
    expect(p).toEqual({ startedAt: t('02:00'), plannedEnd: t('04:00'), elapsedPct: 50, overdue: false, minutesLeft: 60 })
  })

  test('falls back to the planned start when no actual start was recorded', () => {
    expect(jobProgress({ startsAt: t('01:00'), endsAt: t('05:00'), actualStart: null }, t('02:00')).elapsedPct).toBe(25)
  })

  test('a print past its planned end is overdue at 100 % with no minutes left', () => {
    const p = jobProgress({ startsAt: t('01:00'), endsAt: t('02:00'), actualStart: t('01:00') }, t('02:30'))
    expect(p).toMatchObject({ elapsedPct: 100, overdue: true, minutesLeft: 0 })
  })

  test('partial minutes left round up', () => {
    expect(jobProgress({ startsAt: t('01:00'), endsAt: t('02:00'), actualStart: null }, new Date(t('01:58').getTime() + 30_000)).minutesLeft).toBe(2)
  })
})

const spool = (id: string, o: Partial<LoadableSpool> = {}): LoadableSpool => ({
  id,
  material: 'PLA',
  colour: 'Black',
  status: 'active',
  remainingMg: 500_000,
  batch: 'L1',
  receivedAt: '2026-01-01',
  ...o,
})

describe('spoolToLoad', () => {
  test('the oldest received active spool of the job’s material and colour is the one to load', () => {
    const pick = spoolToLoad(
      [spool('new', { receivedAt: '2026-02-01' }), spool('old', { receivedAt: '2026-01-01' }), spool('white', { colour: 'White', receivedAt: '2025-01-01' })],
      { material: 'pla', colour: ' black ' },
      40_000,
    )
    expect(pick).toEqual({ spool: expect.objectContaining({ id: 'old' }), thenFrom: [], shortMg: 0 })
  })

  test('empty, archived and drained spools are skipped', () => {
    const pick = spoolToLoad(
      [spool('empty', { status: 'empty', receivedAt: '2025-01-01' }), spool('zero', { remainingMg: 0, receivedAt: '2025-02-01' }), spool('ok')],
      { material: 'PLA', colour: 'Black' },
      1000,
    )
    expect(pick.spool?.id).toBe('ok')
  })

  test('when the first spool holds too little, the next ones FIFO draws from are listed', () => {
    const pick = spoolToLoad(
      [spool('a', { remainingMg: 30_000, receivedAt: '2026-01-01' }), spool('b', { remainingMg: 20_000, receivedAt: '2026-01-02' }), spool('c', { receivedAt: '2026-01-03' })],
      { material: 'PLA', colour: 'Black' },
      45_000,
    )
    expect(pick.spool?.id).toBe('a')
    expect(pick.thenFrom.map((s) => s.id)).toEqual(['b'])
    expect(pick.shortMg).toBe(0)
  })

  test('what the shelf lacks is reported, and no spool at all is null', () => {
    expect(spoolToLoad([spool('a', { remainingMg: 10_000 })], { material: 'PLA', colour: 'Black' }, 25_000)).toMatchObject({ thenFrom: [], shortMg: 15_000 })
    expect(spoolToLoad([], { material: 'PLA', colour: 'Black' }, 25_000)).toEqual({ spool: null, thenFrom: [], shortMg: 25_000 })
  })
})
