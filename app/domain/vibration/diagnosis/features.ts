/**
 * Per-window vibration features.
 *
 * For each window of N samples (default 2048, a power of two):
 * - time domain (`timeStats`): RMS, peak, crest factor and Pearson kurtosis (non-excess: Gaussian ≈ 3), all after removing
 *   the window's mean;
 * - the Hann amplitude spectrum (see fft.ts);
 * - the noise floor: the MEDIAN of the spectrum amplitudes in the analysed band (default 2 Hz up to 1000 Hz or the
 *   Nyquist frequency). Tonal lines occupy a few percent of the bins, so the median follows the broadband background and
 *   ignores them; every "× floor" ratio in this module is relative to it;
 * - the shaft speed (see speed.ts) and the amplitudes at the orders 0.5X, 1X, 1.5X … 8X, each the largest amplitude within
 *   ±2 bins of order × speed (tolerates speed wander and the limited resolution); null above the Nyquist frequency or
 *   when no speed is known;
 * - ISO 20816-3 broadband velocity RMS over 10–1000 Hz in mm/s (null when the unit is unknown), see iso.ts.
 */

import { bandRms, createSpectrumAnalyzer, isPowerOfTwo, type SpectrumAnalyzer } from './fft'
import { ISO_BAND_HZ, velocityFactor, type VibrationUnit } from './iso'
import { amplitudeNear, shaftSpeed, type ShaftSpeed, type SpeedSearchOptions } from './speed'
import { medianOfRange, timeStats } from './stats'

/** Orders reported for every window: 0.5X, 1X, 1.5X, … 8X. */
export const ORDERS: readonly number[] = Array.from({ length: 16 }, (_, i) => (i + 1) / 2)
/** Index of an order in `ORDERS` (order must be a multiple of 0.5 in 0.5..8). */
export function orderIndex(order: number): number {
  return Math.round(order * 2) - 1
}

export const DEFAULT_WINDOW_SIZE = 2048
/** Default analysed band for the noise floor, Hz. */
const FLOOR_BAND_HZ = { low: 2, high: 1000 } as const

/** Features of one window. */
export interface WindowFeatures {
  /** AC RMS (input unit). */
  rms: number
  /** Largest absolute deviation from the window mean (input unit). */
  peak: number
  /** peak / rms. */
  crest: number
  /** Pearson kurtosis, non-excess (Gaussian ≈ 3, sine 1.5). */
  kurtosis: number
  /** Median spectrum amplitude in the analysed band (input unit). */
  noiseFloor: number
  speed: ShaftSpeed
  /** Amplitude at each of `ORDERS` (input unit); null above Nyquist or without a speed. */
  orders: (number | null)[]
  /**
   * Largest spectrum amplitude in the analysed band outside ±3 bins of 1X (the strongest line that is not 1X; the largest
   * amplitude overall without a speed). 1X / otherPeak tells whether 1X dominates the spectrum.
   */
  otherPeak: number
  /** Broadband RMS velocity over the ISO band, mm/s; null when the unit is unknown. */
  velocityRms: number | null
}

/** Options of a feature extractor. */
export interface FeatureOptions extends Omit<SpeedSearchOptions, 'nominalHz'> {
  /** Samples per window (power of two, default 2048). */
  windowSize?: number
  sampleRate: number
  unit: VibrationUnit
  /** Nominal shaft speed, Hz (rpm / 60). */
  nominalHz?: number | null
  /** Band for the noise floor, Hz (default 2–1000, capped at Nyquist). */
  floorBandHz?: { low: number; high: number }
  /** Band for the ISO velocity, Hz (default 10–1000, capped at Nyquist). */
  isoBandHz?: { low: number; high: number }
}

/** Reusable extractor: all buffers allocated once, O(N log N) per window. */
export interface FeatureExtractor {
  readonly windowSize: number
  readonly sampleRate: number
  /** Hz per spectrum bin. */
  readonly binHz: number
  /**
   * Spectrum of the most recent `extract` call (internal buffer, overwritten by the next call: copy it to keep it).
   */
  readonly spectrum: Float64Array
  /** Features of samples[offset .. offset + windowSize − 1]; `nominalHz` overrides the extractor's option. */
  extract(samples: ArrayLike<number>, offset: number, nominalHz?: number | null): WindowFeatures
}

