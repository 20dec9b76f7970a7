/**
 * Alarm bands of a sensor, learned from its baseline period (issue #19 item 3): for RMS, 1X, 2X, crest factor and
 * kurtosis, a robust band median ± k · σ̂ with σ̂ = 1.4826 · MAD (the median absolute deviation, scaled to a standard
 * deviation for Gaussian data), so a few odd windows in the baseline neither move nor widen it much.
 *
 * - Amplitudes (RMS, 1X, 2X) are judged on a log scale: a healthy amplitude varies by a factor rather than by an amount,
 *   the lower band never goes below zero, and the band does not depend on the sensor's gain (multiplying every sample by
 *   g shifts the log median by log g and leaves the MAD alone).
 * - Crest factor and kurtosis are judged on their own (dimensionless) scale.
 * - A band is never narrower than `BAND_RULES.minHalfWidth` (a factor for amplitudes, a share of the median otherwise):
 *   a baseline of a few very steady windows would otherwise put every later window outside.
 * - k = 4: for a Gaussian feature a healthy window crosses one side with p ≈ 3·10⁻⁵; the MAD of a short baseline is
 *   itself uncertain, so k is larger than the textbook 3.
 *
 * A crossing says which band, on which side, the value, the limit and by how much: `ratio` = value / upper limit above,
 * lower limit / value below (both > 1).
 */

import { orderIndex } from './features'
import { median } from './stats'

/** The features a sensor's bands cover, in display order. */
export const BAND_FEATURES = ['rms', 'oneX', 'twoX', 'crest', 'kurtosis'] as const
export type BandFeature = (typeof BAND_FEATURES)[number]

const LOG_SCALE: Record<BandFeature, boolean> = { rms: true, oneX: true, twoX: true, crest: false, kurtosis: false }

/** Tunable numbers of the bands (exported so documentation and tests refer to the same numbers). */
export const BAND_RULES = {
  /** Half-width in robust standard deviations. */
  k: 4,
  /** MAD → standard deviation for Gaussian data. */
  madToSigma: 1.4826,
  /** Narrowest half-width: amplitudes × / ÷ 1.3; crest factor and kurtosis ± 12 % of the median. */
  minHalfWidth: { log: Math.log(1.3), linear: 0.12 },
  /** Fewest windows that make a band (fewer: no band for that feature). */
  minWindows: 3,
} as const

/** One feature's band. */
export interface Band {
  median: number
  /** Median absolute deviation (on the log scale for amplitudes). */
  mad: number
  low: number
  high: number
  scale: 'log' | 'linear'
}

/** A sensor's bands and what they were learned from. */
export interface SensorBands {
  k: number
  windowCount: number
  bands: Partial<Record<BandFeature, Band>>
}

/** A window outside one of its sensor's bands. */
export interface BandCrossing {
  feature: BandFeature
  side: 'above' | 'below'
  value: number
  limit: number
  /** How far outside: value / high above, low / value below (> 1). */
  ratio: number
}

/** The window figures the bands read (a stored WindowFeatureSummary or fresh WindowFeatures both have them). */
export interface BandInput {
  rms: number
  crest: number
  kurtosis: number
  orders: readonly (number | null)[]
}

/** A window's value of each band feature (null where it has none, e.g. no shaft speed → no 1X). */
export function bandValues(f: BandInput): Record<BandFeature, number | null> {
  const order = (o: number) => f.orders[orderIndex(o)] ?? null
  return { rms: f.rms, oneX: order(1), twoX: order(2), crest: f.crest, kurtosis: f.kurtosis }
}

function usable(feature: BandFeature, v: number | null): v is number {
  return v !== null && Number.isFinite(v) && (!LOG_SCALE[feature] || v > 0)
}

/** Bands over the baseline windows (see module comment); a feature with fewer than `minWindows` values gets none. */
export function computeBands(windows: readonly BandInput[], k: number = BAND_RULES.k): SensorBands {
  const bands: SensorBands['bands'] = {}
  const values = windows.map(bandValues)
  for (const feature of BAND_FEATURES) {
    const log = LOG_SCALE[feature]
    const xs = values.map((v) => v[feature]).filter((v): v is number => usable(feature, v)).map((v) => (log ? Math.log(v) : v))
    if (xs.length < BAND_RULES.minWindows) continue
    const m = median(xs)
    const mad = median(xs.map((x) => Math.abs(x - m)))
    const spread = k * BAND_RULES.madToSigma * mad
    if (log) {
      const half = Math.max(spread, BAND_RULES.minHalfWidth.log)
      bands[feature] = { median: Math.exp(m), mad, low: Math.exp(m - half), high: Math.exp(m + half), scale: 'log' }
    } else {
      const half = Math.max(spread, BAND_RULES.minHalfWidth.linear * Math.abs(m))
      bands[feature] = { median: m, mad, low: m - half, high: m + half, scale: 'linear' }
    }
  }
  return { k, windowCount: windows.length, bands }
}

/** A ratio as stored (JSON has no infinity): at most 1e6. */
const capped = (r: number) => (Number.isFinite(r) && r < 1e6 ? r : 1e6)

/** The bands a window is outside of, in `BAND_FEATURES` order. */
export function bandCrossings(f: BandInput, bands: SensorBands | null | undefined): BandCrossing[] {
  if (!bands) return []
  const values = bandValues(f)
  const out: BandCrossing[] = []
  for (const feature of BAND_FEATURES) {
    const band = bands.bands[feature]
    const value = values[feature]
    if (!band || !usable(feature, value)) continue
    if (value > band.high) out.push({ feature, side: 'above', value, limit: band.high, ratio: capped(value / band.high) })
    else if (value < band.low) out.push({ feature, side: 'below', value, limit: band.low, ratio: capped(band.low / value) })
  }
  return out
}
