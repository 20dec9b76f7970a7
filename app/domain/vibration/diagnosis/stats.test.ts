import { describe, expect, it } from 'vitest'
import { median, medianOfRange, selectInPlace, timeStats } from './stats'
import { createRng } from '../../../../tests/fixtures/vibration/generator'

describe('median and selection', () => {
  it('finds the median of odd and even counts', () => {
    expect(median([5, 1, 4])).toBe(4)
    expect(median([5, 1, 4, 2])).toBe(3)
    expect(median([7])).toBe(7)
    expect(median([])).toBeNaN()
  })

  it('takes a sub-range without changing the source', () => {
    const source = Float64Array.from([100, 3, 1, 2, 100])
    expect(medianOfRange(source, 1, 3, new Float64Array(8))).toBe(2)
    expect(Array.from(source)).toEqual([100, 3, 1, 2, 100])
  })

  it('selects the k-th smallest like a sort would', () => {
    const rng = createRng(3)
    for (let trial = 0; trial < 20; trial++) {
      const values = Float64Array.from({ length: 1 + Math.floor(rng() * 50) }, () => Math.floor(rng() * 10))
      const sorted = Array.from(values).sort((a, b) => a - b)
      const k = Math.floor(rng() * values.length)
      expect(selectInPlace(Float64Array.from(values), k)).toBe(sorted[k])
    }
  })
})

describe('timeStats', () => {
  it('computes RMS, peak, crest and kurtosis of a hand-worked window', () => {
    // Mean 1; deviations −1, −1, −1, 3: m2 = 12/4 = 3, m4 = 84/4 = 21, kurtosis 21/9.
    const s = timeStats([0, 0, 0, 4], 0, 4)
    expect(s.mean).toBe(1)
    expect(s.rms).toBeCloseTo(Math.sqrt(3), 12)
    expect(s.peak).toBe(3)
    expect(s.crest).toBeCloseTo(3 / Math.sqrt(3), 12)
    expect(s.kurtosis).toBeCloseTo(21 / 9, 12)
  })

  it('gives crest 1 and kurtosis 1 for a square wave', () => {
    const s = timeStats([2, -2, 2, -2, 2, -2], 0, 6)
    expect(s).toMatchObject({ rms: 2, peak: 2, crest: 1, kurtosis: 1 })
  })

  it('gives crest √2 and kurtosis 1.5 for a sine over whole periods', () => {
    const x = Array.from({ length: 1000 }, (_, i) => 3 * Math.sin((2 * Math.PI * 10 * i) / 1000) + 5)
    const s = timeStats(x, 0, 1000)
    expect(s.rms).toBeCloseTo(3 / Math.SQRT2, 9)
    expect(s.crest).toBeCloseTo(Math.SQRT2, 3)
    expect(s.kurtosis).toBeCloseTo(1.5, 9)
  })

  it('gives kurtosis ≈ 3 (not excess) for Gaussian noise', () => {
    const rng = createRng(11)
    const x = Array.from({ length: 20000 }, () => {
      const u = 1 - rng()
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng())
    })
    expect(timeStats(x, 0, x.length).kurtosis).toBeGreaterThan(2.85)
    expect(timeStats(x, 0, x.length).kurtosis).toBeLessThan(3.15)
  })

  it('reports zeros for a flat window instead of dividing by zero', () => {
    expect(timeStats([4, 4, 4], 0, 3)).toEqual({ mean: 4, rms: 0, peak: 0, crest: 0, kurtosis: 0 })
  })

  it('reads the window at the given offset only', () => {
    const s = timeStats([1000, 1, -1, 1, -1, 1000], 1, 4)
    expect(s.peak).toBe(1)
  })
})
