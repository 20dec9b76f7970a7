/**
 * Rule-based fault classification of rotating-machine vibration, per window and per channel.
 *
 * Classes (the KAMP dataset's channels): 0 normal, 1 mass unbalance, 2 support looseness, 3 both.
 *
 * Evidence, from vibration practice:
 * - Unbalance: a dominant 1X, well above the noise floor, with weak harmonics.
 *   · With a healthy baseline (same machine and sensor): 1X ≥ 2.5 × the baseline's 1X (the usual "alert at 2.5 × baseline"
 *     trend rule) and ≥ 10 × floor.
 *   · Without one: 1X ≥ 20 × floor and 1X ≥ 2.5 × the strongest other line of the spectrum (it dominates). Confidence is
 *     lowered (× 0.8) because "how much 1X is normal" is then a guess.
 * - Looseness: a series of harmonics and/or half-orders and impacts. Score = number of integer harmonics 2X..8X
 *   ≥ 4 × floor + number of half-orders 0.5X, 1.5X, 2.5X, 3.5X ≥ 3.5 × floor + 1 if the waveform is impulsive
 *   (kurtosis ≥ 3.5 or crest factor ≥ 5; with a baseline also above its kurtosis + 0.5 / crest + 1). With a baseline an
 *   order only counts when it is also ≥ 2 × the baseline's amplitude at that order (lines the healthy machine already
 *   has are not evidence). Looseness when the score is ≥ 3: a single 2X (common with unbalance) is not a series.
 *   (Noise alone rarely fakes a line: the floor is a median of Rayleigh-distributed bin amplitudes, and the chance that the
 *   largest of the 5 bins around an order exceeds 4 × the median is ≈ 1e−4, so three chance lines are negligible.)
 * - Both: both kinds of evidence.
 *
 * Confidence (0..1): each kind of evidence gets a soft degree — for ratio tests x/threshold, d = r⁴/(1 + r⁴) with
 * r = x/threshold (0.5 on the threshold, 0.94 at twice it); for the looseness score, the logistic 1/(1 + e^(−1.5·(score −
 * 2.5))). The confidence is the degree of the decision taken on each axis (d if present, 1 − d if absent) multiplied
 * together, × 0.8 without a baseline, × 0.9 when the speed was estimated rather than given. Without any shaft speed
 * (no periodic line at all) the window is normal with confidence 0.3.
 *
 * These are the rules. Which of them a stored window is judged by (a baseline, ISO severity, or not at all when there is
 * neither) is the policy in judge.ts: without a baseline the shape rules alone never call a fault.
 *
 * Channel summary: majority vote over windows; ties go to the class with the larger summed confidence, then to the
 * higher class number (a fault rather than normal). The summary confidence is the mean confidence of the winning windows.
 */

import { computeBands, type BandCrossing, type SensorBands } from './bands'
import { orderIndex, ORDERS, type WindowFeatures } from './features'
import { type IsoZone } from './iso'
import { median } from './stats'

/** 0 normal, 1 unbalance, 2 looseness, 3 both. */
export type FaultType = 0 | 1 | 2 | 3
/** Reason code matching a fault type. */
export type FaultCode = 'normal' | 'unbalance' | 'looseness' | 'both'
export const FAULT_CODES: readonly FaultCode[] = ['normal', 'unbalance', 'looseness', 'both']

/** Tunable thresholds (exported so documentation and tests refer to the same numbers). */
export const RULES = {
  harmonicOverFloor: 4,
  halfOrderOverFloor: 3.5,
  baselineOrderRise: 2,
  unbalanceBaselineRatio: 2.5,
  unbalanceMinOverFloorWithBaseline: 10,
  unbalanceOverFloor: 20,
  unbalanceDominance: 2.5,
  impulsiveKurtosis: 3.5,
  impulsiveCrest: 5,
  loosenessScore: 3,
  noBaselineFactor: 0.8,
  estimatedSpeedFactor: 0.9,
  noSpeedConfidence: 0.3,
} as const

const HARMONIC_ORDERS = [2, 3, 4, 5, 6, 7, 8]
const HALF_ORDERS = [0.5, 1.5, 2.5, 3.5]

/** Features of a healthy recording of the same machine and sensor. */
export interface HealthyBaseline {
  /** Median amplitude at each of `ORDERS` (null where no window had a value). */
  orders: (number | null)[]
  /** Median noise floor. */
  noiseFloor: number
  /** Median kurtosis and crest factor. */
  kurtosis: number
  crest: number
  /** Median AC RMS. */
  rms: number
  /** Median shaft speed (Hz), null when none was found. */
  shaftHz: number | null
  /** Number of windows it was built from. */
  windowCount: number
  /** Alarm bands over the same windows (bands.ts); absent in baselines stored before the bands existed. */
  bands?: SensorBands
}

