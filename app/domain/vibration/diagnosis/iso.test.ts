import { describe, expect, it } from 'vitest'
import { createFeatureExtractor } from './features'
import { ISO_20816_3_BOUNDARIES, isoZone, STANDARD_GRAVITY, velocityFactor, type Foundation, type IsoGroup } from './iso'

describe('isoZone', () => {
  it.each([
    ['group1', 'rigid', [2.3, 4.5, 7.1]],
    ['group1', 'flexible', [3.5, 7.1, 11.0]],
    ['group2', 'rigid', [1.4, 2.8, 4.5]],
    ['group2', 'flexible', [2.3, 4.5, 7.1]],
  ] as const)('%s %s uses the boundaries %j', (group, foundation, [ab, bc, cd]) => {
    expect(ISO_20816_3_BOUNDARIES[group][foundation]).toEqual([ab, bc, cd])
    expect(isoZone(0, group, foundation)).toBe('A')
    expect(isoZone(ab - 0.01, group, foundation)).toBe('A')
    expect(isoZone(ab + 0.01, group, foundation)).toBe('B')
    expect(isoZone(bc + 0.01, group, foundation)).toBe('C')
    expect(isoZone(cd + 0.01, group, foundation)).toBe('D')
    expect(isoZone(100, group, foundation)).toBe('D')
  })

  it('puts a value exactly on a boundary in the lower zone, as the standard does', () => {
    expect(isoZone(2.3, 'group1', 'rigid')).toBe('A')
    expect(isoZone(4.5, 'group1', 'rigid')).toBe('B')
    expect(isoZone(7.1, 'group1', 'rigid')).toBe('C')
    expect(isoZone(11.0, 'group1', 'flexible')).toBe('C')
    expect(isoZone(1.4, 'group2', 'rigid')).toBe('A')
  })

  it.each([
    [null, 'group1', 'rigid'],
    [Number.NaN, 'group1', 'rigid'],
    [3, null, 'rigid'],
    [3, 'group1', undefined],
  ])('is not_zoned for velocity %s, group %s, foundation %s', (v, group, foundation) => {
    expect(isoZone(v, group as IsoGroup | null, foundation as Foundation | undefined)).toBe('not_zoned')
  })
})

describe('velocityFactor', () => {
  it('integrates acceleration as 1/(2πf) and converts units to mm/s', () => {
    expect(velocityFactor('m/s2', 100)).toBeCloseTo(1000 / (2 * Math.PI * 100), 12)
    expect(velocityFactor('g', 100)).toBeCloseTo((STANDARD_GRAVITY * 1000) / (2 * Math.PI * 100), 12)
    expect(velocityFactor('mm/s', 100)).toBe(1)
    expect(velocityFactor('unknown', 100)).toBeNull()
  })
})

describe('broadband velocity RMS (10–1000 Hz)', () => {
  const fs = 4096
  const n = 4096
  // Hann spreads a tone over 3 bins whose 1/(2πf) weights differ slightly: agree to 0.2 %.
  const expectClose = (actual: number | null, expected: number) => expect(Math.abs((actual ?? 0) / expected - 1)).toBeLessThan(0.002)
  const tone = (hz: number, amplitude: number) => Float64Array.from({ length: n }, (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / fs))

  it('turns a 50 Hz acceleration of 10 m/s² into (10/(2π·50))·1000/√2 mm/s', () => {
    const f = createFeatureExtractor({ windowSize: n, sampleRate: fs, unit: 'm/s2' }).extract(tone(50, 10), 0)
    expectClose(f.velocityRms, ((10 / (2 * Math.PI * 50)) * 1000) / Math.SQRT2)
  })

  it('multiplies by standard gravity for an accelerometer in g', () => {
    const f = createFeatureExtractor({ windowSize: n, sampleRate: fs, unit: 'g' }).extract(tone(50, 1), 0)
    expectClose(f.velocityRms, ((STANDARD_GRAVITY / (2 * Math.PI * 50)) * 1000) / Math.SQRT2)
  })

  it('takes a velocity sensor in mm/s as is', () => {
    const f = createFeatureExtractor({ windowSize: n, sampleRate: fs, unit: 'mm/s' }).extract(tone(200, 4), 0)
    expectClose(f.velocityRms, 4 / Math.SQRT2)
  })

  it('ignores content below 10 Hz and above 1000 Hz', () => {
    const x = tone(4, 10).map((v, i) => v + 5 * Math.sin((2 * Math.PI * 1500 * i) / fs))
    const f = createFeatureExtractor({ windowSize: n, sampleRate: fs, unit: 'mm/s' }).extract(x, 0)
    expect(f.velocityRms).toBeLessThan(0.01)
  })

  it('reports no velocity for an unknown unit', () => {
    expect(createFeatureExtractor({ windowSize: n, sampleRate: fs, unit: 'unknown' }).extract(tone(50, 1), 0).velocityRms).toBeNull()
  })
})
