/**
 * One channel, end to end: cut into windows, features of each window (extract), each window judged (judge.ts) and the
 * channel summarised (majority vote of the judged windows). Extraction and judging are separate steps, so a caller can
 * extract first and decide on the baseline afterwards (the provisional baseline is learned from the windows themselves).
 */

import { baselineFromFeatures, FAULT_CODES, majorityVote, type FaultCode, type FaultType, type HealthyBaseline } from './classify'
import { createFeatureExtractor, DEFAULT_WINDOW_SIZE, type WindowFeatures } from './features'
import { isoZone, type Foundation, type IsoGroup, type IsoZone, type VibrationUnit } from './iso'
import { judgeWindow, type DiagnosisStatus, type JudgeContext, type WindowJudgement } from './judge'
import { prepareSignal, windowCount, windowSpan, type SignalProblemCode } from './signal'
import { type SpeedSource } from './speed'
import { median } from './stats'

/** Input of `diagnoseChannel` and `baselineFromChannel`. */
export interface ChannelInput {
  /** Time column, seconds, strictly increasing. */
  time: ArrayLike<number>
  /** One waveform (channel), same length as time. */
  values: ArrayLike<number>
  /** Nominal shaft speed, r/min. Without it the speed is estimated from each spectrum. */
  nominalRpm?: number | null
  unit: VibrationUnit
  /** Samples per window (power of two ≥ 16, default 2048). */
  windowSize?: number
  /** Relative time-step tolerance before resampling (default 0.01). */
  jitterTolerance?: number
}

/** Input of `diagnoseChannel`. */
export interface DiagnoseChannelInput extends ChannelInput {
  isoGroup?: IsoGroup | null
  foundation?: Foundation | null
  baseline?: HealthyBaseline | null
}

/** The subset of features reported (and stored) per window. */
export interface WindowFeatureSummary {
  rms: number
  peak: number
  crest: number
  kurtosis: number
  noiseFloor: number
  shaftHz: number | null
  speedSource: SpeedSource
  speedEstimated: boolean
  /** Amplitudes at 0.5X … 8X (see ORDERS). */
  orders: (number | null)[]
  velocityRms: number | null
  /** Strongest line that is not 1X (absent in windows stored before it was kept). */
  otherPeak?: number
}

/** One window with its features, before judging. */
export interface ExtractedWindow {
  index: number
  /** Window span on the recording's time axis, seconds: [startTime, endTime). */
  startTime: number
  endTime: number
  features: WindowFeatures
}

/** Result of `extractChannelFeatures`. */
export type ChannelFeatures =
  | { ok: true; windows: ExtractedWindow[]; sampleRate: number; resampled: boolean }
  | { ok: false; code: SignalProblemCode | 'shorter_than_window'; row?: number }

/** Diagnosis of one window of a channel. */
export interface WindowDiagnosis extends WindowJudgement {
  index: number
  startTime: number
  endTime: number
  features: WindowFeatureSummary
}

/** Channel-level result. */
export interface ChannelSummary {
  /** 'no_baseline' when none of its windows could be judged. */
  status: DiagnosisStatus
  faultType: FaultType | null
  code: FaultCode | 'no_baseline'
  /** Mean confidence of the windows that voted for the winning class (null when not judged). */
  confidence: number | null
  /** Votes of the judged windows per fault type [normal, unbalance, looseness, both]. */
  votes: [number, number, number, number]
  windowCount: number
  /** Median shaft speed over windows, Hz. */
  shaftHz: number | null
  speedEstimated: boolean
  /** RMS over windows of the broadband velocity, mm/s (null when the unit is unknown). */
  velocityRms: number | null
  isoZone: IsoZone
  sampleRate: number
  /** True when the time column was uneven and the channel was resampled. */
  resampled: boolean
  hasBaseline: boolean
}

/** Result of `diagnoseChannel`. */
export type ChannelDiagnosisResult =
  | { ok: true; windows: WindowDiagnosis[]; summary: ChannelSummary }
  | { ok: false; code: SignalProblemCode | 'shorter_than_window'; row?: number }

/** Result of `baselineFromChannel`. */
export type BaselineResult =
  | { ok: true; baseline: HealthyBaseline }
  | { ok: false; code: SignalProblemCode | 'shorter_than_window'; row?: number }

/**
 * Features of every window of a channel. Without a nominal speed a channel-wide speed is estimated first (median of the
 * per-window estimates, robust to the odd octave error) and each window is then refined within ±5 % of it, still marked
 * as estimated.
 */
export function extractChannelFeatures(input: ChannelInput): ChannelFeatures {
  return runToEnd(extractChannelFeatureSteps(input))
}

/** A stepped computation (a generator that pauses between steps) run without pausing: its result. */
export function runToEnd<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
  }
}

/**
 * Windows worked through between two pauses of `extractChannelFeatureSteps`: a 2,048-sample window costs 1–4 ms on the
 * server, so a caller sharing its thread holds it ~10–30 ms at a time (a whole 190,000-sample channel held it
 * 150–350 ms, which is what the dashboard's p99 during an upload's diagnosis was made of).
 */
export const WINDOWS_PER_STEP = 8

