import { describe, expect, it } from 'vitest'
import {
  amplitudeSpectrum,
  bandRms,
  createComplexFft,
  createRealFft,
  createSpectrumAnalyzer,
  hannWindow,
  HANN_COHERENT_GAIN,
  isPowerOfTwo,
} from './fft'
import { createRng } from '../../../../tests/fixtures/vibration/generator'

/** Naive O(n²) DFT, the reference. */
function dft(re: ArrayLike<number>, im: ArrayLike<number>) {
  const n = re.length
  const outRe = new Float64Array(n)
  const outIm = new Float64Array(n)
  for (let k = 0; k < n; k++) {
    for (let t = 0; t < n; t++) {
      const a = (-2 * Math.PI * k * t) / n
      outRe[k] += re[t] * Math.cos(a) - im[t] * Math.sin(a)
      outIm[k] += re[t] * Math.sin(a) + im[t] * Math.cos(a)
    }
  }
  return { re: outRe, im: outIm }
}

function randomSignal(n: number, seed: number): Float64Array {
  const rng = createRng(seed)
  return Float64Array.from({ length: n }, () => rng() * 2 - 1)
}

function sine(n: number, sampleRate: number, hz: number, amplitude: number, phase = 0, offset = 0): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => offset + amplitude * Math.sin((2 * Math.PI * hz * i) / sampleRate + phase))
}

function argmax(a: ArrayLike<number>): number {
  let best = 0
  for (let i = 1; i < a.length; i++) if (a[i] > a[best]) best = i
  return best
}

describe('complex FFT', () => {
  it.each([1, 2, 8, 64])('matches the naive DFT for %i points', (n) => {
    const re = randomSignal(n, n)
    const im = randomSignal(n, n + 1)
    const expected = dft(re, im)
    createComplexFft(n).transform(re, im)
    for (let k = 0; k < n; k++) {
      expect(re[k]).toBeCloseTo(expected.re[k], 9)
      expect(im[k]).toBeCloseTo(expected.im[k], 9)
    }
  })

  it('rejects sizes that are not powers of two', () => {
    expect(() => createComplexFft(12)).toThrow(RangeError)
    expect(() => createRealFft(1)).toThrow(RangeError)
    expect(isPowerOfTwo(2048)).toBe(true)
    expect(isPowerOfTwo(2047)).toBe(false)
    expect(isPowerOfTwo(0)).toBe(false)
  })
})

describe('real FFT', () => {
  it.each([2, 4, 16, 256])('matches the naive DFT on bins 0..n/2 for %i points', (n) => {
    const x = randomSignal(n, 100 + n)
    const expected = dft(x, new Float64Array(n))
    const re = new Float64Array(n / 2 + 1)
    const im = new Float64Array(n / 2 + 1)
    createRealFft(n).transform(x, re, im)
    for (let k = 0; k <= n / 2; k++) {
      expect(re[k]).toBeCloseTo(expected.re[k], 9)
      expect(im[k]).toBeCloseTo(expected.im[k], 9)
    }
  })

  it('reads from an offset without touching the input', () => {
    const x = randomSignal(40, 7)
    const copy = Float64Array.from(x)
    const re = new Float64Array(17)
    const im = new Float64Array(17)
    createRealFft(32).transform(x, re, im, 5)
    const expected = dft(x.subarray(5, 37), new Float64Array(32))
    expect(re[3]).toBeCloseTo(expected.re[3], 9)
    expect(im[3]).toBeCloseTo(expected.im[3], 9)
    expect(x).toEqual(copy)
  })
})

describe('Hann amplitude spectrum', () => {
  const n = 2048
  const fs = 1360
  const binHz = fs / n

  it('has a coherent gain of 0.5 (Σw = n/2)', () => {
    const sum = hannWindow(n).reduce((s, v) => s + v, 0)
    expect(sum / n).toBeCloseTo(HANN_COHERENT_GAIN, 12)
  })

  it.each([
    [1, 2.5],
    [37, 0.1],
    [512, 7],
  ])('reads a sinusoid on bin %i at its amplitude (%f)', (bin, amplitude) => {
    const hz = bin * binHz
    const { amplitudes, binHz: step } = amplitudeSpectrum(sine(n, fs, hz, amplitude, 0.7), fs)
    expect(step).toBeCloseTo(binHz, 12)
    expect(argmax(amplitudes)).toBe(bin)
    expect(amplitudes[bin]).toBeCloseTo(amplitude, 9)
  })

  it('reads a sinusoid half-way between bins no lower than the Hann scalloping loss (−1.42 dB)', () => {
    const { amplitudes } = amplitudeSpectrum(sine(n, fs, 100.5 * binHz, 1), fs)
    const peak = Math.max(amplitudes[100], amplitudes[101])
    expect(peak).toBeGreaterThan(0.845)
    expect(peak).toBeLessThan(0.86)
  })

  it('removes the DC offset of the sensor', () => {
    const { amplitudes } = amplitudeSpectrum(sine(n, fs, 50 * binHz, 1, 0, 12.5), fs)
    expect(amplitudes[0]).toBeLessThan(1e-9)
    expect(amplitudes[50]).toBeCloseTo(1, 9)
  })

  it('separates two tones and their frequencies', () => {
    const x = sine(n, fs, 30 * binHz, 2)
    const y = sine(n, fs, 90 * binHz, 0.5, 1)
    const { amplitudes } = amplitudeSpectrum(x.map((v, i) => v + y[i]), fs)
    expect(amplitudes[30]).toBeCloseTo(2, 9)
    expect(amplitudes[90]).toBeCloseTo(0.5, 9)
    expect(amplitudes[60]).toBeLessThan(1e-9)
  })

  it('reuses its buffers across calls (the second analysis does not depend on the first)', () => {
    const analyzer = createSpectrumAnalyzer(256)
    const out = new Float64Array(analyzer.bins)
    analyzer.analyze(sine(256, 256, 10, 5), 0, out)
    analyzer.analyze(sine(256, 256, 20, 1), 0, out)
    expect(out[20]).toBeCloseTo(1, 9)
    expect(out[10]).toBeLessThan(1e-9)
  })
})

describe('bandRms', () => {
  it('gives A/√2 for a sinusoid (ENBW correction undoes the Hann spreading)', () => {
    const { amplitudes } = amplitudeSpectrum(sine(2048, 1360, 60 * (1360 / 2048), 3), 1360)
    expect(bandRms(amplitudes, 1, 1024)).toBeCloseTo(3 / Math.SQRT2, 6)
  })

  it('gives the standard deviation of white noise over the full band', () => {
    const rng = createRng(42)
    // Uniform on [−a, a] has σ = a/√3.
    const x = Float64Array.from({ length: 4096 }, () => (rng() * 2 - 1) * Math.sqrt(3))
    const { amplitudes } = amplitudeSpectrum(x, 1000)
    expect(bandRms(amplitudes, 0, 2048)).toBeGreaterThan(0.93)
    expect(bandRms(amplitudes, 0, 2048)).toBeLessThan(1.07)
  })

  it('applies a per-bin weight', () => {
    const amplitudes = Float64Array.from([0, 1, 1, 0])
    expect(bandRms(amplitudes, 1, 2, (k) => (k === 1 ? 2 : 0))).toBeCloseTo(Math.sqrt(4 / 2 / 1.5), 12)
  })
})
