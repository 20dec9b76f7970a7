/**
 * Shaft speed (1X frequency) from an amplitude spectrum.
 *
 * With a nominal speed: the strongest local peak within ±5 % of the nominal frequency that stands at least
 * `PEAK_OVER_FLOOR` × the noise floor is taken and refined to sub-bin precision; without such a peak the nominal speed is
 * used as given (source 'nominal').
 *
 * Without a nominal speed (source 'estimated'): a harmonic comb search.
 *  1. Candidates are the local spectral peaks in the plausible range (default 10–100 Hz) at least PEAK_OVER_FLOOR × floor
 *     (the 1X of a rotating machine is, in practice, always visible, so the fundamental itself must be a peak).
 *  2. Each candidate f0 is scored by how well it explains the spectrum as harmonics and half-orders:
 *       score = 2·s(1X) + Σ_{h=2..8} s(hX) + ½·Σ_{h=0.5,1.5,…,7.5} s(hX)
 *     with the salience s(f) = max(0, ln(A(f) / (PEAK_OVER_FLOOR·floor))) and A(f) the largest amplitude within ±2 bins.
 *     The double weight of 1X encodes the practical prior that 1X is the dominant line; the comb is limited to 8 orders
 *     so a sub-harmonic candidate (f0/2) cannot win merely by fitting twice as many lines.
 *  3. Octave guards:
 *     Both compare the summed amplitude of the odd multiples (f, 3f, 5f, 7f) of the lower candidate f with that of its
 *     even multiples (2f, 4f, 6f, 8f): if f is a half-order, its odd multiples are half-orders, which in practice are
 *     much weaker than the integer orders (odd < ½ even); if f is the real 1X they are integer orders (odd ≥ ½ even).
 *     - 0.5X trap (candidate c is really a half-order): a line at 2c is stronger than c and c's odd multiples are weak
 *       → move to 2c.
 *     - 2X trap (candidate c is really 2X, e.g. looseness with 2X > 1X): c/2 is a line of at least 50 % of c and the
 *       odd multiples of c/2 are not weak → move to c/2.
 *  Spectral "lines" are local maxima that are not Hann sidelobes of a much stronger neighbour (−26 dB within ±6 bins).
 *  4. No candidate at all → hz null (no periodic content: nothing to diagnose against).
 */

/** Where a shaft speed came from. */
export type SpeedSource = 'nominal_refined' | 'nominal' | 'estimated' | 'none'

/** A window's shaft speed. */
export interface ShaftSpeed {
  /** 1X frequency in Hz; null when no speed could be found ('none'). */
  hz: number | null
  source: SpeedSource
  /** True unless the speed rests on a nominal speed given by the user. */
  estimated: boolean
}

/** Options of the speed search. */
export interface SpeedSearchOptions {
  /** Nominal 1X in Hz (rpm / 60). */
  nominalHz?: number | null
  /** Relative half-width of the refinement band around the nominal (default 0.05). */
  refineTolerance?: number
  /** Plausible 1X range for the estimator (default 10–100 Hz). */
  minHz?: number
  maxHz?: number
}

/** Minimum peak height over the noise floor to count as a spectral line. */
const PEAK_OVER_FLOOR = 3
/** Half-width, in bins, of the search around an expected order frequency. */
const ORDER_TOLERANCE_BINS = 2

const INTEGER_ORDERS = [2, 3, 4, 5, 6, 7, 8]
const HALF_ORDERS = [0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5]
const MAX_CANDIDATES = 16
/** Odd/even multiple balance separating "f is the fundamental" (≥) from "f is a half-order" (<). */
const ODD_EVEN_RATIO = 0.5
/** A local maximum weaker than this fraction of the largest amplitude within ±SIDELOBE_BINS is a window sidelobe. */
const SIDELOBE_FRACTION = 0.05
const SIDELOBE_BINS = 6

