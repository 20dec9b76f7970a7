import { describe, expect, it } from 'vitest'
import { generateWindow, SIGNAL_CLASSES, tones, whiteNoise } from '../../../../tests/fixtures/vibration/generator'
import { analyzeWindow } from './features'
import { amplitudeNear, estimateShaftSpeed, interpolatePeak, refineNominalSpeed, shaftSpeed } from './speed'

const fs = 1360
const n = 2048

/** Spectrum, bin width and floor of a signal, through the feature extractor with no speed search. */
function spectrumOf(x: Float64Array) {
  const a = analyzeWindow(x, { sampleRate: fs, unit: 'unknown', nominalHz: 1 })
  return { spectrum: a.spectrum, binHz: a.binHz, floor: a.noiseFloor }
}

function orders(shaftHz: number, amplitudes: Record<number, number>) {
  return Object.entries(amplitudes).map(([order, amplitude], i) => ({ hz: Number(order) * shaftHz, amplitude, phase: i }))
}

describe('refineNominalSpeed', () => {
  it('moves to the strongest peak within ±5 % of the nominal speed, to sub-bin precision', () => {
    const { spectrum, binHz, floor } = spectrumOf(tones(n, fs, [{ hz: 30.9, amplitude: 1 }], 0.2, 1))
    const speed = refineNominalSpeed(spectrum, binHz, floor, 30)
    expect(speed.source).toBe('nominal_refined')
    expect(speed.estimated).toBe(false)
    expect(speed.hz).toBeGreaterThan(30.8)
    expect(speed.hz).toBeLessThan(31.0)
  })

  it('keeps the nominal speed when no line stands within ±5 %', () => {
    const { spectrum, binHz, floor } = spectrumOf(tones(n, fs, [{ hz: 40, amplitude: 1 }], 0.2, 2))
    expect(refineNominalSpeed(spectrum, binHz, floor, 30)).toEqual({ hz: 30, source: 'nominal', estimated: false })
  })

  it('does not follow a strong line just outside the ±5 % band', () => {
    const { spectrum, binHz, floor } = spectrumOf(tones(n, fs, [{ hz: 32.2, amplitude: 5 }], 0.2, 3))
    expect(refineNominalSpeed(spectrum, binHz, floor, 30).source).toBe('nominal')
  })
})

describe('estimateShaftSpeed', () => {
  it.each(SIGNAL_CLASSES)('finds the 1X of generated %s windows at 15–60 Hz', (cls) => {
    let hits = 0
    const total = 40
    for (let i = 0; i < total; i++) {
      const shaftHz = 15 + (45 * i) / (total - 1)
      const w = generateWindow(cls, { seed: 300 + i, shaftHz })
      const { spectrum, binHz, floor } = spectrumOf(w.values)
      const speed = estimateShaftSpeed(spectrum, binHz, floor)
      expect(speed.estimated).toBe(true)
      if (speed.hz !== null && Math.abs(speed.hz / shaftHz - 1) < 0.02) hits++
    }
    expect(hits).toBeGreaterThanOrEqual(total - 1)
  })

  it('is not fooled into 2X when 2X is stronger than 1X (looseness)', () => {
    const x = tones(n, fs, orders(25, { 1: 0.5, 2: 1, 3: 0.4, 4: 0.5, 5: 0.3, 6: 0.2 }), 0.2, 4)
    const { spectrum, binHz, floor } = spectrumOf(x)
    expect(estimateShaftSpeed(spectrum, binHz, floor).hz).toBeCloseTo(25, 0)
  })

  it('is not fooled into 0.5X by half-order lines', () => {
    const x = tones(n, fs, orders(40, { 0.5: 0.3, 1: 1, 1.5: 0.2, 2: 0.4, 2.5: 0.15, 3: 0.3 }), 0.2, 5)
    const { spectrum, binHz, floor } = spectrumOf(x)
    expect(estimateShaftSpeed(spectrum, binHz, floor).hz).toBeCloseTo(40, 0)
  })

  it('prefers the line with harmonic support over a lone stronger tone in range', () => {
    const x = tones(n, fs, [...orders(20, { 1: 0.5, 2: 0.3, 3: 0.25, 4: 0.2 }), { hz: 73, amplitude: 0.8 }], 0.2, 6)
    const { spectrum, binHz, floor } = spectrumOf(x)
    expect(estimateShaftSpeed(spectrum, binHz, floor).hz).toBeCloseTo(20, 0)
  })

  it('searches only the plausible range', () => {
    const x = tones(n, fs, [{ hz: 120, amplitude: 1 }], 0.2, 7)
    const { spectrum, binHz, floor } = spectrumOf(x)
    expect(estimateShaftSpeed(spectrum, binHz, floor).hz).toBeNull()
    expect(estimateShaftSpeed(spectrum, binHz, floor, { minHz: 100, maxHz: 150 }).hz).toBeCloseTo(120, 0)
  })

  it('reports no speed for noise without any line', () => {
    const { spectrum, binHz, floor } = spectrumOf(whiteNoise(n, 1, 8))
    expect(estimateShaftSpeed(spectrum, binHz, floor)).toEqual({ hz: null, source: 'none', estimated: true })
  })
})

describe('shaftSpeed', () => {
  it('uses the nominal speed when one is given and estimates otherwise', () => {
    const { spectrum, binHz, floor } = spectrumOf(tones(n, fs, orders(33, { 1: 1, 2: 0.1 }), 0.2, 9))
    expect(shaftSpeed(spectrum, binHz, floor, { nominalHz: 32 }).source).toBe('nominal_refined')
    expect(shaftSpeed(spectrum, binHz, floor, { nominalHz: 0 }).source).toBe('estimated')
    expect(shaftSpeed(spectrum, binHz, floor).hz).toBeCloseTo(33, 0)
  })
})

describe('spectral helpers', () => {
  it('interpolates a peak between bins to within a few hundredths of a bin', () => {
    const binHz = fs / n
    for (const offset of [0, 0.25, 0.5, 0.75]) {
      const hz = (100 + offset) * binHz
      const { spectrum } = spectrumOf(tones(n, fs, [{ hz, amplitude: 1 }]))
      const k = spectrum[100] >= spectrum[101] ? 100 : 101
      expect(Math.abs(interpolatePeak(spectrum, k) - (100 + offset))).toBeLessThan(0.06)
    }
  })

  it('reads the largest amplitude within ±2 bins and nothing outside the spectrum', () => {
    const spectrum = Float64Array.from([0, 1, 2, 9, 2, 1, 0, 0, 0, 0])
    expect(amplitudeNear(spectrum, 1, 5)).toBe(9)
    expect(amplitudeNear(spectrum, 1, 7)).toBe(1)
    expect(amplitudeNear(spectrum, 1, 9)).toBeNull()
    expect(amplitudeNear(spectrum, 1, 0.2)).toBeNull()
  })
})
