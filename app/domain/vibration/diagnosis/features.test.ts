import { describe, expect, it } from 'vitest'
import { tones, whiteNoise } from '../../../../tests/fixtures/vibration/generator'
import { analyzeWindow, createFeatureExtractor, orderIndex, ORDERS } from './features'

const fs = 1360
const n = 2048

describe('ORDERS', () => {
  it('lists 0.5X to 8X in half-order steps, indexed by orderIndex', () => {
    expect(ORDERS).toHaveLength(16)
    expect(ORDERS[0]).toBe(0.5)
    expect(ORDERS[15]).toBe(8)
    for (const order of ORDERS) expect(ORDERS[orderIndex(order)]).toBe(order)
  })
})

describe('window features', () => {
  it('reads the amplitudes at the orders of the (nominal) shaft speed', () => {
    const x = tones(n, fs, [
      { hz: 12.5, amplitude: 0.2 },
      { hz: 25, amplitude: 1 },
      { hz: 50, amplitude: 0.5, phase: 1 },
      { hz: 75, amplitude: 0.25, phase: 2 },
    ])
    const f = analyzeWindow(x, { sampleRate: fs, unit: 'unknown', nominalHz: 25 })
    expect(f.speed).toMatchObject({ source: 'nominal_refined', estimated: false })
    expect(f.speed.hz).toBeCloseTo(25, 1)
    // Within the Hann scalloping loss (≤ 1.42 dB) of the true amplitudes.
    const expectAmp = (order: number, amplitude: number) => {
      expect(f.orders[orderIndex(order)]).toBeGreaterThan(amplitude * 0.84)
      expect(f.orders[orderIndex(order)]).toBeLessThan(amplitude * 1.001)
    }
    expectAmp(0.5, 0.2)
    expectAmp(1, 1)
    expectAmp(2, 0.5)
    expectAmp(3, 0.25)
    expect(f.orders[orderIndex(1.5)]).toBeLessThan(0.01)
    expect(f.orders[orderIndex(4)]).toBeLessThan(0.01)
  })

  it('reports no amplitude for orders above the Nyquist frequency', () => {
    const f = analyzeWindow(tones(n, fs, [{ hz: 100, amplitude: 1 }], 0.1), { sampleRate: fs, unit: 'unknown', nominalHz: 100 })
    expect(f.orders[orderIndex(6.5)]).not.toBeNull()
    expect(f.orders[orderIndex(7)]).toBeNull()
    expect(f.orders[orderIndex(8)]).toBeNull()
  })

  it('reports no order amplitudes when no shaft speed is found', () => {
    const f = analyzeWindow(whiteNoise(n, 1, 3), { sampleRate: fs, unit: 'unknown' })
    expect(f.speed.hz).toBeNull()
    expect(f.orders.every((a) => a === null)).toBe(true)
  })

  it('puts the noise floor at the median white-noise bin amplitude (σ·√(6 ln2 / N) for Hann), ignoring tones', () => {
    const sigma = 0.5
    const expected = sigma * Math.sqrt((6 * Math.LN2) / n)
    const x = tones(n, fs, [100, 200, 300, 400, 500].map((hz) => ({ hz, amplitude: 3 })), sigma, 4)
    const f = analyzeWindow(x, { sampleRate: fs, unit: 'unknown' })
    expect(f.noiseFloor / expected).toBeGreaterThan(0.9)
    expect(f.noiseFloor / expected).toBeLessThan(1.1)
  })

  it('computes the time-domain statistics of the window', () => {
    const x = tones(n, fs, [{ hz: 1360 / 16, amplitude: 2 }])
    const f = analyzeWindow(x, { sampleRate: fs, unit: 'unknown' })
    expect(f.rms).toBeCloseTo(Math.SQRT2, 6)
    expect(f.peak).toBeCloseTo(2, 6)
    expect(f.crest).toBeCloseTo(Math.SQRT2, 6)
    expect(f.kurtosis).toBeCloseTo(1.5, 6)
  })

  it('finds the strongest line other than 1X', () => {
    const x = tones(n, fs, [
      { hz: 30, amplitude: 1 },
      { hz: 210, amplitude: 0.3 },
    ], 0.05)
    const f = analyzeWindow(x, { sampleRate: fs, unit: 'unknown', nominalHz: 30 })
    expect(f.otherPeak).toBeGreaterThan(0.25)
    expect(f.otherPeak).toBeLessThan(0.31)
  })

  it('analyses consecutive windows of a long signal independently', () => {
    const quiet = new Float64Array(n)
    const loud = tones(n, fs, [{ hz: 40, amplitude: 1 }])
    const signal = new Float64Array(2 * n)
    signal.set(quiet, 0)
    signal.set(loud, n)
    const extractor = createFeatureExtractor({ sampleRate: fs, unit: 'unknown' })
    expect(extractor.extract(signal, 0).rms).toBe(0)
    expect(extractor.extract(signal, n).rms).toBeCloseTo(Math.SQRT1_2, 3)
    expect(extractor.extract(signal, n).speed.hz).toBeCloseTo(40, 1)
  })

  it('rejects a window size that is not a power of two and a non-positive sample rate', () => {
    expect(() => createFeatureExtractor({ windowSize: 1000, sampleRate: fs, unit: 'g' })).toThrow(RangeError)
    expect(() => createFeatureExtractor({ windowSize: 8, sampleRate: fs, unit: 'g' })).toThrow(RangeError)
    expect(() => createFeatureExtractor({ sampleRate: 0, unit: 'g' })).toThrow(RangeError)
  })
})