/** Largest amplitude within ±tolBins of `hz`, or null when that frequency is outside the spectrum. */
export function amplitudeNear(spectrum: ArrayLike<number>, binHz: number, hz: number, tolBins = ORDER_TOLERANCE_BINS): number | null {
  const center = Math.round(hz / binHz)
  if (center < 1 || center >= spectrum.length - 1) return null
  const lo = Math.max(1, center - tolBins)
  const hi = Math.min(spectrum.length - 1, center + tolBins)
  let best = 0
  for (let k = lo; k <= hi; k++) if (spectrum[k] > best) best = spectrum[k]
  return best
}

/** Sub-bin peak position (in bins) by a parabola through the log amplitudes around local maximum k (Gaussian fit). */
export function interpolatePeak(spectrum: ArrayLike<number>, k: number): number {
  if (k <= 0 || k >= spectrum.length - 1) return k
  const a = Math.log(Math.max(spectrum[k - 1], 1e-300))
  const b = Math.log(Math.max(spectrum[k], 1e-300))
  const c = Math.log(Math.max(spectrum[k + 1], 1e-300))
  const denom = a - 2 * b + c
  if (!(denom < 0)) return k
  const delta = (0.5 * (a - c)) / denom
  return k + Math.max(-0.5, Math.min(0.5, delta))
}

/**
 * A spectral line: a local maximum that is not just a sidelobe of a much stronger neighbour (Hann sidelobes are
 * ≤ −31 dB, so anything below −26 dB of the largest amplitude within ±6 bins is ignored).
 */
function isLine(spectrum: ArrayLike<number>, k: number): boolean {
  if (!(spectrum[k] >= spectrum[k - 1] && spectrum[k] > spectrum[k + 1])) return false
  const limit = spectrum[k] / SIDELOBE_FRACTION
  for (let j = Math.max(0, k - SIDELOBE_BINS); j <= Math.min(spectrum.length - 1, k + SIDELOBE_BINS); j++) {
    if (spectrum[j] > limit) return false
  }
  return true
}

/** Speed from a nominal 1X, refined to the strongest peak within ±tolerance (see module comment). */
export function refineNominalSpeed(
  spectrum: ArrayLike<number>,
  binHz: number,
  floor: number,
  nominalHz: number,
  tolerance = 0.05,
): ShaftSpeed {
  const lo = Math.max(1, Math.ceil((nominalHz * (1 - tolerance)) / binHz))
  const hi = Math.min(spectrum.length - 2, Math.floor((nominalHz * (1 + tolerance)) / binHz))
  let bestBin = -1
  for (let k = lo; k <= hi; k++) {
    if (!isLine(spectrum, k)) continue
    if (bestBin < 0 || spectrum[k] > spectrum[bestBin]) bestBin = k
  }
  if (bestBin >= 0 && spectrum[bestBin] >= PEAK_OVER_FLOOR * floor) {
    const hz = interpolatePeak(spectrum, bestBin) * binHz
    // The interpolated position may step just outside the band; clamp so the refinement never exceeds ±tolerance.
    const clamped = Math.min(nominalHz * (1 + tolerance), Math.max(nominalHz * (1 - tolerance), hz))
    return { hz: clamped, source: 'nominal_refined', estimated: false }
  }
  return { hz: nominalHz, source: 'nominal', estimated: false }
}

/** Salience of the line nearest `hz`: ln(A / (PEAK_OVER_FLOOR·floor)), ≥ 0. */
function salience(spectrum: ArrayLike<number>, binHz: number, floor: number, hz: number): number {
  const a = amplitudeNear(spectrum, binHz, hz)
  if (a === null || floor <= 0) return 0
  const s = Math.log(a / (PEAK_OVER_FLOOR * floor))
  return s > 0 ? s : 0
}

/** Comb score of a candidate fundamental (see module comment). */
function combScore(spectrum: ArrayLike<number>, binHz: number, floor: number, f0: number): number {
  let score = 2 * salience(spectrum, binHz, floor, f0)
  for (const h of INTEGER_ORDERS) score += salience(spectrum, binHz, floor, h * f0)
  for (const h of HALF_ORDERS) score += 0.5 * salience(spectrum, binHz, floor, h * f0)
  return score
}

/**
 * Summed amplitude above 2 × floor of the odd (1, 3, 5, 7) and of the even (2, 4, 6, 8) multiples of f. If f is a
 * half-order of the real shaft speed, its odd multiples are half-orders and its even multiples are integer orders.
 */