/** How a window was judged: against a baseline, by its absolute ISO 20816-3 severity, or not at all. */
export type JudgementBasis = 'baseline' | 'iso' | 'none'
/** What a window judged without a baseline lacked: a baseline, the signal unit, the ISO group/foundation. */
export type MissingInput = 'baseline' | 'unit' | 'iso_class'

/** Structured explanation of a window's classification (numbers, no sentences: see reasonText). */
export interface DiagnosisReason {
  /** The outcome; 'no_baseline' when there was nothing to judge the window against (fault type null). */
  code: FaultCode | 'no_baseline'
  /** 1X amplitude / noise floor (null without a speed). */
  oneX_overFloor: number | null
  /** 2X / 1X amplitude (null without a speed). */
  twoX_over_oneX: number | null
  /** 1X / strongest other spectral line (null without a speed). */
  oneX_dominance: number | null
  /** Integer harmonics 2X..8X counted as present (0..7). */
  harmonicCount: number
  /** Half-orders 0.5X..3.5X counted as present (0..4). */
  halfOrderCount: number
  crest: number
  kurtosis: number
  /** Kurtosis or crest factor above the impulsiveness thresholds. */
  impulsive: boolean
  /** 1X / baseline 1X (null without a baseline or a speed). */
  baselineRatio1X: number | null
  hasBaseline: boolean
  speedEstimated: boolean
  /** No periodic line was found: the shaft speed is unknown. */
  speedMissing: boolean
  /** Soft degrees (0..1) of the two kinds of evidence. */
  unbalanceDegree: number
  loosenessDegree: number
  /** How it was judged (judge.ts); absent in results stored before the policy existed (read: baseline or shape). */
  basis?: JudgementBasis
  /** The sensor's alarm bands this window is outside of (judged against a baseline with bands). */
  bands?: BandCrossing[]
  /** The rules saw a fault pattern, but the window stayed inside every band: called normal. */
  withinBands?: boolean
  /** Judged by ISO severity: the zone and the broadband velocity (mm/s) it came from. */
  zone?: IsoZone
  velocityRms?: number | null
  /** Not judged: what was missing. */
  missing?: MissingInput[]
}

/** Classification of one window. */
export interface WindowClassification {
  faultType: FaultType
  confidence: number
  reason: DiagnosisReason
}

/** r⁴ / (1 + r⁴) with r = value / threshold: 0.5 on the threshold. */
export function ratioDegree(value: number, threshold: number): number {
  if (!(value > 0)) return 0
  const r4 = (value / threshold) ** 4
  return Number.isFinite(r4) ? r4 / (1 + r4) : 1
}

function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x))
}

/** Classifies one window's features, optionally against a healthy baseline (see module comment). */
export function classifyWindow(features: WindowFeatures, baseline?: HealthyBaseline | null): WindowClassification {
  const hasBaseline = baseline != null
  const speedEstimated = features.speed.estimated
  const floor = features.noiseFloor > 0 ? features.noiseFloor : Number.MIN_VALUE
  const oneX = features.orders[orderIndex(1)]
  if (features.speed.hz === null || oneX === null) {
    return {
      faultType: 0,
      confidence: RULES.noSpeedConfidence,
      reason: {
        code: 'normal',
        oneX_overFloor: null,
        twoX_over_oneX: null,
        oneX_dominance: null,
        harmonicCount: 0,
        halfOrderCount: 0,
        crest: features.crest,
        kurtosis: features.kurtosis,
        impulsive: isImpulsive(features, baseline),
        baselineRatio1X: null,
        hasBaseline,
        speedEstimated,
        speedMissing: true,
        unbalanceDegree: 0,
        loosenessDegree: 0,
      },
    }
  }

  // An order line counts when it stands above the floor and, with a baseline, has risen from the healthy level.
  const present = (order: number, overFloor: number) => {
    const a = features.orders[orderIndex(order)]
    if (a === null || a < overFloor * floor) return false
    const b = baseline?.orders[orderIndex(order)]
    return b == null || a >= RULES.baselineOrderRise * b
  }
  const harmonicCount = HARMONIC_ORDERS.filter((h) => present(h, RULES.harmonicOverFloor)).length
  const halfOrderCount = HALF_ORDERS.filter((h) => present(h, RULES.halfOrderOverFloor)).length
  const impulsive = isImpulsive(features, baseline)
  const looseScore = harmonicCount + halfOrderCount + (impulsive ? 1 : 0)
  const loosenessDegree = logistic(1.5 * (looseScore - (RULES.loosenessScore - 0.5)))
  const loose = looseScore >= RULES.loosenessScore

  const oneXOverFloor = oneX / floor
  const twoX = features.orders[orderIndex(2)]
  const dominance = features.otherPeak > 0 ? oneX / features.otherPeak : Number.POSITIVE_INFINITY
  let baselineRatio1X: number | null = null
  let unbalanceDegree: number
  let unbalance: boolean
  if (baseline) {
    const b1 = Math.max(baseline.orders[orderIndex(1)] ?? 0, baseline.noiseFloor, Number.MIN_VALUE)
    baselineRatio1X = oneX / b1
    unbalance = baselineRatio1X >= RULES.unbalanceBaselineRatio && oneXOverFloor >= RULES.unbalanceMinOverFloorWithBaseline
    unbalanceDegree = Math.min(
      ratioDegree(baselineRatio1X, RULES.unbalanceBaselineRatio),
      ratioDegree(oneXOverFloor, RULES.unbalanceMinOverFloorWithBaseline),
    )
  } else {
    unbalance = oneXOverFloor >= RULES.unbalanceOverFloor && dominance >= RULES.unbalanceDominance
    unbalanceDegree = Math.min(ratioDegree(oneXOverFloor, RULES.unbalanceOverFloor), ratioDegree(dominance, RULES.unbalanceDominance))
  }

  const faultType: FaultType = unbalance ? (loose ? 3 : 1) : loose ? 2 : 0
  let confidence = (unbalance ? unbalanceDegree : 1 - unbalanceDegree) * (loose ? loosenessDegree : 1 - loosenessDegree)
  if (!hasBaseline) confidence *= RULES.noBaselineFactor
  if (speedEstimated) confidence *= RULES.estimatedSpeedFactor
  return {
    faultType,
    confidence: Math.min(1, Math.max(0, confidence)),
    reason: {
      code: FAULT_CODES[faultType],
      oneX_overFloor: oneXOverFloor,
      twoX_over_oneX: twoX === null || oneX <= 0 ? null : twoX / oneX,
      oneX_dominance: Number.isFinite(dominance) ? dominance : null,
      harmonicCount,
      halfOrderCount,
      crest: features.crest,
      kurtosis: features.kurtosis,
      impulsive,
      baselineRatio1X,
      hasBaseline,
      speedEstimated,
      speedMissing: false,
      unbalanceDegree,
      loosenessDegree,
    },
  }
}

