/**
 * Which baseline a channel is judged against, and the automatic provisional baseline (issue #19 item 1).
 *
 * Sources, in order:
 *  1. own_normal: a four-channel recording (layout a) carries its own Normal channel, recorded on the same machine,
 *     sensor and day under healthy conditions;
 *  2. marked: a recording or a time range a planner marked as the sensor's baseline;
 *  3. provisional: learned automatically from the sensor's first recordings;
 *  4. none: then judge.ts judges by ISO severity or not at all.
 *
 * The provisional baseline grows from the sensor's earliest data, recording by recording in time order:
 *  - the first recording is taken as it is (there is nothing yet to judge it against: hence "provisional — confirm or
 *    choose another");
 *  - once it has `minWindows` windows, each further recording is first judged against it, and it is added only when
 *    it is consistent with it (≥ `consistentShare` of its windows normal and above no band); the first recording that
 *    is not closes the baseline ('deviation'): a fault that starts later never becomes part of "normal";
 *  - windows are added until they cover `spanSeconds` of data (default 10 minutes), which closes it too ('span');
 *  - a recording dated before the baseline's first window leaves it as it is (a planner can choose another);
 *  - a live stream recording (../stream) is offered in parts as it grows: a recording already in the baseline is taken
 *    again only with windows after the baseline's last one.
 * Until it has `minWindows` windows it is forming and judges nothing.
 */

import { baselineFromFigures, type HealthyBaseline } from './classify'
import { type WindowFeatureSummary } from './channel'
import { type WindowFeatures } from './features'
import { judgeWindow } from './judge'

/** Where a channel's baseline came from. */
export type BaselineSource = 'own_normal' | 'marked' | 'provisional' | 'none'

/** Tunable numbers of the provisional baseline. */
export const PROVISIONAL = {
  /** Data it is learned from by default: the sensor's first 10 minutes (a machine setting overrides it). */
  defaultSeconds: 600,
  /** Windows it needs before it judges anything (≈ 6 s at 1.36 kHz). */
  minWindows: 4,
  /** Share of a recording's windows that must be normal and inside the bands for the recording to join it. */
  consistentShare: 0.8,
} as const

/** A baseline as a source offers it. */
export interface BaselineOffer {
  baseline: HealthyBaseline
  /** The recording it came from (the first one for a range or a provisional baseline), when there is one. */
  recordingId: string | null
}

/** The baseline chosen for a channel. */
export interface BaselineChoice {
  source: BaselineSource
  baseline: HealthyBaseline | null
  recordingId: string | null
}

/** The first available source in the module's order. */
export function chooseBaseline(offers: { ownNormal?: BaselineOffer | null; marked?: BaselineOffer | null; provisional?: BaselineOffer | null }): BaselineChoice {
  for (const source of ['ownNormal', 'marked', 'provisional'] as const) {
    const offer = offers[source]
    if (offer) return { source: source === 'ownNormal' ? 'own_normal' : source, baseline: offer.baseline, recordingId: offer.recordingId }
  }
  return { source: 'none', baseline: null, recordingId: null }
}

/** One window that is part of a provisional baseline. */
export interface BaselineWindow {
  recordingId: string
  startMs: number
  endMs: number
  features: WindowFeatureSummary
}

/** Why a provisional baseline stopped growing. */
export type ClosedReason = 'span' | 'deviation'

/** A provisional baseline: its windows (in time order), whether it still grows, and why it stopped. */
export interface ProvisionalState {
  windows: BaselineWindow[]
  growing: boolean
  closed: { reason: ClosedReason; recordingId: string } | null
}

/** A recording offered to the provisional baseline: its windows on the wall clock, with fresh features. */
export interface CandidateRecording {
  recordingId: string
  windows: { startMs: number; endMs: number; features: WindowFeatures; summary: WindowFeatureSummary }[]
}

/** Options of the provisional baseline. */
export interface ProvisionalOptions {
  spanSeconds?: number
  minWindows?: number
  consistentShare?: number
}