function oddEven(spectrum: ArrayLike<number>, binHz: number, floor: number, f: number): { odd: number; even: number } {
  let odd = 0
  let even = 0
  for (let h = 1; h <= 8; h++) {
    const a = Math.max(0, (amplitudeNear(spectrum, binHz, h * f) ?? 0) - 2 * floor)
    if (h % 2 === 1) odd += a
    else even += a
  }
  return { odd, even }
}

/** Refined frequency of the strongest local peak within ±tolBins of `hz`, or null. */
function peakNear(spectrum: ArrayLike<number>, binHz: number, hz: number, tolBins = ORDER_TOLERANCE_BINS): number | null {
  const center = Math.round(hz / binHz)
  let best = -1
  for (let k = Math.max(1, center - tolBins); k <= Math.min(spectrum.length - 2, center + tolBins); k++) {
    if (isLine(spectrum, k) && (best < 0 || spectrum[k] > spectrum[best])) best = k
  }
  return best < 0 ? null : interpolatePeak(spectrum, best) * binHz
}

/** Shaft speed estimated from the spectrum alone (see module comment). */
export function estimateShaftSpeed(
  spectrum: ArrayLike<number>,
  binHz: number,
  floor: number,
  options: { minHz?: number; maxHz?: number } = {},
): ShaftSpeed {
  const minHz = options.minHz ?? 10
  const maxHz = options.maxHz ?? 100
  const lo = Math.max(1, Math.ceil(minHz / binHz))
  const hi = Math.min(spectrum.length - 2, Math.floor(maxHz / binHz))
  const threshold = PEAK_OVER_FLOOR * floor
  // Collect the strongest local peaks in range.
  const peaks: number[] = []
  for (let k = lo; k <= hi; k++) if (spectrum[k] >= threshold && isLine(spectrum, k)) peaks.push(k)
  if (peaks.length === 0) return { hz: null, source: 'none', estimated: true }
  peaks.sort((a, b) => spectrum[b] - spectrum[a])
  peaks.length = Math.min(peaks.length, MAX_CANDIDATES)

  let bestHz = 0
  let bestScore = -1
  for (const k of peaks) {
    const f0 = interpolatePeak(spectrum, k) * binHz
    const score = combScore(spectrum, binHz, floor, f0)
    if (score > bestScore) {
      bestScore = score
      bestHz = f0
    }
  }

  // 0.5X trap: the chosen line is a half-order of a stronger fundamental at twice its frequency.
  const double = peakNear(spectrum, binHz, 2 * bestHz)
  if (double !== null && double <= maxHz * 1.05) {
    const a1 = amplitudeNear(spectrum, binHz, bestHz) ?? 0
    const a2 = amplitudeNear(spectrum, binHz, double) ?? 0
    const { odd, even } = oddEven(spectrum, binHz, floor, bestHz)
    if (a2 > a1 && odd < ODD_EVEN_RATIO * even) bestHz = double
  }
  // 2X trap: the chosen line is the second harmonic of a fundamental at half its frequency.
  const half = peakNear(spectrum, binHz, bestHz / 2)
  if (half !== null && half >= minHz * 0.95) {
    const a1 = amplitudeNear(spectrum, binHz, bestHz) ?? 0
    const ah = amplitudeNear(spectrum, binHz, half) ?? 0
    const { odd, even } = oddEven(spectrum, binHz, floor, half)
    if (ah >= 0.5 * a1 && odd >= ODD_EVEN_RATIO * even) bestHz = half
  }
  return { hz: bestHz, source: 'estimated', estimated: true }
}

/** Shaft speed: refined nominal when given, else estimated. */
export function shaftSpeed(spectrum: ArrayLike<number>, binHz: number, floor: number, options: SpeedSearchOptions = {}): ShaftSpeed {
  if (options.nominalHz != null && options.nominalHz > 0) {
    return refineNominalSpeed(spectrum, binHz, floor, options.nominalHz, options.refineTolerance ?? 0.05)
  }
  return estimateShaftSpeed(spectrum, binHz, floor, options)
}
