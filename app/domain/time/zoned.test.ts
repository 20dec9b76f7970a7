import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  addDays,
  compareLocalDates,
  diffDays,
  isValidLocalDate,
  isValidTimeZone,
  localDate,
  localDatesBetween,
  minutesOfLocalDay,
  parseLocalDate,
  startOfLocalDate,
  startOfLocalDay,
  timeZoneOffsetMs,
  weekdayOf,
  zonedDateTimeToInstant,
} from './zoned'

const SEOUL = 'Asia/Seoul'
const BERLIN = 'Europe/Berlin'
const NEW_YORK = 'America/New_York'

const utc = (iso: string) => new Date(iso)
const iso = (d: Date) => d.toISOString()

describe('local dates', () => {
  it('parses only real calendar dates', () => {
    expect(parseLocalDate('2026-03-02')).toEqual({ year: 2026, month: 3, day: 2 })
    expect(isValidLocalDate('2024-02-29')).toBe(true)
    expect(isValidLocalDate('2026-02-29')).toBe(false)
    expect(isValidLocalDate('2026-13-01')).toBe(false)
    expect(isValidLocalDate('2026-04-31')).toBe(false)
    expect(isValidLocalDate('2026-1-01')).toBe(false)
    expect(isValidLocalDate('2026-01-00')).toBe(false)
    expect(isValidLocalDate('')).toBe(false)
    expect(isValidLocalDate('0000-01-01')).toBe(false)
    expect(isValidLocalDate('0001-01-01')).toBe(true)
  })

  it('gives the weekday with 0 = Sunday', () => {
    expect(weekdayOf('2026-03-01')).toBe(0)
    expect(weekdayOf('2026-03-02')).toBe(1)
    expect(weekdayOf('2026-03-07')).toBe(6)
    expect(weekdayOf('2024-02-29')).toBe(4)
  })

  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29')
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01')
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
    expect(addDays('2026-03-01', 0)).toBe('2026-03-01')
    expect(addDays('2026-01-01', 365)).toBe('2027-01-01')
  })

  it('rejects invalid input to arithmetic', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError)
    expect(() => addDays('2026-02-01', 1.5)).toThrow(RangeError)
  })

  it('counts and compares days', () => {
    expect(diffDays('2026-03-01', '2026-03-31')).toBe(30)
    expect(diffDays('2026-03-31', '2026-03-01')).toBe(-30)
    expect(diffDays('2025-12-31', '2026-01-01')).toBe(1)
    expect(compareLocalDates('2026-03-01', '2026-03-02')).toBe(-1)
    expect(compareLocalDates('2026-03-02', '2026-03-02')).toBe(0)
    expect(compareLocalDates('2026-10-01', '2026-09-30')).toBe(1)
  })

  it('addDays and diffDays are inverse', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: -800, max: 800 }), (offset, n) => {
        const base = addDays('1990-01-01', offset)
        return diffDays(base, addDays(base, n)) === n
      }),
      { numRuns: 200 },
    )
  })
})

describe('zones', () => {
  it('recognises IANA zone names', () => {
    expect(isValidTimeZone(SEOUL)).toBe(true)
    expect(isValidTimeZone('UTC')).toBe(true)
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false)
    expect(isValidTimeZone('')).toBe(false)
  })

  it('reports the zone offset including DST', () => {
    expect(timeZoneOffsetMs(utc('2026-07-01T00:00:00Z'), SEOUL)).toBe(9 * 3_600_000)
    expect(timeZoneOffsetMs(utc('2026-01-15T12:00:00Z'), BERLIN)).toBe(3_600_000)
    expect(timeZoneOffsetMs(utc('2026-07-15T12:00:00Z'), BERLIN)).toBe(2 * 3_600_000)
    expect(timeZoneOffsetMs(utc('2026-07-15T12:00:00Z'), NEW_YORK)).toBe(-4 * 3_600_000)
  })

  it('gives the local date of an instant', () => {
    expect(localDate(utc('2026-03-01T15:00:00Z'), SEOUL)).toBe('2026-03-02')
    expect(localDate(utc('2026-03-01T14:59:59.999Z'), SEOUL)).toBe('2026-03-01')
    expect(localDate(utc('2026-03-02T03:00:00Z'), NEW_YORK)).toBe('2026-03-01')
    expect(localDate(utc('2026-03-02T03:00:00Z').getTime(), BERLIN)).toBe('2026-03-02')
  })

  it('gives minutes of the local day', () => {
    expect(minutesOfLocalDay(utc('2026-03-02T00:30:00Z'), SEOUL)).toBe(9 * 60 + 30)
    expect(minutesOfLocalDay(utc('2026-03-01T15:00:00Z'), SEOUL)).toBe(0)
  })
})

