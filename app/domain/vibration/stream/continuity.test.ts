import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { decideContinuity, RECORDING_SPAN_MS, type StreamContinuity } from './continuity'

const T = Date.parse('2026-12-07T01:00:00Z')
const RATE = 1000
/** A message of `n` samples at 1 kHz whose first sample is `startIndex` samples after T. */
const msg = (seq: number, startIndex: number, n = 100, rateHz = RATE) => ({
  seq,
  rateHz,
  timesMs: Float64Array.from({ length: n }, (_, i) => T + ((startIndex + i) * 1000) / rateHz),
})
/** The state after messages up to `seq` covering samples [0, lastIndex]. */
const after = (seq: number, lastIndex: number): StreamContinuity => ({ lastSeq: seq, lastSampleMs: T + lastIndex, rateHz: RATE, openedMs: T })
const empty: StreamContinuity = { lastSeq: null, lastSampleMs: null, rateHz: null, openedMs: null }

describe('what a stream message adds', () => {
  test('the first message opens a recording', () => {
    expect(decideContinuity(empty, msg(0, 0))).toEqual({ kind: 'append', skip: 0, newRecording: 'first', gap: null, seqReset: false, shiftMs: 0 })
  })

  test('the next message continues it', () => {
    expect(decideContinuity(after(0, 99), msg(1, 100))).toEqual({ kind: 'append', skip: 0, newRecording: null, gap: null, seqReset: false, shiftMs: 0 })
  })

  test('a redelivered or old message adds nothing', () => {
    expect(decideContinuity(after(1, 199), msg(1, 100))).toEqual({ kind: 'duplicate' })
    expect(decideContinuity(after(5, 599), msg(2, 200))).toEqual({ kind: 'duplicate' })
  })

  test('samples overlapping what is stored are skipped (100 Hz: a period well above t0’s millisecond)', () => {
    const s: StreamContinuity = { lastSeq: 1, lastSampleMs: T + 1990, rateHz: 100, openedMs: T }
    const d = decideContinuity(s, msg(2, 150, 100, 100))
    expect(d).toMatchObject({ kind: 'append', skip: 50, newRecording: null, gap: null, shiftMs: 0 })
  })

  test('a t0 to the millisecond at 5 kHz (0.2 ms a sample) continues the stream, re-timed onto its grid', () => {
    const s: StreamContinuity = { lastSeq: 4, lastSampleMs: T + 409.4, rateHz: 5000, openedMs: T }
    // The next sample is due at 409.6 ms; the gateway wrote t0 as 409 ms (truncated), or 410 (rounded).
    for (const t0 of [409, 410]) {
      const next = { seq: 5, rateHz: 5000, timesMs: Float64Array.from({ length: 2048 }, (_, i) => T + t0 + i * 0.2) }
      const d = decideContinuity(s, next)
      expect(d).toMatchObject({ kind: 'append', skip: 0, newRecording: null, gap: null })
      if (d.kind === 'append') expect(t0 + d.shiftMs).toBeCloseTo(409.6, 3)
    }
  })

  test('a jump in seq is a gap that starts a new recording, naming the missing messages', () => {
    const d = decideContinuity(after(1, 199), msg(4, 400))
    expect(d).toEqual({ kind: 'append', skip: 0, newRecording: 'gap', gap: { fromMs: T + 199, toMs: T + 400, missingFrom: 2, missingTo: 3 }, seqReset: false, shiftMs: 0 })
  })

  test('a pause in time with consecutive seqs is a gap too; a wobble within t0’s millisecond and half a period is not', () => {
    expect(decideContinuity(after(1, 199), msg(2, 230))).toMatchObject({ newRecording: 'gap', gap: { fromMs: T + 199, toMs: T + 230, missingFrom: null, missingTo: null } })
    const jitter = { ...msg(2, 200), timesMs: msg(2, 200).timesMs.map((t) => t + 0.4) }
    expect(decideContinuity(after(1, 199), jitter)).toMatchObject({ newRecording: null, gap: null })
  })

  test('a counter that starts again with newer samples is kept and reported', () => {
    expect(decideContinuity(after(900, 199), msg(0, 200))).toEqual({ kind: 'append', skip: 0, newRecording: null, gap: null, seqReset: true, shiftMs: 0 })
  })

  test('another sample rate starts a new recording', () => {
    const next = { seq: 2, rateHz: 2000, timesMs: Float64Array.from({ length: 10 }, (_, i) => T + 200 + i / 2) }
    expect(decideContinuity(after(1, 199), next)).toMatchObject({ newRecording: 'rate', gap: null })
  })

  test('a new 5-minute span of the clock (and so a new day) starts a new recording', () => {
    for (const [opened, end] of [
      ['2026-12-07T08:00:00Z', '2026-12-07T08:04:59.900Z'],
      ['2026-12-07T23:55:00.250Z', '2026-12-07T23:59:59.900Z'],
    ]) {
      const last = Date.parse(end)
      const s: StreamContinuity = { lastSeq: 10, lastSampleMs: last + 99, rateHz: RATE, openedMs: Date.parse(opened) }
      const next = { seq: 11, rateHz: RATE, timesMs: Float64Array.from({ length: 10 }, (_, i) => last + 100 + i) }
      expect(decideContinuity(s, next)).toMatchObject({ newRecording: 'span', gap: null })
      // Within the span it continues.
      const within = { seq: 11, rateHz: RATE, timesMs: Float64Array.from({ length: 10 }, (_, i) => last + 100 - 60_000 + i) }
      expect(decideContinuity({ ...s, lastSampleMs: last + 99 - 60_000 }, within)).toMatchObject({ newRecording: null, gap: null })
    }
  })

  test('a recording never spans more than RECORDING_SPAN_MS of samples', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 * RECORDING_SPAN_MS }), fc.integer({ min: 1, max: 3 * RECORDING_SPAN_MS }), (openOffset, length) => {
        const opened = T + openOffset
        const last = opened + length
        const s: StreamContinuity = { lastSeq: 10, lastSampleMs: last, rateHz: RATE, openedMs: opened }
        const d = decideContinuity(s, { seq: 11, rateHz: RATE, timesMs: [last + 1000 / RATE] })
        const continues = d.kind === 'append' && d.newRecording === null
        if (continues) expect(last + 1000 / RATE - opened).toBeLessThan(RECORDING_SPAN_MS)
      }),
    )
  })

  test('a stream whose recording was removed opens a new one', () => {
    expect(decideContinuity({ lastSeq: 1, lastSampleMs: T + 199, rateHz: null, openedMs: null }, msg(2, 200))).toMatchObject({ newRecording: 'first' })
  })
})
