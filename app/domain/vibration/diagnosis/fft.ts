/**
 * Radix-2 FFT for real input and a Hann-windowed single-sided amplitude spectrum.
 *
 * - `createComplexFft(m)`: iterative in-place radix-2 Cooley–Tukey (decimation in time) on split re/im arrays, with the
 *   bit-reversal permutation and twiddle factors precomputed once per size.
 * - `createRealFft(n)`: a real sequence of length n is packed into a complex sequence of length n/2
 *   (z[m] = x[2m] + i·x[2m+1]), transformed with the half-size complex FFT and unpacked into bins 0..n/2. Half the work of a
 *   complex FFT of the same length.
 * - `createSpectrumAnalyzer(n)`: removes the window's mean (the DC offset of the sensor), applies a periodic Hann window
 *   w[k] = 0.5 − 0.5·cos(2πk/n) and scales |X| into single-sided peak amplitudes.
 *
 * Amplitude scaling. The Hann window's coherent gain is Σw/n = 0.5: a windowed sinusoid of amplitude A that sits exactly on a
 * bin produces |X_k| = A·Σw/2 = A·n/4. We therefore report amp_k = 2·|X_k| / Σw (= 4·|X_k|/n) for 0 < k < n/2 and
 * |X_k| / Σw for the DC and Nyquist bins, so such a sinusoid reads ≈ A (exactly A on a bin centre; up to −1.42 dB, the
 * Hann scalloping loss, half-way between two bins).
 *
 * For broadband (noise-like) power the right correction is the window's equivalent noise bandwidth instead:
 * ENBW = n·Σw² / (Σw)² = 1.5 bins for Hann, so Σ(amp_k²/2) / 1.5 over a band estimates the mean square in that band
 * (see `bandRms`).
 */

/** Coherent (amplitude) gain of the periodic Hann window: mean of w. */
export const HANN_COHERENT_GAIN = 0.5
/** Equivalent noise bandwidth of the Hann window, in bins. */
const HANN_ENBW_BINS = 1.5

/** True when n is a power of two ≥ 1. */
export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0
}

/** A complex FFT of a fixed power-of-two size, transforming split re/im arrays in place. */
export interface ComplexFft {
  readonly size: number
  /** Forward transform X_k = Σ x_m·e^(−2πi·km/size), in place on re/im (each at least `size` long). */
  transform(re: Float64Array, im: Float64Array): void
}

/** Builds a complex FFT for `size` points (power of two). */
export function createComplexFft(size: number): ComplexFft {
  if (!isPowerOfTwo(size)) throw new RangeError(`FFT size must be a power of two, got ${size}`)
  const bits = Math.round(Math.log2(size))
  const reverse = new Uint32Array(size)
  for (let i = 0; i < size; i++) {
    let r = 0
    for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b)
    reverse[i] = r
  }
  const half = size >> 1
  const cos = new Float64Array(Math.max(half, 1))
  const sin = new Float64Array(Math.max(half, 1))
  for (let k = 0; k < half; k++) {
    cos[k] = Math.cos((2 * Math.PI * k) / size)
    sin[k] = -Math.sin((2 * Math.PI * k) / size)
  }

  function transform(re: Float64Array, im: Float64Array): void {
    for (let i = 0; i < size; i++) {
      const j = reverse[i]
      if (j > i) {
        const tr = re[i]
        re[i] = re[j]
        re[j] = tr
        const ti = im[i]
        im[i] = im[j]
        im[j] = ti
      }
    }
    for (let len = 2; len <= size; len <<= 1) {
      const halfLen = len >> 1
      const step = size / len // stride into the twiddle table
      for (let start = 0; start < size; start += len) {
        for (let k = 0; k < halfLen; k++) {
          const wr = cos[k * step]
          const wi = sin[k * step]
          const a = start + k
          const b = a + halfLen
          const xr = re[b] * wr - im[b] * wi
          const xi = re[b] * wi + im[b] * wr
          re[b] = re[a] - xr
          im[b] = im[a] - xi
          re[a] += xr
          im[a] += xi
        }
      }
    }
  }

  return { size, transform }
}

/** A real-input FFT of a fixed power-of-two size (≥ 2) producing bins 0..size/2. */
export interface RealFft {
  readonly size: number
  /**
   * Transforms `size` real samples starting at `input[offset]`. Writes bins 0..size/2 into outRe/outIm (each at least
   * size/2 + 1 long). The input is not modified.
   */
  transform(input: ArrayLike<number>, outRe: Float64Array, outIm: Float64Array, offset?: number): void
}

