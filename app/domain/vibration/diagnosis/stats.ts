/**
 * Small numeric helpers shared by the diagnosis module: in-place selection (quickselect) for medians and the time-domain
 * statistics of one window.
 */

/**
 * Rearranges a[lo..hi] (inclusive) so that a[k] holds the value it would have if that range were sorted (Hoare
 * quickselect with median-of-three pivots; O(n) on average). Returns a[k].
 */
export function selectInPlace(a: Float64Array, k: number, lo = 0, hi = a.length - 1): number {
  while (hi > lo) {
    const mid = (lo + hi) >> 1
    // Median-of-three pivot guards against sorted input.
    let x = a[lo]
    let y = a[mid]
    let z = a[hi]
    if (x > y) [x, y] = [y, x]
    if (y > z) [y, z] = [z, y]
    if (x > y) [x, y] = [y, x]
    const pivot = y
    let i = lo
    let j = hi
    while (i <= j) {
      while (a[i] < pivot) i++
      while (a[j] > pivot) j--
      if (i <= j) {
        const t = a[i]
        a[i] = a[j]
        a[j] = t
        i++
        j--
      }
    }
    if (k <= j) hi = j
    else if (k >= i) lo = i
    else return a[k]
  }
  return a[k]
}

/**
 * Median of source[from..to] (inclusive), using `scratch` (length ≥ to − from + 1) as working space so the source is left
 * untouched and nothing is allocated. For an even count, the mean of the two middle values. NaN for an empty range.
 */
export function medianOfRange(source: ArrayLike<number>, from: number, to: number, scratch?: Float64Array): number {
  const count = to - from + 1
  if (count <= 0) return Number.NaN
  const work = scratch && scratch.length >= count ? scratch : new Float64Array(count)
  for (let i = 0; i < count; i++) work[i] = source[from + i]
  const upper = selectInPlace(work, count >> 1, 0, count - 1)
  if (count % 2 === 1) return upper
  // After selection every value left of count/2 is ≤ upper; the lower middle is their maximum.
  let lower = -Infinity
  for (let i = 0; i < count >> 1; i++) if (work[i] > lower) lower = work[i]
  return (lower + upper) / 2
}

/** Median of a list of numbers (NaN when empty). Allocates; for small lists. */
export function median(values: readonly number[]): number {
  return medianOfRange(values, 0, values.length - 1)
}

/** Time-domain statistics of one window. */
export interface TimeStats {
  /** Mean (the DC offset), removed before the other statistics. */
  mean: number
  /** Root mean square of the signal minus its mean (AC RMS). */
  rms: number
  /** Largest absolute deviation from the mean. */
  peak: number
  /** peak / rms; 0 for a flat window. A pure sine reads √2 ≈ 1.414, Gaussian noise typically 3–4.5. */
  crest: number
  /**
   * Pearson kurtosis (NOT excess): m4 / m2² with central population moments. Gaussian noise ≈ 3, a pure sine 1.5,
   * impacts push it well above 3. 0 for a flat window.
   */
  kurtosis: number
}

/** Computes `TimeStats` of samples[offset .. offset + n − 1] in two passes, without allocating. */
export function timeStats(samples: ArrayLike<number>, offset: number, n: number): TimeStats {
  let sum = 0
  for (let i = 0; i < n; i++) sum += samples[offset + i]
  const mean = n > 0 ? sum / n : 0
  let m2 = 0
  let m4 = 0
  let peak = 0
  for (let i = 0; i < n; i++) {
    const d = samples[offset + i] - mean
    const d2 = d * d
    m2 += d2
    m4 += d2 * d2
    const ad = Math.abs(d)
    if (ad > peak) peak = ad
  }
  if (n === 0 || m2 === 0) return { mean, rms: 0, peak: 0, crest: 0, kurtosis: 0 }
  m2 /= n
  m4 /= n
  const rms = Math.sqrt(m2)
  return { mean, rms, peak, crest: peak / rms, kurtosis: m4 / (m2 * m2) }
}