/** Builds a feature extractor (throws RangeError for a window size that is not a power of two ≥ 16). */
export function createFeatureExtractor(options: FeatureOptions): FeatureExtractor {
  const windowSize = options.windowSize ?? DEFAULT_WINDOW_SIZE
  if (!isPowerOfTwo(windowSize) || windowSize < 16) throw new RangeError(`window size must be a power of two ≥ 16, got ${windowSize}`)
  const { sampleRate, unit } = options
  if (!(sampleRate > 0)) throw new RangeError(`sample rate must be positive, got ${sampleRate}`)
  const analyzer: SpectrumAnalyzer = createSpectrumAnalyzer(windowSize)
  const bins = analyzer.bins
  const binHz = sampleRate / windowSize
  const spectrum = new Float64Array(bins)
  const scratch = new Float64Array(bins)
  const lastBin = bins - 1

  const floorBand = options.floorBandHz ?? FLOOR_BAND_HZ
  const floorLo = Math.min(lastBin, Math.max(1, Math.ceil(floorBand.low / binHz)))
  const floorHi = Math.max(floorLo, Math.min(lastBin, Math.floor(floorBand.high / binHz)))

  const isoBand = options.isoBandHz ?? ISO_BAND_HZ
  const isoLo = Math.max(1, Math.ceil(isoBand.low / binHz))
  const isoHi = Math.min(lastBin, Math.floor(isoBand.high / binHz))
  // Per-bin factor from the input unit to mm/s velocity (null: unknown unit → no velocity).
  let velocityWeights: Float64Array | null = null
  if (velocityFactor(unit, 1) !== null) {
    velocityWeights = new Float64Array(bins)
    for (let k = 1; k < bins; k++) velocityWeights[k] = velocityFactor(unit, k * binHz) ?? 0
  }
  const weighted = new Float64Array(bins)

  function extract(samples: ArrayLike<number>, offset: number, nominalHz?: number | null): WindowFeatures {
    const stats = timeStats(samples, offset, windowSize)
    analyzer.analyze(samples, offset, spectrum)
    const noiseFloor = medianOfRange(spectrum, floorLo, floorHi, scratch)
    const speed = shaftSpeed(spectrum, binHz, noiseFloor, {
      nominalHz: nominalHz === undefined ? options.nominalHz : nominalHz,
      refineTolerance: options.refineTolerance,
      minHz: options.minHz,
      maxHz: options.maxHz,
    })
    const orders = ORDERS.map((order) => (speed.hz === null ? null : amplitudeNear(spectrum, binHz, order * speed.hz)))
    const oneXBin = speed.hz === null ? -100 : Math.round(speed.hz / binHz)
    let otherPeak = 0
    for (let k = floorLo; k <= floorHi; k++) {
      if (Math.abs(k - oneXBin) > 3 && spectrum[k] > otherPeak) otherPeak = spectrum[k]
    }
    let velocityRms: number | null = null
    if (velocityWeights && isoHi >= isoLo) {
      for (let k = isoLo; k <= isoHi; k++) weighted[k] = spectrum[k] * velocityWeights[k]
      velocityRms = bandRms(weighted, isoLo, isoHi)
    }
    return { rms: stats.rms, peak: stats.peak, crest: stats.crest, kurtosis: stats.kurtosis, noiseFloor, speed, orders, otherPeak, velocityRms }
  }

  return { windowSize, sampleRate, binHz, spectrum, extract }
}

/** One window's features plus a copy of its spectrum (convenience for tests and one-off analysis). */
export interface WindowAnalysis extends WindowFeatures {
  binHz: number
  spectrum: Float64Array
}

/** Features of a single window of exactly `windowSize` samples (defaults to samples.length). */
export function analyzeWindow(samples: ArrayLike<number>, options: Omit<FeatureOptions, 'windowSize'> & { windowSize?: number }): WindowAnalysis {
  const extractor = createFeatureExtractor({ ...options, windowSize: options.windowSize ?? samples.length })
  const features = extractor.extract(samples, 0)
  return { ...features, binHz: extractor.binHz, spectrum: Float64Array.from(extractor.spectrum) }
}