/** Builds a real-input FFT for `size` points (power of two, ≥ 2). */
export function createRealFft(size: number): RealFft {
  if (!isPowerOfTwo(size) || size < 2) throw new RangeError(`real FFT size must be a power of two ≥ 2, got ${size}`)
  const m = size >> 1
  const inner = createComplexFft(m)
  const zr = new Float64Array(m)
  const zi = new Float64Array(m)
  // Unpacking twiddles e^(−2πi·k/size) for k = 0..m.
  const wr = new Float64Array(m + 1)
  const wi = new Float64Array(m + 1)
  for (let k = 0; k <= m; k++) {
    wr[k] = Math.cos((2 * Math.PI * k) / size)
    wi[k] = -Math.sin((2 * Math.PI * k) / size)
  }

  function transform(input: ArrayLike<number>, outRe: Float64Array, outIm: Float64Array, offset = 0): void {
    for (let j = 0; j < m; j++) {
      zr[j] = input[offset + 2 * j]
      zi[j] = input[offset + 2 * j + 1]
    }
    inner.transform(zr, zi)
    // X_k = E_k + W^k·O_k with E_k = (Z_k + conj Z_{m−k})/2 and O_k = (Z_k − conj Z_{m−k})/(2i).
    for (let k = 0; k <= m; k++) {
      const a = k === m ? 0 : k
      const b = k === 0 ? 0 : m - k
      const zkr = zr[a]
      const zki = zi[a]
      const zcr = zr[b]
      const zci = -zi[b]
      const er = 0.5 * (zkr + zcr)
      const ei = 0.5 * (zki + zci)
      // (Z_k − conj Z_{m−k}) / (2i): (p + iq)/(2i) = (q − ip)/2
      const pr = zkr - zcr
      const pi = zki - zci
      const or = 0.5 * pi
      const oi = -0.5 * pr
      outRe[k] = er + wr[k] * or - wi[k] * oi
      outIm[k] = ei + wr[k] * oi + wi[k] * or
    }
  }

  return { size, transform }
}

/** Periodic (DFT-even) Hann window of length n: w[k] = 0.5 − 0.5·cos(2πk/n); Σw = n/2 exactly. */
export function hannWindow(n: number): Float64Array {
  const w = new Float64Array(n)
  for (let k = 0; k < n; k++) w[k] = 0.5 - 0.5 * Math.cos((2 * Math.PI * k) / n)
  return w
}

/** Reusable analyser: preallocated buffers, one amplitude spectrum per call. */
export interface SpectrumAnalyzer {
  readonly size: number
  /** Number of spectrum bins (size/2 + 1). */
  readonly bins: number
  /**
   * Single-sided Hann amplitude spectrum of `size` samples starting at `samples[offset]`, written into `out` (length ≥
   * bins). The window's mean is removed first, so bin 0 is ≈ 0. Bin k is at k·sampleRate/size Hz.
   */
  analyze(samples: ArrayLike<number>, offset: number, out: Float64Array): void
}

/** Builds a spectrum analyser for windows of `size` samples (power of two ≥ 2). */
export function createSpectrumAnalyzer(size: number): SpectrumAnalyzer {
  const fft = createRealFft(size)
  const window = hannWindow(size)
  let windowSum = 0
  for (let k = 0; k < size; k++) windowSum += window[k]
  const buffer = new Float64Array(size)
  const bins = (size >> 1) + 1
  const re = new Float64Array(bins)
  const im = new Float64Array(bins)

  function analyze(samples: ArrayLike<number>, offset: number, out: Float64Array): void {
    let mean = 0
    for (let k = 0; k < size; k++) mean += samples[offset + k]
    mean /= size
    for (let k = 0; k < size; k++) buffer[k] = (samples[offset + k] - mean) * window[k]
    fft.transform(buffer, re, im, 0)
    const scale = 2 / windowSum
    for (let k = 0; k < bins; k++) out[k] = Math.hypot(re[k], im[k]) * scale
    out[0] /= 2
    out[bins - 1] /= 2
  }

  return { size, bins, analyze }
}

/** Result of `amplitudeSpectrum`. */
export interface AmplitudeSpectrum {
  /** Frequency step between bins, Hz (sampleRate / n). */
  binHz: number
  /** Single-sided peak amplitudes, bins 0..n/2 (same unit as the input). */
  amplitudes: Float64Array
}

/** One-shot convenience: Hann amplitude spectrum of a whole (power-of-two length) signal. */
export function amplitudeSpectrum(samples: ArrayLike<number>, sampleRate: number): AmplitudeSpectrum {
  const analyzer = createSpectrumAnalyzer(samples.length)
  const amplitudes = new Float64Array(analyzer.bins)
  analyzer.analyze(samples, 0, amplitudes)
  return { binHz: sampleRate / samples.length, amplitudes }
}

/**
 * Broadband RMS of the part of a Hann amplitude spectrum between bins `fromBin` and `toBin` (inclusive), optionally
 * weighting each bin's amplitude (e.g. 1/(2πf) to integrate acceleration into velocity). Uses the ENBW correction:
 * rms² = Σ (weight_k·amp_k)² / 2 / ENBW.
 */
export function bandRms(
  amplitudes: ArrayLike<number>,
  fromBin: number,
  toBin: number,
  weight?: (bin: number) => number,
): number {
  let sum = 0
  const lo = Math.max(0, fromBin)
  const hi = Math.min(amplitudes.length - 1, toBin)
  for (let k = lo; k <= hi; k++) {
    const a = weight ? amplitudes[k] * weight(k) : amplitudes[k]
    sum += a * a
  }
  return Math.sqrt(sum / 2 / HANN_ENBW_BINS)
}
