import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { prepareSignal, resampleLinear, windowCount, windowSpan } from './signal'

function uniformTime(n: number, sampleRate: number, start = 0): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => start + i / sampleRate)
}

describe('prepareSignal', () => {
  it('keeps an even time column as is and derives the sample rate from its span', () => {
    const time = uniformTime(1000, 1360, 2)
    const values = Float64Array.from({ length: 1000 }, (_, i) => i)
    const result = prepareSignal(time, values)
    if (!result.ok) throw new Error(result.code)
    expect(result.signal.resampled).toBe(false)
    expect(result.signal.values).toBe(values)
    expect(result.signal.sampleRate).toBeCloseTo(1360, 6)
    expect(result.signal.startTime).toBe(2)
  })

  it('treats a time column rounded to microseconds as even', () => {
    const time = uniformTime(5000, 1360).map((t) => Number(t.toFixed(6)))
    const result = prepareSignal(time, new Float64Array(5000))
    if (!result.ok) throw new Error(result.code)
    expect(result.signal.resampled).toBe(false)
    expect(result.signal.maxJitter).toBeGreaterThan(0)
    expect(result.signal.maxJitter).toBeLessThan(0.01)
    expect(result.signal.sampleRate).toBeCloseTo(1360, 1)
  })

  it('resamples an uneven column (missing rows) onto the median step by linear interpolation', () => {
    // A ramp v = 3t + 1 sampled at 100 Hz with rows 10..14 missing: interpolation reproduces the ramp exactly.
    const full = uniformTime(50, 100)
    const time = full.filter((_, i) => i < 10 || i > 14)
    const values = time.map((t) => 3 * t + 1)
    const result = prepareSignal(time, values)
    if (!result.ok) throw new Error(result.code)
    expect(result.signal.resampled).toBe(true)
    expect(result.signal.sampleRate).toBeCloseTo(100, 9)
    expect(result.signal.values.length).toBe(50)
    result.signal.values.forEach((v, i) => expect(v).toBeCloseTo(3 * (i / 100) + 1, 9))
  })

  it('honours a custom jitter tolerance', () => {
    const time = Float64Array.from([0, 1, 2, 3.05, 4, 5])
    const values = new Float64Array(6)
    expect(prepareSignal(time, values).ok && (prepareSignal(time, values) as { signal: { resampled: boolean } }).signal.resampled).toBe(true)
    const loose = prepareSignal(time, values, { jitterTolerance: 0.1 })
    expect(loose.ok && loose.signal.resampled).toBe(false)
  })

  it.each([
    ['length_mismatch', [0, 1, 2], [1, 2], undefined],
    ['too_short', [0], [1], undefined],
    ['non_finite', [0, 1, 2], [1, Number.NaN, 3], 1],
    ['non_finite', [0, Number.POSITIVE_INFINITY, 2], [1, 2, 3], 1],
    ['time_not_increasing', [0, 1, 1, 2], [1, 2, 3, 4], 2],
    ['time_not_increasing', [0, 2, 1], [1, 2, 3], 2],
    // Hostile timestamps: a grid of 1e600 points (was a RangeError from the array allocation), of Infinity, of 5 × n.
    ['time_gaps', [0, 1e-300, 2e-300, 1e300], [1, 2, 3, 4], undefined],
    ['time_gaps', [0, 5e-324, 1e-323, 1], [1, 2, 3, 4], undefined],
    ['time_gaps', [0, 1, 2, 3, 20], [1, 2, 3, 4, 5], undefined],
  ])('reports %s', (code, time, values, row) => {
    expect(prepareSignal(time, values)).toEqual(row === undefined ? { ok: false, code } : { ok: false, code, row })
  })
})

describe('prepareSignal never throws', () => {
  it('answers a signal or a problem code for any finite time and value columns', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.double({ noNaN: true, noDefaultInfinity: true })), { minLength: 2, maxLength: 40 }), (pairs) => {
        const time = pairs.map((p) => p[0]).sort((a, b) => a - b)
        const values = pairs.map((p) => p[1])
        const result = prepareSignal(time, values)
        if (result.ok) expect(result.signal.values.length).toBeLessThanOrEqual(4 * time.length)
      }),
    )
  })
})

describe('resampleLinear', () => {
  it('interpolates between points and holds the end values outside the range', () => {
    const out = resampleLinear([0, 1, 3], [0, 10, 30], -1, 2, 10)
    expect(Array.from(out)).toEqual([0, 0, 0, 5, 10, 15, 20, 25, 30, 30])
  })
})

describe('windows', () => {
  it('counts whole windows and drops the shorter tail', () => {
    expect(windowCount(10_000, 2048)).toBe(4)
    expect(windowCount(2047, 2048)).toBe(0)
    expect(windowCount(4096, 2048)).toBe(2)
  })

  it('gives each window its time span on the recording axis', () => {
    expect(windowSpan({ startTime: 10, sampleRate: 1000 }, 2, 500)).toEqual({ startTime: 11, endTime: 11.5 })
  })
})