function isImpulsive(features: WindowFeatures, baseline?: HealthyBaseline | null): boolean {
  const kurtosisLimit = Math.max(RULES.impulsiveKurtosis, baseline ? baseline.kurtosis + 0.5 : 0)
  const crestLimit = Math.max(RULES.impulsiveCrest, baseline ? baseline.crest + 1 : 0)
  return features.kurtosis >= kurtosisLimit || features.crest >= crestLimit
}

/** The figures a baseline is the median of (fresh WindowFeatures or stored summaries both give them). */
export interface BaselineFigures {
  orders: readonly (number | null)[]
  noiseFloor: number
  kurtosis: number
  crest: number
  rms: number
  shaftHz: number | null
}

/** Baseline (medians and alarm bands) from the figures of healthy windows. Null for an empty list. */
export function baselineFromFigures(windows: readonly BaselineFigures[]): HealthyBaseline | null {
  if (windows.length === 0) return null
  const orders = ORDERS.map((_, i) => {
    const values = windows.map((w) => w.orders[i]).filter((v): v is number => v !== null && v !== undefined)
    return values.length > 0 ? median(values) : null
  })
  const speeds = windows.map((w) => w.shaftHz).filter((v): v is number => v !== null)
  return {
    orders,
    noiseFloor: median(windows.map((w) => w.noiseFloor)),
    kurtosis: median(windows.map((w) => w.kurtosis)),
    crest: median(windows.map((w) => w.crest)),
    rms: median(windows.map((w) => w.rms)),
    shaftHz: speeds.length > 0 ? median(speeds) : null,
    windowCount: windows.length,
    bands: computeBands(windows),
  }
}

/** Baseline from the features of healthy windows (medians and bands; see HealthyBaseline). Null for an empty list. */
export function baselineFromFeatures(windows: readonly WindowFeatures[]): HealthyBaseline | null {
  return baselineFromFigures(windows.map((w) => ({ ...w, shaftHz: w.speed.hz })))
}

/** Result of `majorityVote`. */
export interface VoteResult {
  faultType: FaultType
  /** Mean confidence of the windows that voted for the winner (0 without windows). */
  confidence: number
  votes: [number, number, number, number]
}

/**
 * Majority vote over window classifications; ties go to the larger summed confidence, then to the higher fault type
 * (a fault rather than normal). No windows → normal with confidence 0.
 */
export function majorityVote(windows: readonly Pick<WindowClassification, 'faultType' | 'confidence'>[]): VoteResult {
  const votes: [number, number, number, number] = [0, 0, 0, 0]
  if (windows.length === 0) return { faultType: 0, confidence: 0, votes }
  const confidenceSum = [0, 0, 0, 0]
  for (const w of windows) {
    votes[w.faultType]++
    confidenceSum[w.faultType] += w.confidence
  }
  let winner: FaultType = 0
  for (const t of [1, 2, 3] as const) {
    if (votes[t] > votes[winner] || (votes[t] === votes[winner] && confidenceSum[t] >= confidenceSum[winner])) winner = t
  }
  return { faultType: winner, confidence: votes[winner] > 0 ? confidenceSum[winner] / votes[winner] : 0, votes }
}
