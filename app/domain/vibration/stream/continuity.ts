/**
 * What a stream message adds, given what the sensor's stream already holds (issue #19 item 4). Pure: the subscriber
 * keeps the state and stores what this decides.
 *
 * - A `seq` at or below the last one whose samples are not newer than the last stored sample is a duplicate (a QoS 1
 *   redelivery, or a gateway sending old data again): it adds nothing.
 * - A `seq` at or below the last one with newer samples means the gateway's counter started again (it restarted):
 *   the samples are kept, and the reset is reported.
 * - Samples clearly before the next one due are dropped (an overlap); the rest are appended. A message that starts
 *   where the next sample is due, give or take t0's millisecond resolution and half a period, continues the stream and
 *   is re-timed onto its sample grid (a gateway's t0 to the millisecond must not break a 5 kHz stream into pieces).
 * - A jump in `seq`, or a pause longer than that before the first new sample, is a gap: it is recorded
 *   (from, to, the missing seqs) and the samples after it start a new recording, so no stored recording — and no
 *   diagnosed window — ever spans a gap.
 * - A new recording starts also when the sample rate changes by more than 1 %, and on the first message of a new
 *   5-minute span of the clock (:00, :05, … UTC): a stream is stored as recordings of at most 5 minutes, so everything
 *   that reads a whole recording — a re-diagnosis after a baseline change, marking it a baseline, the window view —
 *   holds a bounded amount of samples (1.5 M at 5 kHz) however long the sensor streams.
 */

/** What the stream holds, as far as continuity goes. */
export interface StreamContinuity {
  lastSeq: number | null
  /** Unix milliseconds of the last stored sample. */
  lastSampleMs: number | null
  /** Sample rate of the open recording (null: none open). */
  rateHz: number | null
  /** Unix milliseconds of the open recording's first sample. */
  openedMs: number | null
}

/** A gap in a stream. */
export interface StreamGap {
  fromMs: number
  toMs: number
  /** The seqs that never arrived (inclusive), when the gap is in the counter. */
  missingFrom: number | null
  missingTo: number | null
}

export type NewRecordingReason = 'first' | 'gap' | 'rate' | 'span'

export type ContinuityDecision =
  | { kind: 'duplicate' }
  | {
      kind: 'append'
      /** Leading samples of the message to drop (at or before the last stored one). */
      skip: number
      /** Why the samples start a new recording (null: they continue the open one). */
      newRecording: NewRecordingReason | null
      gap: StreamGap | null
      seqReset: boolean
      /** Milliseconds added to the message's sample times to put them on the stream's grid (its t0 wobbled). */
      shiftMs: number
    }

/** A stream recording covers at most this span of the clock (aligned to it: a new one at :00, :05, …). */
export const RECORDING_SPAN_MS = 5 * 60_000
/** Relative change of the sample rate that starts a new recording. */
export const RATE_TOLERANCE = 0.01

/**
 * How far a message's first sample may sit from where the stream's next sample is due and still continue it: t0 is
 * read to the millisecond (ISO-8601 as most gateways write it), so a message's start wobbles by up to 1 ms; plus half a
 * sample period. Within it the message is re-timed onto the stream's sample grid (`shiftMs`).
 */
export const CLOCK_RESOLUTION_MS = 1

/** Decides what `message` adds to a stream in state `s` (see the module comment). */
export function decideContinuity(s: StreamContinuity, message: { seq: number; timesMs: ArrayLike<number>; rateHz: number }): ContinuityDecision {
  const n = message.timesMs.length
  const lastMs = s.lastSampleMs
  const rate = Number.isFinite(message.rateHz) ? message.rateHz : s.rateHz
  // The spacing expected between the last stored sample and the first new one: the longer of the two rates' periods.
  const periodMs = Math.max(rate ? 1000 / rate : 0, s.rateHz ? 1000 / s.rateHz : 0)
  const tolerance = CLOCK_RESOLUTION_MS + periodMs / 2
  const expected = lastMs === null ? null : lastMs + periodMs
  // Samples clearly before the next one due are stored already (an overlap, or the whole message again).
  let skip = 0
  if (expected !== null) while (skip < n && message.timesMs[skip] < expected - tolerance) skip++
  const oldSeq = s.lastSeq !== null && message.seq <= s.lastSeq
  if (skip === n || (oldSeq && skip > 0)) return { kind: 'duplicate' }
  const firstMs = message.timesMs[skip]
  let gap: StreamGap | null = null
  let shiftMs = 0
  if (expected !== null && lastMs !== null) {
    const seqJump = s.lastSeq !== null && !oldSeq && message.seq > s.lastSeq + 1
    const late = firstMs - expected
    if (seqJump || late > tolerance) {
      gap = { fromMs: lastMs, toMs: firstMs, missingFrom: seqJump ? s.lastSeq! + 1 : null, missingTo: seqJump ? message.seq - 1 : null }
    } else if (Math.abs(late) <= tolerance) shiftMs = -late || 0
  }
  let newRecording: NewRecordingReason | null = null
  if (s.rateHz === null || s.openedMs === null || lastMs === null) newRecording = 'first'
  else if (gap) newRecording = 'gap'
  else if (rate !== null && Math.abs(rate - s.rateHz) > RATE_TOLERANCE * s.rateHz) newRecording = 'rate'
  else if (Math.floor(firstMs / RECORDING_SPAN_MS) !== Math.floor(s.openedMs / RECORDING_SPAN_MS)) newRecording = 'span'
  if (newRecording) shiftMs = 0
  return { kind: 'append', skip, newRecording, gap, seqReset: oldSeq, shiftMs }
}

/** What the pages show of one sensor's stream (`When`: a Date on the server, its JSON string in the browser). */
export interface StreamFigures<When = Date> {
  sensorNo: string
  topic: string
  lastMessageAt: When | null
  lastWindowAt: When | null
  rateHz: number | null
  messages: number
  samples: number
  windows: number
  duplicates: number
  gaps: number
  malformed: number
  resets: number
  lastProblem: string | null
  lastProblemAt: When | null
  recentGaps: { fromAt: When; toAt: When; missingFrom: number | null; missingTo: number | null }[]
}
