import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays } from '~/domain/time/zoned'
import { duePartitions, parseRangeBound, partitionName, retentionCutoff, utcDay, weekStart, weeksToMake, windowBlocks, type RawPartition } from './partitions'

const part = (from: string): RawPartition => ({ name: partitionName(from), from, to: addDays(from, 7) })

describe('weeks', () => {
  it('starts a week on Monday, UTC', () => {
    expect(weekStart('2026-12-07')).toBe('2026-12-07') // a Monday
    expect(weekStart('2026-12-13')).toBe('2026-12-07') // Sunday
    expect(weekStart('2026-12-14')).toBe('2026-12-14')
    expect(weekStart('2027-01-01')).toBe('2026-12-28') // across a year
    expect(utcDay(new Date('2026-12-06T23:30:00-09:00'))).toBe('2026-12-07')
  })

  it('names a partition by its Monday', () => {
    expect(partitionName('2026-12-07')).toBe('vibration_blocks_raw_w20261207')
  })

  it('refuses what is not a calendar day', () => {
    expect(() => weekStart('2026-02-30')).toThrow(RangeError)
    expect(() => addDays('yesterday', 1)).toThrow(RangeError)
  })

  it('any day lies in the 7 days from its week start, which is a Monday', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1990-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }), (d) => {
        const day = utcDay(d)
        const w = weekStart(day)
        expect(new Date(`${w}T00:00:00Z`).getUTCDay()).toBe(1)
        expect(w <= day && day < addDays(w, 7)).toBe(true)
      }),
    )
  })
})

describe('bounds', () => {
  it('reads what PostgreSQL prints for a range partition, nothing else', () => {
    expect(parseRangeBound("FOR VALUES FROM ('2026-05-18') TO ('2026-05-25')")).toEqual({ from: '2026-05-18', to: '2026-05-25' })
    expect(parseRangeBound('DEFAULT')).toBeNull()
    expect(parseRangeBound('FOR VALUES IN (false)')).toBeNull()
  })
})

describe('what to make and what is due', () => {
  const now = new Date('2026-12-09T10:00:00Z') // a Wednesday

  it('makes this week and four ahead, less those there', () => {
    expect(weeksToMake(now, [])).toEqual(['2026-12-07', '2026-12-14', '2026-12-21', '2026-12-28', '2027-01-04'])
    expect(weeksToMake(now, [part('2026-12-07'), part('2026-12-21')])).toEqual(['2026-12-14', '2026-12-28', '2027-01-04'])
  })

  it('cuts off `days` before today; 0 days is off', () => {
    expect(retentionCutoff(now, 90)).toBe('2026-09-10')
    expect(retentionCutoff(now, 0)).toBeNull()
    expect(duePartitions([part('2026-09-07')], null)).toEqual([])
  })

  it('a partition is due only when its whole week is before the cutoff, oldest first', () => {
    const parts = [part('2026-09-07'), part('2026-08-31'), part('2026-09-14'), part('2026-08-24')]
    // cutoff 2026-09-10: the week of 09-07 still holds days that are not due
    expect(duePartitions(parts, '2026-09-10').map((p) => p.from)).toEqual(['2026-08-24', '2026-08-31'])
    expect(duePartitions(parts, '2026-09-14').map((p) => p.from)).toEqual(['2026-08-24', '2026-08-31', '2026-09-07'])
  })

  it('keeps every sample at least `days` and at most `days` + 6 days', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 365 }), (storedDay, age, days) => {
        const stored = addDays('2020-01-01', storedDay)
        const p = part(weekStart(stored))
        const due = duePartitions([p], retentionCutoff(new Date(`${addDays(stored, age)}T12:00:00Z`), days)).length === 1
        if (age <= days) expect(due).toBe(false)
        if (age > days + 6) expect(due).toBe(true)
      }),
    )
  })
})

describe('blocks behind a window', () => {
  it('maps a window to the blocks holding its samples', () => {
    expect(windowBlocks(0, 2048, 2048)).toEqual({ first: 0, last: 0 })
    expect(windowBlocks(3, 2048, 2048)).toEqual({ first: 3, last: 3 })
    expect(windowBlocks(1, 2048, 4096)).toEqual({ first: 0, last: 0 })
    expect(windowBlocks(1, 2048, 1000)).toEqual({ first: 2, last: 4 })
    expect(() => windowBlocks(-1, 2048, 2048)).toThrow(RangeError)
  })

  it('the blocks cover exactly the window’s samples', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 8192 }), fc.integer({ min: 1, max: 8192 }), (i, w, b) => {
        const { first, last } = windowBlocks(i, w, b)
        expect(first * b).toBeLessThanOrEqual(i * w)
        expect((last + 1) * b).toBeGreaterThanOrEqual((i + 1) * w)
        expect((first + 1) * b).toBeGreaterThan(i * w)
        expect(last * b).toBeLessThan((i + 1) * w)
      }),
    )
  })
})
