/**
 * A whole recording, diagnosed channel by channel, with the baseline rule of the module:
 *  1. a recording that carries a Normal channel (the four-channel layout a) is its own baseline: the Normal channel was
 *     recorded on the same machine, sensor and day under healthy conditions, so it is the best reference there is;
 *  2. otherwise the baseline a planner marked for the machine's sensor (features computed when it was marked);
 *  3. otherwise none (the rules fall back to floor-relative thresholds and lower the confidence).
 * And the view of one window: its min/max envelope and amplitude spectrum with order markers, recomputed from the samples.
 */

import { diagnoseChannel, type ChannelDiagnosisResult, type HealthyBaseline, baselineFromChannel } from './classify'
import { analyzeWindow, DEFAULT_WINDOW_SIZE, ORDERS } from './features'
import { type Foundation, type IsoGroup, type VibrationUnit } from './iso'
import { prepareSignal, windowCount, windowSpan, type SignalProblemCode } from './signal'
import { channelLabel, minMaxEnvelope, type ChannelName, type EnvelopePoint } from './views'

export type BaselineSource = 'own_normal' | 'marked' | 'none'

/** Input of `diagnoseRecording`. */
export interface RecordingInput {
  time: ArrayLike<number>
  channels: Partial<Record<ChannelName, ArrayLike<number>>>
  nominalRpm?: number | null
  unit: VibrationUnit
  isoGroup?: IsoGroup | null
  foundation?: Foundation | null
  /** The baseline a planner marked for this machine's sensor. */
  marked?: { recordingId: string; baseline: HealthyBaseline } | null
  /** This recording's id (reported as the baseline's recording when its own Normal channel is used). */
  recordingId?: string | null
  windowSize?: number
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

/** Diagnoses every channel of a recording against the baseline chosen by the module's rule (see module comment). */
export function diagnoseRecording(input: RecordingInput): RecordingChannelResult[] {
  const steps = diagnoseRecordingSteps(input)
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
  }
}

/**
 * `diagnoseRecording` in steps: the generator pauses after the baseline and after each channel (each a few tens of
 * milliseconds of CPU on a seed-sized recording), so a caller sharing a thread with other work can let it run between
 * steps. Same results.
 */
export function* diagnoseRecordingSteps(input: RecordingInput): Generator<void, RecordingChannelResult[], void> {
  const common = { time: input.time, nominalRpm: input.nominalRpm, unit: input.unit, windowSize: input.windowSize }
  let baseline: HealthyBaseline | null = null
  let baselineSource: BaselineSource = 'none'
  let baselineRecordingId: string | null = null
  const normal = input.channels.normal
  if (normal) {
    const own = baselineFromChannel({ ...common, values: normal })
    if (own.ok) {
      baseline = own.baseline
      baselineSource = 'own_normal'
      baselineRecordingId = input.recordingId ?? null
    }
    yield
  }
  if (!baseline && input.marked) {
    baseline = input.marked.baseline
    baselineSource = 'marked'
    baselineRecordingId = input.marked.recordingId
  }
  const results: RecordingChannelResult[] = []
  for (const channel of CHANNEL_ORDER.filter((c) => input.channels[c] !== undefined)) {
    results.push({
      channel,
      label: channelLabel(channel),
      result: diagnoseChannel({ ...common, values: input.channels[channel]!, isoGroup: input.isoGroup, foundation: input.foundation, baseline }),
      baselineSource,
      baselineRecordingId,
    })
    yield
  }
  return results
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
