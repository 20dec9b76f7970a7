/**
 * A whole recording, diagnosed channel by channel, against the baseline chosen by baselines.ts (own Normal channel,
 * marked, provisional, none) and judged by judge.ts. Extraction (the expensive part) and judging are separate steps: the
 * store extracts first, then settles the sensor's provisional baseline with the fresh windows, then judges.
 * And the view of one window: its min/max envelope and amplitude spectrum with order markers, recomputed from the samples.
 */

import { chooseBaseline, type BaselineOffer, type BaselineSource } from './baselines'
import { extractChannelFeatureSteps, judgeChannel, runToEnd, type ChannelDiagnosisResult, type ChannelFeatures } from './channel'
import { baselineFromFeatures } from './classify'
import { analyzeWindow, DEFAULT_WINDOW_SIZE, ORDERS } from './features'
import { type Foundation, type IsoGroup, type VibrationUnit } from './iso'
import { prepareSignal, windowCount, windowSpan, type SignalProblemCode } from './signal'
import { channelLabel, minMaxEnvelope, type ChannelName, type EnvelopePoint } from './views'

export type { BaselineSource }

/** Input of `extractRecordingSteps`. */
export interface RecordingSignals {
  time: ArrayLike<number>
  channels: Partial<Record<ChannelName, ArrayLike<number>>>
  nominalRpm?: number | null
  unit: VibrationUnit
  windowSize?: number
}

/** How a recording's channels are judged. */
export interface RecordingJudgeContext {
  unit: VibrationUnit
  isoGroup?: IsoGroup | null
  foundation?: Foundation | null
  /** This recording's id (reported as the baseline's recording when its own Normal channel is used). */
  recordingId?: string | null
  /** The sensor's baseline for channels without an own Normal: a marked or a provisional one. */
  sensor?: (BaselineOffer & { source: 'marked' | 'provisional' }) | null
}

/** Input of `diagnoseRecording`. */
export interface RecordingInput extends RecordingSignals, Omit<RecordingJudgeContext, 'sensor'> {
  /** The sensor's baseline (a marked one unless `source` says provisional). */
  marked?: (BaselineOffer & { source?: 'marked' | 'provisional' }) | null
}

/** One channel's extracted windows. */
export interface ExtractedChannel {
  channel: ChannelName
  features: ChannelFeatures
}

/** One channel's outcome. */
export interface RecordingChannelResult {
  channel: ChannelName
  /** The condition the channel was recorded under (layout a), else null. */
  label: number | null
  result: ChannelDiagnosisResult
  baselineSource: BaselineSource
  baselineRecordingId: string | null
}

const CHANNEL_ORDER: readonly ChannelName[] = ['normal', 'type1', 'type2', 'type3', 'value']

/** Features of every channel of a recording, pausing within each channel (`WINDOWS_PER_STEP`) and after it. */
export function* extractRecordingSteps(input: RecordingSignals): Generator<void, ExtractedChannel[], void> {
  const out: ExtractedChannel[] = []
  for (const channel of CHANNEL_ORDER.filter((c) => input.channels[c] !== undefined)) {
    out.push({ channel, features: yield* extractChannelFeatureSteps({ time: input.time, values: input.channels[channel]!, nominalRpm: input.nominalRpm, unit: input.unit, windowSize: input.windowSize }) })
    yield
  }
  return out
}

/** The recording's own Normal channel as a baseline (layout a), or null. */
export function ownNormalOffer(extracted: readonly ExtractedChannel[], recordingId: string | null = null): BaselineOffer | null {
  const normal = extracted.find((c) => c.channel === 'normal')?.features
  const baseline = normal?.ok ? baselineFromFeatures(normal.windows.map((w) => w.features)) : null
  return baseline ? { baseline, recordingId } : null
}

