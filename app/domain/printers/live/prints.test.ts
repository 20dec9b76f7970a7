import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { densityOf, fileWords, filamentMg, matchJob, prefillRecord, printEvent } from './prints'
import { LIVE_STATES } from './state'

describe('printEvent', () => {
  it('starts a print on printing, except after a pause', () => {
    expect(printEvent('idle', 'printing', null)).toEqual({ kind: 'start' })
    expect(printEvent(null, 'printing', null)).toEqual({ kind: 'start' })
    expect(printEvent('finished', 'printing', null)).toEqual({ kind: 'start' })
    expect(printEvent('offline', 'printing', null)).toEqual({ kind: 'start' })
    expect(printEvent('paused', 'printing', null)).toBeNull()
  })
  it('ends it finished, failed or cancelled', () => {
    expect(printEvent('printing', 'finished', null)).toEqual({ kind: 'end', outcome: 'finished' })
    expect(printEvent('printing', 'error', 'Thermal runaway')).toEqual({ kind: 'end', outcome: 'failed' })
    expect(printEvent('printing', 'error', 'cancelled')).toEqual({ kind: 'end', outcome: 'cancelled' })
    expect(printEvent('printing', 'error', 'failed or cancelled')).toEqual({ kind: 'end', outcome: 'failed' })
    expect(printEvent('paused', 'idle', null)).toEqual({ kind: 'end', outcome: 'cancelled' })
    expect(printEvent('printing', 'idle', null)).toEqual({ kind: 'end', outcome: 'cancelled' })
  })
  it('offline and idle after a finish end nothing', () => {
    expect(printEvent('printing', 'offline', null)).toBeNull()
    expect(printEvent('finished', 'idle', null)).toBeNull()
    expect(printEvent('printing', 'paused', null)).toBeNull()
  })
  it('answers for every pair of states without throwing', () => {
    for (const from of [null, ...LIVE_STATES]) for (const to of LIVE_STATES) expect(() => printEvent(from, to, null)).not.toThrow()
  })
})

const at = (h: number) => new Date(Date.UTC(2026, 11, 7, h))
const jobs = [
  { id: 'a', orderReference: 'SO-2026-101', productName: 'Hinge plate', startsAt: at(9) },
  { id: 'b', orderReference: 'SO-2026-102', productName: '드론 프레임', startsAt: at(12) },
  { id: 'c', orderReference: 'SO-2026-103', productName: 'Hinge plate', startsAt: at(8) },
  { id: 'd', orderReference: 'SO-2026-104', productName: 'Cap', startsAt: at(15) },
]

describe('matchJob', () => {
  it('reads a file name as words', () => {
    expect(fileWords('/gcodes/shop/SO-2026-103_Hinge plate.gcode')).toBe('so 2026 103 hinge plate')
    expect(fileWords('Hinge_Plate.gcode.3mf')).toBe('hinge plate')
    expect(fileWords('C:\\prints\\드론 프레임.3mf')).toBe('드론 프레임')
  })
  it('matches the order reference first, then the product name (earliest planned of equals)', () => {
    expect(matchJob('SO-2026-101_hinge_plate.gcode', jobs)?.id).toBe('a')
    expect(matchJob('hinge-plate.3mf', jobs)?.id).toBe('c')
    expect(matchJob('드론_프레임_v2.gcode.3mf', jobs)?.id).toBe('b')
  })
  it('matches whole words only, and nothing for an unknown or empty file', () => {
    expect(matchJob('capstan.gcode', jobs)).toBeNull()
    expect(matchJob('benchy.gcode', jobs)).toBeNull()
    expect(matchJob('', jobs)).toBeNull()
    expect(matchJob(null, jobs)).toBeNull()
    expect(matchJob('cap.gcode', jobs)?.id).toBe('d')
  })
  it('never throws and only returns a candidate, whatever the file name', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (file) => {
        const found = matchJob(file, jobs)
        expect(found === null || jobs.includes(found)).toBe(true)
      }),
    )
  })
})

describe('filamentMg', () => {
  it('weighs a length of 1.75 mm filament by the material', () => {
    // 1 m of 1.75 mm PLA: π × 0.875² × 1000 mm³ = 2.405 cm³ × 1.24 = 2.98 g → 3.0 g
    expect(filamentMg(1000, 'PLA')).toBe(3000)
    expect(filamentMg(10_000, 'PETG')).toBe(30_500)
    expect(filamentMg(10_000, 'abs')).toBe(25_000)
    expect(filamentMg(0, 'PLA')).toBe(0)
  })
  it('has no answer for an unknown or impossible length', () => {
    expect(filamentMg(null, 'PLA')).toBeNull()
    expect(filamentMg(-1, 'PLA')).toBeNull()
    expect(filamentMg(Number.NaN, 'PLA')).toBeNull()
    expect(filamentMg(Number.POSITIVE_INFINITY, 'PLA')).toBeNull()
  })
  it('counts an unknown material as PLA and reads "PLA+" or "PETG-CF" by their base', () => {
    expect(densityOf('Silk Magic')).toBe(1.24)
    expect(densityOf('PLA+')).toBe(1.24)
    expect(densityOf('PETG-CF')).toBe(1.27)
    expect(densityOf('')).toBe(1.24)
  })
})

describe('prefillRecord', () => {
  const base = { units: 4, plannedMg: 50_000, material: 'PLA' }
  it('a finished print: the plate good, grams from the printer, else the plan', () => {
    expect(prefillRecord({ ...base, outcome: 'finished', filamentMm: 10_000, progress: 1 })).toEqual({ goodUnits: 4, scrapUnits: 0, mg: 29_800, gramsFrom: 'printer' })
    expect(prefillRecord({ ...base, outcome: 'finished', filamentMm: null, progress: 1 })).toEqual({ goodUnits: 4, scrapUnits: 0, mg: 50_000, gramsFrom: 'plan' })
  })
  it('a failed or cancelled print: the plate scrapped, grams from the printer, else the plan times the progress', () => {
    expect(prefillRecord({ ...base, outcome: 'failed', filamentMm: 1000, progress: 0.1 })).toEqual({ goodUnits: 0, scrapUnits: 4, mg: 3000, gramsFrom: 'printer' })
    expect(prefillRecord({ ...base, outcome: 'cancelled', filamentMm: null, progress: 0.37 })).toEqual({ goodUnits: 0, scrapUnits: 4, mg: 18_500, gramsFrom: 'plan_progress' })
    expect(prefillRecord({ ...base, outcome: 'failed', filamentMm: null, progress: null })).toEqual({ goodUnits: 0, scrapUnits: 4, mg: 50_000, gramsFrom: 'plan' })
  })
  it('grams are always whole 0.1 g and never above the plan when taken from progress', () => {
    fc.assert(
      fc.property(fc.double({ min: -1, max: 2, noNaN: true }), fc.integer({ min: 0, max: 5_000_000 }), (progress, plannedMg) => {
        const p = prefillRecord({ ...base, plannedMg, outcome: 'failed', filamentMm: null, progress })
        expect(p.mg % 100).toBe(0)
        expect(p.mg).toBeLessThanOrEqual(Math.ceil(plannedMg / 100) * 100)
      }),
    )
  })
})
