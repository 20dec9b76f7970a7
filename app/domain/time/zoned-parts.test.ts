/**
 * zonedParts answers from an offset remembered per zone and UTC hour; it must equal Intl's own answer for every instant:
 * random instants over four centuries, and every minute around real transitions (DST both ways, half-hour DST on Lord
 * Howe, Samoa skipping a day, local mean time with seconds in its offset).
 */
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { zonedParts } from './zoned'

const ZONES = ['Asia/Seoul', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Pacific/Apia', 'Asia/Kolkata', 'America/St_Johns', 'Africa/Casablanca', 'Europe/Amsterdam', 'UTC']

function fromIntl(ms: number, timeZone: string) {
  const f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', era: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
  const parts = f.formatToParts(new Date(ms))
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? '0')
  const era = parts.find((p) => p.type === 'era')?.value
  const year = get('year')
  return { year: era === 'BC' || era === 'B' ? 1 - year : year, month: get('month'), day: get('day'), hour: get('hour') % 24, minute: get('minute'), second: get('second') }
}

describe('zonedParts equals Intl', () => {
  test('random instants, 1800–2200, every zone', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1800, 0, 1), max: Date.UTC(2200, 0, 1) }), fc.constantFrom(...ZONES), (ms, zone) => {
        expect(zonedParts(ms, zone)).toEqual(fromIntl(ms, zone))
      }),
      { numRuns: 3_000 },
    )
  })

  test.each([
    ['America/New_York', '2026-03-08T06:00:00Z'],
    ['America/New_York', '2026-11-01T05:00:00Z'],
    ['Europe/London', '2026-03-29T00:30:00Z'],
    ['Australia/Lord_Howe', '2026-04-04T14:30:00Z'],
    ['Australia/Lord_Howe', '2026-10-03T15:30:00Z'],
    ['Pacific/Apia', '2011-12-30T09:30:00Z'],
    ['Asia/Seoul', '1908-03-31T15:00:00Z'],
    ['Europe/Amsterdam', '1937-06-30T22:00:00Z'],
  ])('%s: every 37 s for four hours around %s', (zone, at) => {
    const mid = Date.parse(at)
    for (let ms = mid - 2 * 3_600_000; ms <= mid + 2 * 3_600_000; ms += 37_000) expect(zonedParts(ms, zone)).toEqual(fromIntl(ms, zone))
  })
})