/** Judges extracted channels: the own Normal channel first, else the sensor's baseline, else none (judge.ts). */
export function judgeRecording(extracted: readonly ExtractedChannel[], ctx: RecordingJudgeContext): RecordingChannelResult[] {
  const own = ownNormalOffer(extracted, ctx.recordingId ?? null)
  const choice = chooseBaseline({ ownNormal: own, marked: ctx.sensor?.source === 'marked' ? ctx.sensor : null, provisional: ctx.sensor?.source === 'provisional' ? ctx.sensor : null })
  return extracted.map(({ channel, features }) => ({
    channel,
    label: channelLabel(channel),
    result: features.ok ? { ok: true as const, ...judgeChannel(features, { baseline: choice.baseline, unit: ctx.unit, isoGroup: ctx.isoGroup, foundation: ctx.foundation }) } : features,
    baselineSource: choice.source,
    baselineRecordingId: choice.recordingId,
  }))
}

/** Diagnoses every channel of a recording against the baseline chosen by the module's rule (see module comment). */
export function diagnoseRecording(input: RecordingInput): RecordingChannelResult[] {
  return runToEnd(diagnoseRecordingSteps(input))
}

/**
 * `diagnoseRecording` in steps: the generator pauses every `WINDOWS_PER_STEP` windows of a channel, after each channel's
 * extraction and once before judging, so a caller sharing a thread with other work can let it run between steps. Same
 * results.
 */
export function* diagnoseRecordingSteps(input: RecordingInput): Generator<void, RecordingChannelResult[], void> {
  const extracted = yield* extractRecordingSteps(input)
  yield
  const sensor = input.marked ? { ...input.marked, source: input.marked.source ?? ('marked' as const) } : null
  return judgeRecording(extracted, { unit: input.unit, isoGroup: input.isoGroup, foundation: input.foundation, recordingId: input.recordingId, sensor })
}

/** Input of `describeWindow`. */
export interface WindowViewInput {
  time: ArrayLike<number>
  values: ArrayLike<number>
  index: number
  unit: VibrationUnit
  /** The shaft speed the diagnosis found for this window (Hz), for the order markers. */
  shaftHz: number | null
  windowSize?: number
  /** Envelope buckets (default 512: 4 samples each for a 2,048-sample window). */
  buckets?: number
}

/** What the window view draws. */
export interface WindowView {
  index: number
  windowCount: number
  startTime: number
  endTime: number
  sampleRate: number
  envelope: EnvelopePoint[]
  /** Spectrum bins above DC: frequency (Hz) and amplitude. */
  spectrum: { hz: number; amplitude: number }[]
  /** Orders 0.5X … 8X below the Nyquist frequency. */
  markers: { order: number; hz: number }[]
}

/** The waveform envelope and spectrum of window `index` of a channel, or why there is none. */
export function describeWindow(input: WindowViewInput): { ok: true; view: WindowView } | { ok: false; code: SignalProblemCode | 'no_such_window' } {
  const prepared = prepareSignal(input.time, input.values)
  if (!prepared.ok) return prepared
  const { signal } = prepared
  const size = input.windowSize ?? DEFAULT_WINDOW_SIZE
  const count = windowCount(signal.values.length, size)
  if (!Number.isInteger(input.index) || input.index < 0 || input.index >= count) return { ok: false, code: 'no_such_window' }
  const offset = input.index * size
  const span = windowSpan(signal, input.index, size)
  const analysis = analyzeWindow(signal.values.subarray(offset, offset + size), { sampleRate: signal.sampleRate, unit: input.unit })
  const spectrum: WindowView['spectrum'] = []
  for (let k = 1; k < analysis.spectrum.length; k++) spectrum.push({ hz: k * analysis.binHz, amplitude: analysis.spectrum[k] })
  const nyquist = signal.sampleRate / 2
  const markers = input.shaftHz ? ORDERS.map((order) => ({ order, hz: order * input.shaftHz! })).filter((m) => m.hz < nyquist) : []
  return {
    ok: true,
    view: {
      index: input.index,
      windowCount: count,
      startTime: span.startTime,
      endTime: span.endTime,
      sampleRate: signal.sampleRate,
      envelope: minMaxEnvelope(signal.values, offset, size, input.buckets ?? 512, span.startTime, signal.sampleRate),
      spectrum,
      markers,
    },
  }
}
