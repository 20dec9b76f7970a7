import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { baselineFromFigures, type HealthyBaseline } from './classify'
import { orderIndex, ORDERS, type WindowFeatures } from './features'
import { ISO_20816_3_BOUNDARIES } from './iso'
import { judgeWindow, missingInputs } from './judge'

const FLOOR = 0.01

/** Window features by hand: order amplitudes as multiples of the floor (others 1.5). */
function features(opts: { orders?: Record<number, number>; rms?: number; crest?: number; kurtosis?: number; velocityRms?: number | null; otherPeak?: number } = {}): WindowFeatures {
  const ratios = opts.orders ?? {}
  const orders = ORDERS.map((o) => (ratios[o] ?? 1.5) * FLOOR)
  return {
    rms: opts.rms ?? 1,
    peak: 3,
    crest: opts.crest ?? 3,
    kurtosis: opts.kurtosis ?? 2.8,
    noiseFloor: FLOOR,
    speed: { hz: 30, source: 'estimated', estimated: true },
    orders,
    otherPeak: (opts.otherPeak ?? 2) * FLOOR,
    velocityRms: opts.velocityRms ?? null,
  }
}

/** A healthy baseline (with bands) from windows around 1X = 15 × floor, RMS 1. */
function healthy(): HealthyBaseline {
  return baselineFromFigures(
    Array.from({ length: 12 }, (_, i) => ({ ...features({ orders: { 1: 15 + (i % 3) }, rms: 1 + (i % 4) * 0.02, crest: 3 + (i % 3) * 0.05 }), shaftHz: 30 })),
  )!
}

/** Arbitrary window features, fault-shaped or not. */
const anyFeatures = fc
  .record({
    oneX: fc.double({ min: 0.5, max: 500, noNaN: true }),
    series: fc.array(fc.double({ min: 0.5, max: 40, noNaN: true }), { minLength: 11, maxLength: 11 }),
    crest: fc.double({ min: 1.4, max: 12, noNaN: true }),
    kurtosis: fc.double({ min: 1.5, max: 20, noNaN: true }),
    otherPeak: fc.double({ min: 0.5, max: 100, noNaN: true }),
    velocity: fc.double({ min: 0.1, max: 30, noNaN: true }),
  })
  .map(({ oneX, series, crest, kurtosis, otherPeak, velocity }) => {
    const orders: Record<number, number> = { 1: oneX }
    ;[0.5, 1.5, 2, 2.5, 3, 3.5, 4, 5, 6, 7, 8].forEach((o, i) => (orders[o] = series[i]))
    return features({ orders, crest, kurtosis, otherPeak, velocityRms: velocity })
  })

describe('judging a window without a baseline', () => {
  it('never calls a fault from the spectrum alone: without unit and ISO class it is "no baseline", fault type null', () => {
    fc.assert(
      fc.property(anyFeatures, fc.constantFrom('unknown' as const, 'm/s2' as const), (f, unit) => {
        const j = judgeWindow(unit === 'unknown' ? { ...f, velocityRms: null } : f, { baseline: null, unit })
        expect(j).toMatchObject({ status: 'no_baseline', faultType: null, confidence: null })
        expect(j.reason.code).toBe('no_baseline')
        expect(j.reason.missing).toEqual(unit === 'unknown' ? ['baseline', 'unit', 'iso_class'] : ['baseline', 'iso_class'])
      }),
    )
  })

  it('a dominant 1X at 109× floor — the issue\'s healthy machine — is not unbalance without a baseline', () => {
    const j = judgeWindow(features({ orders: { 1: 109 }, otherPeak: 3 }), { baseline: null, unit: 'unknown' })
    expect(j.faultType).toBeNull()
    expect(j.reason).toMatchObject({ code: 'no_baseline', basis: 'none', oneX_overFloor: 109 })
  })

  it('judges by ISO 20816-3 zone when the unit and class are known: A/B normal whatever the shape, C/D by the shape rules', () => {
    const [ab, bc] = ISO_20816_3_BOUNDARIES.group2.rigid
    fc.assert(
      fc.property(anyFeatures, (f) => {
        const j = judgeWindow(f, { baseline: null, unit: 'm/s2', isoGroup: 'group2', foundation: 'rigid' })
        expect(j.status).toBe('diagnosed')
        expect(j.reason).toMatchObject({ basis: 'iso', velocityRms: f.velocityRms })
        if (f.velocityRms! <= bc) expect(j.faultType).toBe(0)
        expect(j.confidence).toBeGreaterThanOrEqual(0)
        expect(j.confidence).toBeLessThanOrEqual(1)
      }),
    )
    const quiet = judgeWindow(features({ orders: { 1: 109 }, otherPeak: 3, velocityRms: ab / 2 }), { baseline: null, unit: 'm/s2', isoGroup: 'group2', foundation: 'rigid' })
    expect(quiet).toMatchObject({ status: 'diagnosed', faultType: 0, reason: { code: 'normal', zone: 'A' } })
    const severe = judgeWindow(features({ orders: { 1: 109 }, otherPeak: 3, velocityRms: 9 }), { baseline: null, unit: 'm/s2', isoGroup: 'group2', foundation: 'rigid' })
    expect(severe).toMatchObject({ status: 'diagnosed', faultType: 1, reason: { code: 'unbalance', zone: 'D', basis: 'iso' } })
  })

  it('lists exactly what is missing', () => {
    expect(missingInputs({ unit: 'unknown' })).toEqual(['baseline', 'unit', 'iso_class'])
    expect(missingInputs({ unit: 'g', isoGroup: 'group1' })).toEqual(['baseline', 'iso_class'])
    expect(missingInputs({ unit: 'g', isoGroup: 'group1', foundation: 'rigid' })).toEqual(['baseline'])
  })
})

describe('judging a window against a baseline with alarm bands', () => {
  it('calls a fault only above at least one band, and names every band crossed', () => {
    const baseline = healthy()
    fc.assert(
      fc.property(anyFeatures, (f) => {
        const j = judgeWindow(f, { baseline, unit: 'unknown' })
        expect(j.status).toBe('diagnosed')
        expect(j.reason.basis).toBe('baseline')
        if (j.faultType !== 0) expect(j.reason.bands!.some((c) => c.side === 'above')).toBe(true)
      }),
    )
  })

  it('calls unbalance when 1X rises far above its band, with the band in the reason', () => {
    const j = judgeWindow(features({ orders: { 1: 60 } }), { baseline: healthy(), unit: 'unknown' })
    expect(j.faultType).toBe(1)
    const oneX = j.reason.bands!.find((c) => c.feature === 'oneX')!
    expect(oneX).toMatchObject({ side: 'above' })
    expect(oneX.ratio).toBeGreaterThan(2)
  })

  it('calls a fault pattern that stays inside every band normal ("inside its bands")', () => {
    // The rules see 1X ≥ 2.5 × a baseline 1X, but this sensor's healthy 1X band is wide enough to hold it.
    const wide = baselineFromFigures(Array.from({ length: 12 }, (_, i) => ({ ...features({ orders: { 1: i % 2 ? 6 : 60 } }), shaftHz: 30 })))!
    const narrowed: HealthyBaseline = { ...wide, orders: wide.orders.map((o, i) => (i === orderIndex(1) ? 6 * FLOOR : o)) }
    const j = judgeWindow(features({ orders: { 1: 40 } }), { baseline: narrowed, unit: 'unknown' })
    expect(j).toMatchObject({ faultType: 0, reason: { code: 'normal', withinBands: true } })
  })
})
