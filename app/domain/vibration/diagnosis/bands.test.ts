import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BAND_FEATURES, BAND_RULES, bandCrossings, computeBands, type BandInput } from './bands'
import { orderIndex, ORDERS } from './features'

/** A window's band figures: RMS, 1X, 2X, crest, kurtosis (other orders at 0.01). */
function win(rms: number, oneX: number, twoX: number, crest: number, kurtosis: number): BandInput {
  const orders = ORDERS.map(() => 0.01 as number | null)
  orders[orderIndex(1)] = oneX
  orders[orderIndex(2)] = twoX
  return { rms, crest, kurtosis, orders }
}

const positive = fc.double({ min: 0.01, max: 100, noNaN: true })
const windowArb = fc.tuple(positive, positive, positive, fc.double({ min: 1.5, max: 8, noNaN: true }), fc.double({ min: 1.5, max: 12, noNaN: true })).map((a) => win(...a))
const baselineArb = fc.array(windowArb, { minLength: BAND_RULES.minWindows, maxLength: 40 })

describe('alarm bands (median ± k·MAD)', () => {
  it('puts every band around its median and at least its minimum width', () => {
    fc.assert(
      fc.property(baselineArb, (windows) => {
        const { bands, windowCount, k } = computeBands(windows)
        expect(windowCount).toBe(windows.length)
        expect(k).toBe(BAND_RULES.k)
        for (const f of BAND_FEATURES) {
          const b = bands[f]!
          expect(b.low).toBeLessThan(b.median)
          expect(b.high).toBeGreaterThan(b.median)
          if (b.scale === 'log') {
            expect(b.low).toBeGreaterThan(0)
            expect(Math.log(b.high / b.median)).toBeGreaterThanOrEqual(BAND_RULES.minHalfWidth.log - 1e-9)
          } else expect(b.high - b.median).toBeGreaterThanOrEqual(BAND_RULES.minHalfWidth.linear * b.median - 1e-9)
        }
      }),
    )
  })

  it('does not depend on the sensor gain: amplitude bands scale with it, crossings stay the same', () => {
    fc.assert(
      fc.property(baselineArb, windowArb, fc.double({ min: 0.05, max: 20, noNaN: true }), (windows, probe, gain) => {
        const scale = (w: BandInput): BandInput => ({ ...w, rms: w.rms * gain, orders: w.orders.map((o) => (o === null ? null : o * gain)) })
        const plain = computeBands(windows)
        const scaled = computeBands(windows.map(scale))
        for (const f of ['rms', 'oneX', 'twoX'] as const) {
          expect(scaled.bands[f]!.high / (plain.bands[f]!.high * gain)).toBeCloseTo(1, 9)
          expect(scaled.bands[f]!.low / (plain.bands[f]!.low * gain)).toBeCloseTo(1, 9)
        }
        const side = (c: ReturnType<typeof bandCrossings>) => c.map((x) => `${x.feature}:${x.side}`)
        expect(side(bandCrossings(scale(probe), scaled))).toEqual(side(bandCrossings(probe, plain)))
      }),
    )
  })

  it('is robust: one wild window in the baseline moves no band much', () => {
    fc.assert(
      fc.property(fc.array(windowArb, { minLength: 15, maxLength: 40 }), positive, (windows, wild) => {
        const before = computeBands(windows).bands.rms!
        // Wild: far above every baseline window (wild × 1000 alone can be 10, below windows of rms 10.00000000002).
        const top = Math.max(...windows.map((w) => w.rms))
        const after = computeBands([...windows, win(top * 10 + wild * 1000, 1, 1, 3, 3)]).bands.rms!
        // The median moves by at most one rank: never past its neighbours' spread. (Relative tolerance: the median is
        // taken on a log scale, and exp(log x) is exact only to a few ulps — a fixed 1e-12 failed at rms ≈ 10.)
        const sorted = windows.map((w) => w.rms).sort((a, b) => a - b)
        expect(after.median).toBeLessThanOrEqual(sorted[Math.ceil(sorted.length / 2)] * (1 + 1e-12))
        expect(after.median).toBeGreaterThanOrEqual(before.median * (1 - 1e-12))
      }),
    )
  })

  it('names the band crossed, on which side, the limit and by how much', () => {
    const windows = Array.from({ length: 20 }, (_, i) => win(1 + (i % 5) * 0.01, 0.2 + (i % 3) * 0.005, 0.03, 3 + (i % 4) * 0.02, 3 + (i % 2) * 0.05))
    const bands = computeBands(windows)
    expect(bandCrossings(win(1.02, 0.205, 0.03, 3.03, 3.02), bands)).toEqual([])
    const high1X = bands.bands.oneX!.high
    const crossing = bandCrossings(win(1.02, high1X * 3, 0.03, 3.03, 3.02), bands)
    expect(crossing).toEqual([{ feature: 'oneX', side: 'above', value: high1X * 3, limit: high1X, ratio: expect.closeTo(3, 9) }])
    const low = bands.bands.rms!.low
    expect(bandCrossings(win(low / 2, 0.205, 0.03, 3.03, 3.02), bands)).toEqual([{ feature: 'rms', side: 'below', value: low / 2, limit: low, ratio: expect.closeTo(2, 9) }])
  })

  it('makes no band from fewer than its minimum windows, and never crosses a missing one', () => {
    const few = computeBands([win(1, 1, 1, 3, 3), win(1, 1, 1, 3, 3)])
    expect(few.bands).toEqual({})
    expect(bandCrossings(win(100, 100, 100, 30, 30), few)).toEqual([])
    expect(bandCrossings(win(100, 100, 100, 30, 30), null)).toEqual([])
  })
})