/** Result of offering a recording. */
export interface ProvisionalStep {
  state: ProvisionalState
  /** The state differs from before (store it). */
  changed: boolean
  /** It judged nothing before and does now: the recordings in it were judged without it (re-diagnose them). */
  becameUsable: boolean
  /** The baseline to judge the offered recording with (null while forming). */
  baseline: HealthyBaseline | null
}

/** The ids of the recordings in a provisional baseline, in time order. */
export function provisionalRecordings(state: ProvisionalState): string[] {
  return [...new Set(state.windows.map((w) => w.recordingId))]
}

/** The baseline (medians and bands) of a provisional state, or null while it has fewer than `minWindows` windows. */
export function provisionalBaseline(state: ProvisionalState | null, minWindows: number = PROVISIONAL.minWindows): HealthyBaseline | null {
  if (!state || state.windows.length < Math.max(1, minWindows)) return null
  return baselineFromFigures(state.windows.map((w) => w.features))
}

/** Share of a recording's windows judged normal against `baseline` and above none of its bands. */
export function consistentShare(candidate: CandidateRecording, baseline: HealthyBaseline): number {
  if (candidate.windows.length === 0) return 1
  const fine = candidate.windows.filter((w) => {
    const j = judgeWindow(w.features, { baseline, unit: 'unknown' })
    return j.faultType === 0 && !(j.reason.bands ?? []).some((c) => c.side === 'above')
  }).length
  return fine / candidate.windows.length
}

/** Offers a recording to the provisional baseline (rules in the module comment). */
export function extendProvisional(state: ProvisionalState | null, candidate: CandidateRecording, options: ProvisionalOptions = {}): ProvisionalStep {
  const minWindows = options.minWindows ?? PROVISIONAL.minWindows
  const spanMs = (options.spanSeconds ?? PROVISIONAL.defaultSeconds) * 1000
  const current: ProvisionalState = state ?? { windows: [], growing: true, closed: null }
  const before = provisionalBaseline(current, minWindows)
  const unchanged = { state: current, changed: false, becameUsable: false, baseline: before }
  const first = candidate.windows[0]
  // A recording already in it is offered again only as a stream that went on: windows after its last one.
  const lastEnd = current.windows.length > 0 ? current.windows[current.windows.length - 1].endMs : -Infinity
  if (!current.growing || !first || (current.windows.some((w) => w.recordingId === candidate.recordingId) && first.startMs < lastEnd)) return unchanged
  if (current.windows.length > 0 && first.startMs < current.windows[0].startMs) return unchanged

  if (before && consistentShare(candidate, before) < (options.consistentShare ?? PROVISIONAL.consistentShare)) {
    return { state: { ...current, growing: false, closed: { reason: 'deviation', recordingId: candidate.recordingId } }, changed: true, becameUsable: false, baseline: before }
  }
  const windows = [...current.windows]
  let covered = windows.reduce((s, w) => s + (w.endMs - w.startMs), 0)
  let full = false
  for (const w of candidate.windows) {
    if (covered + (w.endMs - w.startMs) > spanMs) {
      full = true
      break
    }
    windows.push({ recordingId: candidate.recordingId, startMs: w.startMs, endMs: w.endMs, features: w.summary })
    covered += w.endMs - w.startMs
  }
  const next: ProvisionalState = full ? { windows, growing: false, closed: { reason: 'span', recordingId: candidate.recordingId } } : { windows, growing: true, closed: null }
  const after = provisionalBaseline(next, minWindows)
  const others = windows.some((w) => w.recordingId !== candidate.recordingId)
  return { state: next, changed: true, becameUsable: before === null && after !== null && others, baseline: after }
}

/** The provisional baseline of a sensor's recordings (in time order), from scratch: what offering them one by one gives. */
export function buildProvisional(recordings: readonly CandidateRecording[], options: ProvisionalOptions = {}): ProvisionalState | null {
  let state: ProvisionalState | null = null
  for (const rec of recordings) {
    state = extendProvisional(state, rec, options).state
    if (!state.growing) break
  }
  return state && state.windows.length > 0 ? state : null
}
