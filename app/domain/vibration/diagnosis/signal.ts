/**
 * Turning a recording's (time, value) columns into a uniformly sampled signal and cutting it into analysis windows.
 *
 * Rules:
 * - Both columns must have the same length, at least 2 rows, finite numbers, and strictly increasing time.
 * - The time column counts as even when every step is within `jitterTolerance` (default 1 %) of the median step; CSV
 *   exports that round the time to a few decimals stay "even". The sample rate of an even column is
 *   (n − 1) / (t_last − t_first), i.e. the mean step, so rounding does not bias it.
 * - An uneven column (missing rows, irregular logging) is resampled by linear interpolation onto a uniform grid whose step
 *   is the median step, from the first time to the last. Gaps are bridged by the straight line between their end points
 *   (a long gap therefore shows up as a quiet stretch, which the diagnosis treats like any other window).
 * - Windows are consecutive, non-overlapping blocks of `size` samples; a tail shorter than `size` is dropped.
 */

import { medianOfRange } from './stats'

/** Why a recording cannot be analysed. */
export type SignalProblemCode = 'length_mismatch' | 'too_short' | 'non_finite' | 'time_not_increasing' | 'time_gaps'

/** A uniformly sampled signal. */
export interface UniformSignal {
  /** Samples at startTime + i / sampleRate. */
  values: Float64Array
  /** Time of the first sample, seconds (the recording's own time axis). */
  startTime: number
  /** Samples per second. */
  sampleRate: number
  /** True when the input time column was uneven and the values were interpolated. */
  resampled: boolean
  /** Largest |step − median step| / median step found in the input time column. */
  maxJitter: number
}

/** Result of `prepareSignal`. */
export type PrepareSignalResult =
  | { ok: true; signal: UniformSignal }
  | { ok: false; code: SignalProblemCode; /** Row index of the first offending row, when there is one. */ row?: number }

/** Options of `prepareSignal`. */
export interface PrepareSignalOptions {
  /** Allowed |step − median step| / median step for the column to count as even (default 0.01). */
  jitterTolerance?: number
}

const DEFAULT_JITTER_TOLERANCE = 0.01

/** Validates the columns and returns a uniformly sampled signal (see module comment). */
export function prepareSignal(
  time: ArrayLike<number>,
  values: ArrayLike<number>,
  options: PrepareSignalOptions = {},
): PrepareSignalResult {
  const n = time.length
  if (values.length !== n) return { ok: false, code: 'length_mismatch' }
  if (n < 2) return { ok: false, code: 'too_short' }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(time[i]) || !Number.isFinite(values[i])) return { ok: false, code: 'non_finite', row: i }
    if (i > 0 && !(time[i] > time[i - 1])) return { ok: false, code: 'time_not_increasing', row: i }
  }
  const steps = new Float64Array(n - 1)
  for (let i = 1; i < n; i++) steps[i - 1] = time[i] - time[i - 1]
  const medianStep = medianOfRange(steps, 0, n - 2, new Float64Array(n - 1))
  let maxJitter = 0
  for (let i = 0; i < n - 1; i++) {
    const j = Math.abs(steps[i] - medianStep) / medianStep
    if (j > maxJitter) maxJitter = j
  }
  const tolerance = options.jitterTolerance ?? DEFAULT_JITTER_TOLERANCE
  const startTime = time[0]
  const span = time[n - 1] - startTime
  if (maxJitter <= tolerance) {
    const out = values instanceof Float64Array ? values : Float64Array.from(values)
    return { ok: true, signal: { values: out, startTime, sampleRate: (n - 1) / span, resampled: false, maxJitter } }
  }
  const sampleRate = 1 / medianStep
  // A tiny epsilon keeps the last grid point when span is an exact multiple of the step up to rounding.
  const count = Math.floor(span * sampleRate + 1e-9) + 1
  // Gaps far beyond the usual step (hostile or broken timestamps: 0, 1e-300, 1e300 …) would ask for a grid of billions
  // of points, or of Infinity: more than four times the samples there are is no recording to interpolate.
  if (!Number.isFinite(sampleRate) || !Number.isFinite(count) || count > 4 * n) return { ok: false, code: 'time_gaps' }
  return {
    ok: true,
    signal: { values: resampleLinear(time, values, startTime, sampleRate, count), startTime, sampleRate, resampled: true, maxJitter },
  }
}

/**
 * Linear interpolation of (time, values) at startTime + j / sampleRate for j = 0..count − 1. Time must be increasing;
 * points outside the time range take the nearest end value.
 */
export function resampleLinear(
  time: ArrayLike<number>,
  values: ArrayLike<number>,
  startTime: number,
  sampleRate: number,
  count: number,
): Float64Array {
  const out = new Float64Array(count)
  const n = time.length
  let i = 0
  for (let j = 0; j < count; j++) {
    const t = startTime + j / sampleRate
    while (i < n - 2 && time[i + 1] <= t) i++
    const t0 = time[i]
    const t1 = time[i + 1]
    if (t <= t0) out[j] = values[i]
    else if (t >= t1) out[j] = values[i + 1]
    else out[j] = values[i] + ((values[i + 1] - values[i]) * (t - t0)) / (t1 - t0)
  }
  return out
}

/** Number of whole windows of `size` samples in a signal of `length` samples (the shorter tail is dropped). */
export function windowCount(length: number, size: number): number {
  return size > 0 ? Math.floor(length / size) : 0
}

/** Time span of window `index`: [start, end) in seconds on the signal's time axis. */
export function windowSpan(signal: Pick<UniformSignal, 'startTime' | 'sampleRate'>, index: number, size: number) {
  return {
    startTime: signal.startTime + (index * size) / signal.sampleRate,
    endTime: signal.startTime + ((index + 1) * size) / signal.sampleRate,
  }
}