describe('zonedDateTimeToInstant', () => {
  it('converts Seoul wall time (no DST)', () => {
    expect(iso(zonedDateTimeToInstant('2026-03-02', 0, SEOUL))).toBe('2026-03-01T15:00:00.000Z')
    expect(iso(zonedDateTimeToInstant('2026-03-02', 9 * 60, SEOUL))).toBe('2026-03-02T00:00:00.000Z')
    expect(iso(zonedDateTimeToInstant('2026-03-02', 21 * 60 + 15, SEOUL))).toBe('2026-03-02T12:15:00.000Z')
  })

  it('treats 1440 minutes as the next local midnight and rolls other overflows', () => {
    expect(iso(zonedDateTimeToInstant('2026-03-02', 1440, SEOUL))).toBe('2026-03-02T15:00:00.000Z')
    expect(iso(zonedDateTimeToInstant('2026-03-02', -60, SEOUL))).toBe('2026-03-01T14:00:00.000Z')
  })

  it('converts ordinary Berlin and New York times in winter and summer', () => {
    expect(iso(zonedDateTimeToInstant('2026-01-15', 9 * 60, BERLIN))).toBe('2026-01-15T08:00:00.000Z')
    expect(iso(zonedDateTimeToInstant('2026-07-15', 9 * 60, BERLIN))).toBe('2026-07-15T07:00:00.000Z')
    expect(iso(zonedDateTimeToInstant('2026-01-15', 9 * 60, NEW_YORK))).toBe('2026-01-15T14:00:00.000Z')
    expect(iso(zonedDateTimeToInstant('2026-07-15', 9 * 60, NEW_YORK))).toBe('2026-07-15T13:00:00.000Z')
  })

  it('shifts a skipped time forward by the gap by default (Berlin 2026-03-29, 02:00→03:00)', () => {
    // 02:30 does not exist; compatible resolution gives 03:30 CEST = 01:30 UTC.
    expect(iso(zonedDateTimeToInstant('2026-03-29', 150, BERLIN))).toBe('2026-03-29T01:30:00.000Z')
  })

  it('can resolve a skipped time to the transition instant', () => {
    expect(iso(zonedDateTimeToInstant('2026-03-29', 150, BERLIN, { gap: 'transition' }))).toBe('2026-03-29T01:00:00.000Z')
    expect(iso(zonedDateTimeToInstant('2026-03-29', 120, BERLIN, { gap: 'transition' }))).toBe('2026-03-29T01:00:00.000Z')
    expect(iso(zonedDateTimeToInstant('2026-03-08', 150, NEW_YORK, { gap: 'transition' }))).toBe('2026-03-08T07:00:00.000Z')
    expect(iso(zonedDateTimeToInstant('2026-03-08', 150, NEW_YORK))).toBe('2026-03-08T07:30:00.000Z')
  })

  it('picks the earlier occurrence of a repeated time by default, the later on request', () => {
    // Berlin 2026-10-25: 03:00 CEST → 02:00 CET, so 02:30 happens twice.
    expect(iso(zonedDateTimeToInstant('2026-10-25', 150, BERLIN))).toBe('2026-10-25T00:30:00.000Z')
    expect(iso(zonedDateTimeToInstant('2026-10-25', 150, BERLIN, { overlap: 'later' }))).toBe('2026-10-25T01:30:00.000Z')
    // New York 2026-11-01: 02:00 EDT → 01:00 EST, so 01:30 happens twice.
    expect(iso(zonedDateTimeToInstant('2026-11-01', 90, NEW_YORK))).toBe('2026-11-01T05:30:00.000Z')
    expect(iso(zonedDateTimeToInstant('2026-11-01', 90, NEW_YORK, { overlap: 'later' }))).toBe('2026-11-01T06:30:00.000Z')
  })

  it('round-trips every instant (one of earlier/later matches inside overlaps)', () => {
    const start = Date.UTC(2020, 0, 1)
    const end = Date.UTC(2030, 0, 1)
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Math.floor((end - start) / 60_000) }),
        fc.constantFrom(SEOUL, BERLIN, NEW_YORK),
        (minute, tz) => {
          const t = start + minute * 60_000
          const date = localDate(t, tz)
          const min = minutesOfLocalDay(t, tz)
          const earlier = zonedDateTimeToInstant(date, min, tz).getTime()
          const later = zonedDateTimeToInstant(date, min, tz, { overlap: 'later' }).getTime()
          return earlier === t || later === t
        },
      ),
      { numRuns: 300 },
    )
  })

  it('round-trips every quarter hour around the 2026 DST transitions', () => {
    const cases: Array<[string, string]> = [
      [BERLIN, '2026-03-28T12:00:00Z'],
      [BERLIN, '2026-10-24T12:00:00Z'],
      [NEW_YORK, '2026-03-07T12:00:00Z'],
      [NEW_YORK, '2026-10-31T12:00:00Z'],
    ]
    for (const [tz, startIso] of cases) {
      const start = Date.parse(startIso)
      for (let t = start; t < start + 48 * 3_600_000; t += 15 * 60_000) {
        const date = localDate(t, tz)
        const min = minutesOfLocalDay(t, tz)
        const earlier = zonedDateTimeToInstant(date, min, tz).getTime()
        const later = zonedDateTimeToInstant(date, min, tz, { overlap: 'later' }).getTime()
        expect([earlier, later]).toContain(t)
        expect(later - earlier === 0 || later - earlier === 3_600_000).toBe(true)
      }
    }
  })

  it('rejects non-integer minutes and invalid dates', () => {
    expect(() => zonedDateTimeToInstant('2026-03-02', 1.5, SEOUL)).toThrow(RangeError)
    expect(() => zonedDateTimeToInstant('2026-02-30', 0, SEOUL)).toThrow(RangeError)
  })
})