/** `extractChannelFeatures` in steps: pauses after every `WINDOWS_PER_STEP` windows (speed estimates and features). */
export function* extractChannelFeatureSteps(input: ChannelInput): Generator<void, ChannelFeatures, void> {
  const prepared = prepareSignal(input.time, input.values, { jitterTolerance: input.jitterTolerance })
  if (!prepared.ok) return prepared
  const { signal } = prepared
  const windowSize = input.windowSize ?? DEFAULT_WINDOW_SIZE
  const count = windowCount(signal.values.length, windowSize)
  if (count === 0) return { ok: false, code: 'shorter_than_window' }
  const nominalHz = input.nominalRpm != null && input.nominalRpm > 0 ? input.nominalRpm / 60 : null
  const extractor = createFeatureExtractor({ windowSize, sampleRate: signal.sampleRate, unit: input.unit, nominalHz })

  let reference = nominalHz
  if (reference === null) {
    const estimates: number[] = []
    for (let w = 0; w < count; w++) {
      const hz = extractor.extract(signal.values, w * windowSize, null).speed.hz
      if (hz !== null) estimates.push(hz)
      if ((w + 1) % WINDOWS_PER_STEP === 0) yield
    }
    reference = estimates.length > 0 ? median(estimates) : null
  }
  const windows: ExtractedWindow[] = []
  for (let w = 0; w < count; w++) {
    let features = extractor.extract(signal.values, w * windowSize, reference)
    if (nominalHz === null) {
      // The reference came from the spectrum, not from the user: keep the speed marked as estimated.
      features = { ...features, speed: { hz: features.speed.hz, source: reference === null ? 'none' : 'estimated', estimated: true } }
    }
    windows.push({ index: w, ...windowSpan(signal, w, windowSize), features })
    if ((w + 1) % WINDOWS_PER_STEP === 0 && w + 1 < count) yield
  }
  return { ok: true, windows, sampleRate: signal.sampleRate, resampled: signal.resampled }
}

/** What is stored of a window's features. */
export function summarizeFeatures(f: WindowFeatures): WindowFeatureSummary {
  return {
    rms: f.rms,
    peak: f.peak,
    crest: f.crest,
    kurtosis: f.kurtosis,
    noiseFloor: f.noiseFloor,
    shaftHz: f.speed.hz,
    speedSource: f.speed.source,
    speedEstimated: f.speed.estimated,
    orders: f.orders,
    velocityRms: f.velocityRms,
    otherPeak: f.otherPeak,
  }
}

/**
 * Window features back from a stored summary, for judging stored windows again (a missing `otherPeak` reads as the
 * largest non-1X order line: it only matters to the shape rules without a baseline).
 */
export function featuresFromSummary(s: WindowFeatureSummary): WindowFeatures {
  const otherPeak = s.otherPeak ?? Math.max(0, ...s.orders.filter((v, i): v is number => v !== null && i !== 1))
  return {
    rms: s.rms,
    peak: s.peak,
    crest: s.crest,
    kurtosis: s.kurtosis,
    noiseFloor: s.noiseFloor,
    speed: { hz: s.shaftHz, source: s.speedSource, estimated: s.speedEstimated },
    orders: s.orders,
    otherPeak,
    velocityRms: s.velocityRms,
  }
}

/** Judges every extracted window of a channel with one context and summarises the channel. */
export function judgeChannel(extracted: Extract<ChannelFeatures, { ok: true }>, ctx: JudgeContext): { windows: WindowDiagnosis[]; summary: ChannelSummary } {
  const windows: WindowDiagnosis[] = extracted.windows.map(({ index, startTime, endTime, features }) => ({
    index,
    startTime,
    endTime,
    features: summarizeFeatures(features),
    ...judgeWindow(features, ctx),
  }))
  return { windows, summary: summarize(windows, ctx, extracted.sampleRate, extracted.resampled) }
}

/** Diagnoses every window of a channel and summarises the channel (extract, then judge). */
export function diagnoseChannel(input: DiagnoseChannelInput): ChannelDiagnosisResult {
  const extracted = extractChannelFeatures(input)
  if (!extracted.ok) return extracted
  return { ok: true, ...judgeChannel(extracted, { baseline: input.baseline ?? null, unit: input.unit, isoGroup: input.isoGroup, foundation: input.foundation }) }
}

/** Builds a healthy baseline (medians and alarm bands) from a normal channel of the same machine and sensor. */
export function baselineFromChannel(input: ChannelInput): BaselineResult {
  const result = extractChannelFeatures(input)
  if (!result.ok) return result
  const baseline = baselineFromFeatures(result.windows.map((w) => w.features))
  return baseline ? { ok: true, baseline } : { ok: false, code: 'shorter_than_window' }
}

/** Majority vote of the judged windows and channel-level figures. */
function summarize(windows: WindowDiagnosis[], ctx: JudgeContext, sampleRate: number, resampled: boolean): ChannelSummary {
  const judged = windows.filter((w): w is WindowDiagnosis & { faultType: FaultType; confidence: number } => w.faultType !== null && w.confidence !== null)
  const { faultType: winner, confidence, votes } = majorityVote(judged)
  const notJudged = windows.length > 0 && judged.length === 0
  const speeds = windows.map((w) => w.features.shaftHz).filter((v): v is number => v !== null)
  const velocities = windows.map((w) => w.features.velocityRms).filter((v): v is number => v !== null)
  const velocityRms = velocities.length > 0 ? Math.sqrt(velocities.reduce((s, v) => s + v * v, 0) / velocities.length) : null
  return {
    status: notJudged ? 'no_baseline' : 'diagnosed',
    faultType: notJudged ? null : winner,
    code: notJudged ? 'no_baseline' : FAULT_CODES[winner],
    confidence: notJudged ? null : confidence,
    votes,
    windowCount: windows.length,
    shaftHz: speeds.length > 0 ? median(speeds) : null,
    speedEstimated: windows.some((w) => w.features.speedEstimated),
    velocityRms,
    isoZone: isoZone(velocityRms, ctx.isoGroup, ctx.foundation),
    sampleRate,
    resampled,
    hasBaseline: ctx.baseline != null,
  }
}
