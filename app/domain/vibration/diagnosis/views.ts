/**
 * Pure helpers behind the diagnosis pages and the results store: the engine's version stamp, the condition label of a
 * layout-a channel, detected-at arithmetic, state-timeline bands, a min/max waveform envelope and the agreement matrix.
 */

import { type FaultType } from './classify'

/** Stamped on every stored result; bump it when the rules or the features change (then re-diagnose). */
export const ENGINE_VERSION = 'rules-2.0'

/** Channels a recording can carry (storage names, see docs/decisions/004-vibration-data.md). */
export type ChannelName = 'normal' | 'type1' | 'type2' | 'type3' | 'value'
/** Every channel name, in display order. */
export const CHANNEL_NAMES: readonly ChannelName[] = ['normal', 'type1', 'type2', 'type3', 'value']

/** The condition a layout-a channel was recorded under (its "label"); null for a plain 'value' channel. */
export function channelLabel(channel: string): FaultType | null {
  switch (channel) {
    case 'normal':
      return 0
    case 'type1':
      return 1
    case 'type2':
      return 2
    case 'type3':
      return 3
    default:
      return null
  }
}

/**
 * Wall-clock instant (epoch ms) of a time on a recording's own axis: the recording started at `collectedAtMs` with its
 * first sample at `firstTime` seconds.
 */
export function wallClockMs(collectedAtMs: number, firstTime: number, time: number): number {
  return collectedAtMs + Math.round((time - firstTime) * 1000)
}

/** One diagnosed window on a timeline row (a row is one sensor + channel); its state is a fault type or another code. */
export interface TimelineWindow {
  row: string
  startMs: number
  endMs: number
  state: number
}

/** A run of consecutive windows of one row with the same state. */
export interface TimelineBand {
  row: string
  startMs: number
  endMs: number
  state: number
  windows: number
}

/**
 * Merges consecutive windows of the same row and state into bands. Two windows are consecutive when the next starts no
 * later than `maxGapMs` after the previous ends (recordings made days apart stay separate bands). Output is ordered by
 * row (first appearance) and time.
 */
export function mergeBands(windows: readonly TimelineWindow[], maxGapMs = 1000): TimelineBand[] {
  const byRow = new Map<string, TimelineWindow[]>()
  for (const w of windows) {
    const list = byRow.get(w.row)
    if (list) list.push(w)
    else byRow.set(w.row, [w])
  }
  const bands: TimelineBand[] = []
  for (const list of byRow.values()) {
    list.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs)
    let current: TimelineBand | null = null
    for (const w of list) {
      if (current && current.state === w.state && w.startMs <= current.endMs + maxGapMs) {
        current.endMs = Math.max(current.endMs, w.endMs)
        current.windows++
        continue
      }
      current = { row: w.row, startMs: w.startMs, endMs: w.endMs, state: w.state, windows: 1 }
      bands.push(current)
    }
  }
  return bands
}

/** One bucket of a min/max envelope: the time (seconds) of its first sample and the extremes inside it. */
export interface EnvelopePoint {
  t: number
  min: number
  max: number
}

/**
 * Min/max envelope of samples[offset .. offset + n − 1] in at most `buckets` buckets (a waveform drawn from it keeps every
 * peak, unlike plain decimation). Sample i is at startTime + i / sampleRate.
 */
export function minMaxEnvelope(
  samples: ArrayLike<number>,
  offset: number,
  n: number,
  buckets: number,
  startTime: number,
  sampleRate: number,
): EnvelopePoint[] {
  const count = Math.max(0, Math.min(n, samples.length - offset))
  if (count === 0 || buckets < 1) return []
  const size = Math.max(1, Math.ceil(count / buckets))
  const out: EnvelopePoint[] = []
  for (let start = 0; start < count; start += size) {
    let min = Infinity
    let max = -Infinity
    const end = Math.min(count, start + size)
    for (let i = start; i < end; i++) {
      const v = samples[offset + i]
      if (v < min) min = v
      if (v > max) max = v
    }
    out.push({ t: startTime + start / sampleRate, min, max })
  }
  return out
}

/** Result of `agreementMatrix`. */
export interface AgreementMatrix {
  /** counts[label][diagnosis], 4 × 4. */
  counts: number[][]
  total: number
  agreeing: number
  /** agreeing / total, null without pairs. */
  accuracy: number | null
  /** Per label: share of its items diagnosed as that label (null for a label without items). */
  recall: (number | null)[]
}

/** Confusion matrix of diagnosis vs. condition label (pairs with a null label or diagnosis are left out). */
export function agreementMatrix(pairs: readonly { label: number | null; diagnosis: number | null; count?: number }[]): AgreementMatrix {
  const counts = [0, 1, 2, 3].map(() => [0, 0, 0, 0])
  let total = 0
  let agreeing = 0
  for (const p of pairs) {
    if (p.label === null || p.diagnosis === null || p.label < 0 || p.label > 3 || p.diagnosis < 0 || p.diagnosis > 3) continue
    const n = p.count ?? 1
    counts[p.label][p.diagnosis] += n
    total += n
    if (p.label === p.diagnosis) agreeing += n
  }
  const recall = counts.map((row, label) => {
    const sum = row.reduce((s, v) => s + v, 0)
    return sum > 0 ? row[label] / sum : null
  })
  return { counts, total, agreeing, accuracy: total > 0 ? agreeing / total : null, recall }
}

/**
 * At most `max` points of a time series: when there are more, consecutive points are averaged in equal buckets (time of
 * the bucket's first point). Keeps a trend readable and the page small; null values are skipped.
 */
export function decimateSeries(points: readonly { x: number; y: number | null }[], max: number): { x: number; y: number }[] {
  const clean = points.filter((p): p is { x: number; y: number } => p.y !== null && Number.isFinite(p.y))
  if (clean.length <= max || max < 1) return clean
  const size = Math.ceil(clean.length / max)
  const out: { x: number; y: number }[] = []
  for (let start = 0; start < clean.length; start += size) {
    const bucket = clean.slice(start, start + size)
    out.push({ x: bucket[0].x, y: bucket.reduce((s, p) => s + p.y, 0) / bucket.length })
  }
  return out
}