describe('startOfLocalDay', () => {
  it('returns local midnight as a UTC instant', () => {
    expect(iso(startOfLocalDay(utc('2026-03-02T05:00:00Z'), SEOUL))).toBe('2026-03-01T15:00:00.000Z')
    expect(iso(startOfLocalDay(utc('2026-10-25T12:00:00Z'), BERLIN))).toBe('2026-10-24T22:00:00.000Z')
    expect(iso(startOfLocalDate('2026-10-26', BERLIN))).toBe('2026-10-25T23:00:00.000Z')
  })

  it('returns the first existing instant when midnight itself is skipped (Santiago 2025-09-07)', () => {
    const start = startOfLocalDay(utc('2025-09-07T12:00:00Z'), 'America/Santiago')
    expect(iso(start)).toBe('2025-09-07T04:00:00.000Z')
    expect(localDate(start, 'America/Santiago')).toBe('2025-09-07')
    expect(localDate(start.getTime() - 1, 'America/Santiago')).toBe('2025-09-06')
  })
})

describe('localDatesBetween', () => {
  it('lists the local dates touched by [from, to)', () => {
    expect(localDatesBetween(utc('2026-03-01T15:00:00Z'), utc('2026-03-03T15:00:00Z'), SEOUL)).toEqual([
      '2026-03-02',
      '2026-03-03',
    ])
    expect(localDatesBetween(utc('2026-03-01T14:00:00Z'), utc('2026-03-01T16:00:00Z'), SEOUL)).toEqual([
      '2026-03-01',
      '2026-03-02',
    ])
  })

  it('is empty for empty or reversed spans', () => {
    const t = utc('2026-03-01T00:00:00Z')
    expect(localDatesBetween(t, t, SEOUL)).toEqual([])
    expect(localDatesBetween(t, utc('2026-02-01T00:00:00Z'), SEOUL)).toEqual([])
  })

  it('handles the 25-hour DST day as a single date', () => {
    const from = startOfLocalDate('2026-10-25', BERLIN)
    const to = startOfLocalDate('2026-10-26', BERLIN)
    expect(to.getTime() - from.getTime()).toBe(25 * 3_600_000)
    expect(localDatesBetween(from, to, BERLIN)).toEqual(['2026-10-25'])
  })
})
