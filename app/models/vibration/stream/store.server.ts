/**
 * One sensor's live stream in storage (issue #19 item 4, docs/decisions/014-vibration-streams.md). Samples go into the
 * same block storage as uploads: an open "stream recording" per sensor (a new one every 5 minutes of the clock, after
 * a gap or a change of sample rate), channel 'value', blocks of one diagnosis window (2,048 samples) so a completed block is a window to
 * judge. Each message is one transaction — samples, the gap it found, the windows it completed (judged against the
 * sensor's baseline), the recording's running summary and the stream's counters — committed before the message is
 * acknowledged to the broker, so what the broker delivered is never lost and a redelivery adds nothing.
 */
import { randomUUID } from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import { db, type Tx } from '~db/client.server'
import { vibrationBlocks, vibrationChannelDiagnosis, vibrationDiagnosis, vibrationRecordings, vibrationStreamGaps, vibrationStreams, type IsoFoundation, type IsoGroup, type SignalUnit } from '~db/schema'
import { ENGINE_VERSION, extractChannelFeatures, judgeChannel, summarizeFeatures, type ExtractedWindow } from '~/domain/vibration/diagnosis'
import { bytesToFloats, floatsToBytes } from '~/domain/vibration/ingest'
import { utcDay } from '~/domain/vibration/retention/partitions'
import { addToTally, emptyTally, tallySummary, type StreamTally } from '~/domain/vibration/stream/tally'
import type { ContinuityDecision, StreamContinuity } from '~/domain/vibration/stream/continuity'
import type { StreamMessage } from '~/domain/vibration/stream/message'
import { DOMAIN_UNIT, windowRow } from '../diagnosis-execute.server'
import { settleSensorBaseline } from '../sensor-baseline.server'

/** Samples per stored block of a stream recording: one diagnosis window. */
export const STREAM_BLOCK = 2048
/** Windows offered to the provisional baseline at a time once the stream is past its first few (see offerNow). */
const OFFER_WINDOWS = 16
const FIRST_OFFER_WINDOWS = 4

export interface StreamMachine {
  id: string
  name: string
  nominalRpm: number | null
  signalUnit: SignalUnit
  isoGroup: IsoGroup | null
  isoFoundation: IsoFoundation | null
  baselineSeconds: number
}

/** A window completed but not yet offered to the provisional baseline. */
interface PendingWindow {
  startMs: number
  endMs: number
  window: ExtractedWindow
}

/** What the subscriber holds of one stream between messages (replaced, never changed, by a commit). */
export interface OpenStream {
  machine: StreamMachine
  sensorNo: string
  topic: string
  cont: StreamContinuity
  /** `storedOn`: the UTC day its blocks are stored under (their partition; a rewritten partial block stays in its row). */
  recording: { id: string; collectedMs: number; sampleCount: number; storedOn: string } | null
  /** The open recording's last, partial block: times (seconds after collectedMs) and values. */
  tailTimes: Float64Array
  tailValues: Float64Array
  tailFill: number
  tally: StreamTally
  pending: PendingWindow[]
}

/** A stream as stored (or a fresh one): its continuity, open recording and partial block. */
export async function loadStream(machine: StreamMachine, sensorNo: string, topic: string): Promise<OpenStream> {
  const fresh: OpenStream = {
    machine,
    sensorNo,
    topic,
    cont: { lastSeq: null, lastSampleMs: null, rateHz: null, openedMs: null },
    recording: null,
    tailTimes: new Float64Array(STREAM_BLOCK),
    tailValues: new Float64Array(STREAM_BLOCK),
    tailFill: 0,
    tally: emptyTally(),
    pending: [],
  }
  const [row] = await db
    .select()
    .from(vibrationStreams)
    .where(and(eq(vibrationStreams.machineId, machine.id), eq(vibrationStreams.sensorNo, sensorNo)))
  if (!row) return fresh
  const [rec] = row.recordingId
    ? await db
        .select({ id: vibrationRecordings.id, collectedAt: vibrationRecordings.collectedAt, sampleCount: vibrationRecordings.sampleCount, createdAt: vibrationRecordings.createdAt })
        .from(vibrationRecordings)
        .where(eq(vibrationRecordings.id, row.recordingId))
    : []
  const open = rec ? { lastSeq: row.lastSeq, lastSampleMs: row.lastSampleMs, rateHz: row.rateHz, openedMs: row.openedMs } : { lastSeq: row.lastSeq, lastSampleMs: row.lastSampleMs, rateHz: null, openedMs: null }
  const state: OpenStream = { ...fresh, cont: open }
  if (!rec) return state
  state.recording = { id: rec.id, collectedMs: row.openedMs ?? rec.collectedAt.getTime(), sampleCount: rec.sampleCount, storedOn: utcDay(rec.createdAt) }
  state.tally = row.tally ?? emptyTally()
  const fill = rec.sampleCount % STREAM_BLOCK
  if (fill > 0) {
    const blockNo = Math.floor(rec.sampleCount / STREAM_BLOCK)
    const blocks = await db
      .select({ channel: vibrationBlocks.channel, data: vibrationBlocks.data, storedOn: vibrationBlocks.storedOn })
      .from(vibrationBlocks)
      .where(and(eq(vibrationBlocks.recordingId, rec.id), eq(vibrationBlocks.blockNo, blockNo), eq(vibrationBlocks.kept, false)))
    for (const b of blocks) (b.channel === 0 ? state.tailTimes : state.tailValues).set(bytesToFloats(b.data).subarray(0, fill))
    if (blocks[0]) state.recording.storedOn = blocks[0].storedOn
    state.tailFill = fill
  }
  return state
}

interface Placed {
  next: OpenStream
  newRecording: boolean
  /** Blocks to write: completed ones and the partial last one. */
  blocks: { blockNo: number; times: Float64Array; values: Float64Array }[]
  windows: { blockNo: number; times: Float64Array; values: Float64Array }[]
  lastTime: number
}

/** Where the message's samples go (pure bookkeeping on copies; nothing stored yet). */
function place(s: OpenStream, m: StreamMessage, d: Extract<ContinuityDecision, { kind: 'append' }>): Placed {
  const newRecording = d.newRecording !== null || s.recording === null
  // A recording starts on the whole millisecond of its first sample (collected_at); sample times are seconds after it,
  // computed from the message's own t0 and offsets so that ms-scale rounding of absolute times adds no jitter.
  const recording = newRecording ? { id: randomUUID(), collectedMs: Math.floor(m.timesMs[d.skip]), sampleCount: 0, storedOn: utcDay(new Date()) } : { ...s.recording! }
  const shiftMs = m.t0Ms + d.shiftMs - recording.collectedMs
  const tailTimes = new Float64Array(STREAM_BLOCK)
  const tailValues = new Float64Array(STREAM_BLOCK)
  let fill = 0
  if (!newRecording) {
    tailTimes.set(s.tailTimes.subarray(0, s.tailFill))
    tailValues.set(s.tailValues.subarray(0, s.tailFill))
    fill = s.tailFill
  }
  const windows: Placed['windows'] = []
  let lastTime = 0
  for (let i = d.skip; i < m.values.length; i++) {
    lastTime = (shiftMs + m.offsetsMs[i]) / 1000
    tailTimes[fill] = lastTime
    tailValues[fill] = m.values[i]
    fill++
    recording.sampleCount++
    if (fill === STREAM_BLOCK) {
      windows.push({ blockNo: recording.sampleCount / STREAM_BLOCK - 1, times: tailTimes.slice(), values: tailValues.slice() })
      fill = 0
    }
  }
  const blocks = [...windows]
  if (fill > 0) blocks.push({ blockNo: Math.floor(recording.sampleCount / STREAM_BLOCK), times: tailTimes.slice(0, fill), values: tailValues.slice(0, fill) })
  const cont: StreamContinuity = {
    lastSeq: m.seq,
    lastSampleMs: m.timesMs[m.timesMs.length - 1] + d.shiftMs,
    rateHz: Number.isFinite(m.rateHz) ? m.rateHz : (s.cont.rateHz ?? null),
    openedMs: recording.collectedMs,
  }
  const next: OpenStream = {
    ...s,
    cont,
    recording,
    tailTimes,
    tailValues,
    tailFill: fill,
    tally: newRecording ? emptyTally() : s.tally,
    pending: newRecording ? [] : s.pending,
  }
  return { next, newRecording, blocks, windows, lastTime }
}

/** Features of the completed windows (before the transaction: the FFTs do not hold a database connection). */
function extractWindows(s: OpenStream, windows: Placed['windows']): { blockNo: number; window: ExtractedWindow; sampleRate: number; resampled: boolean }[] {
  const out = []
  for (const w of windows) {
    const f = extractChannelFeatures({ time: w.times, values: w.values, nominalRpm: s.machine.nominalRpm, unit: DOMAIN_UNIT[s.machine.signalUnit], windowSize: STREAM_BLOCK })
    if (f.ok && f.windows.length === 1) out.push({ blockNo: w.blockNo, window: { ...f.windows[0], index: w.blockNo }, sampleRate: f.sampleRate, resampled: f.resampled })
  }
  return out
}

/**
 * Stores what a message adds to its stream in one transaction and returns the stream's new state (the old one stays
 * valid when this throws: nothing was stored). `windows`: how many windows it judged.
 */
export async function appendToStream(s: OpenStream, m: StreamMessage, d: Extract<ContinuityDecision, { kind: 'append' }>): Promise<{ state: OpenStream; windows: number }> {
  const placed = place(s, m, d)
  const { next } = placed
  const rec = next.recording!
  const extracted = extractWindows(next, placed.windows)
  const wallMs = (t: number) => rec.collectedMs + t * 1000
  return db.transaction((tx) => store(tx, s, placed, d, extracted, wallMs))
}

async function store(
  tx: Tx,
  before: OpenStream,
  placed: Placed,
  d: Extract<ContinuityDecision, { kind: 'append' }>,
  extracted: ReturnType<typeof extractWindows>,
  wallMs: (t: number) => number,
): Promise<{ state: OpenStream; windows: number }> {
  const next = { ...placed.next }
  const rec = next.recording!
  const m = next.machine
  // Statements that do not depend on each other's results go out together (postgres-js pipelines them on the
  // transaction's connection): three waits for the database instead of nine. The recording comes first (the blocks,
  // windows and stream rows refer to it).
  await Promise.all([
    // Samples arrive by the hundred per second: their commits do not each wait for the disk (the WAL writer flushes
    // within a fraction of a second). An app crash loses nothing committed; only a crash of the database server itself
    // could lose the last moments — messages the broker had been told were stored (docs/decisions/014-vibration-streams.md).
    tx.execute(sql`set local synchronous_commit = off`),
    placed.newRecording
      ? tx.insert(vibrationRecordings).values({
          id: rec.id,
          machineId: m.id,
          sensorNo: next.sensorNo,
          collectedAt: new Date(rec.collectedMs),
          channels: ['value'],
          blockSize: STREAM_BLOCK,
          sampleCount: rec.sampleCount,
          firstTime: 0,
          lastTime: placed.lastTime,
        })
      : tx.update(vibrationRecordings).set({ sampleCount: rec.sampleCount, lastTime: placed.lastTime }).where(eq(vibrationRecordings.id, rec.id)),
  ])
  const rows = placed.blocks.flatMap((b) => [
    { recordingId: rec.id, channel: 0, blockNo: b.blockNo, sampleCount: b.times.length, data: floatsToBytes(b.times), storedOn: rec.storedOn },
    { recordingId: rec.id, channel: 1, blockNo: b.blockNo, sampleCount: b.values.length, data: floatsToBytes(b.values), storedOn: rec.storedOn },
  ])
  // The provisional baseline learns from a stream in parts of several windows (one odd window does not close it).
  const pending = [...next.pending, ...extracted.map((e) => ({ startMs: wallMs(e.window.startTime), endMs: wallMs(e.window.endTime), window: e.window }))]
  // Early on every few windows (so a baseline is there soon); then in parts that grow with the stream (each offer
  // re-reads the baseline's windows: a quarter of what came so far keeps that linear over the baseline's span).
  const offerNow = extracted.length > 0 && pending.length >= (next.tally.windows < OFFER_WINDOWS ? FIRST_OFFER_WINDOWS : Math.max(OFFER_WINDOWS, Math.floor(next.tally.windows / 4)))
  const candidate = offerNow ? { recordingId: rec.id, windows: pending.map((p) => ({ startMs: p.startMs, endMs: p.endMs, features: p.window.features, summary: summarizeFeatures(p.window.features) })) } : null
  const [settled] = await Promise.all([
    extracted.length ? settleSensorBaseline(tx, { machineId: m.id, sensorNo: next.sensorNo, spanSeconds: m.baselineSeconds }, candidate) : null,
    rows.length
      ? tx
          .insert(vibrationBlocks)
          .values(rows)
          .onConflictDoUpdate({ target: [vibrationBlocks.recordingId, vibrationBlocks.channel, vibrationBlocks.blockNo, vibrationBlocks.kept, vibrationBlocks.storedOn], set: { sampleCount: sql`excluded.sample_count`, data: sql`excluded.data` } })
      : null,
    d.gap
      ? tx.insert(vibrationStreamGaps).values({
          machineId: m.id,
          sensorNo: next.sensorNo,
          fromAt: new Date(Math.round(d.gap.fromMs)),
          toAt: new Date(Math.round(d.gap.toMs)),
          missingFrom: d.gap.missingFrom,
          missingTo: d.gap.missingTo,
        })
      : null,
  ])
  const writes: Promise<unknown>[] = []
  if (settled) {
    next.pending = offerNow ? [] : pending
    const { windows } = judgeChannel(
      { ok: true, windows: extracted.map((e) => e.window), sampleRate: extracted[0].sampleRate, resampled: extracted.some((e) => e.resampled) },
      { baseline: settled.offer?.baseline ?? null, unit: DOMAIN_UNIT[m.signalUnit], isoGroup: m.isoGroup, foundation: m.isoFoundation },
    )
    writes.push(
      tx
        .insert(vibrationDiagnosis)
        .values(windows.map((w) => windowRow(m, { sensorNo: next.sensorNo, recordingId: rec.id, channel: 'value', runId: null }, w, (t) => new Date(Math.round(wallMs(t))))))
        .onConflictDoNothing(),
    )
    next.tally = addToTally(next.tally, windows)
    const sum = tallySummary(next.tally, { isoGroup: m.isoGroup, foundation: m.isoFoundation })
    const channel = {
      machineId: m.id,
      sensorNo: next.sensorNo,
      label: null,
      status: sum.status,
      faultType: sum.faultType,
      confidence: sum.confidence,
      problem: null,
      votes: sum.votes,
      windowCount: sum.windowCount,
      shaftHz: sum.shaftHz,
      speedEstimated: sum.speedEstimated,
      velocityRms: sum.velocityRms,
      isoZone: sum.isoZone,
      sampleRate: extracted[0].sampleRate,
      resampled: extracted.some((e) => e.resampled),
      baselineSource: settled.offer?.source ?? ('none' as const),
      baselineRecordingId: settled.offer?.recordingId ?? null,
      engineVersion: ENGINE_VERSION,
      diagnosedAt: sql`now()`,
    }
    writes.push(
      tx
        .insert(vibrationChannelDiagnosis)
        .values({ recordingId: rec.id, channel: 'value', ...channel })
        .onConflictDoUpdate({ target: [vibrationChannelDiagnosis.recordingId, vibrationChannelDiagnosis.channel], set: channel }),
    )
  }
  const counters = {
    topic: next.topic,
    lastSeq: next.cont.lastSeq,
    lastSampleMs: next.cont.lastSampleMs,
    recordingId: rec.id,
    openedMs: rec.collectedMs,
    rateHz: next.cont.rateHz,
    tally: next.tally,
    lastMessageAt: sql`now()`,
  }
  const samples = before.recording && !placed.newRecording ? rec.sampleCount - before.recording.sampleCount : rec.sampleCount
  writes.push(
    tx
      .insert(vibrationStreams)
      .values({ machineId: m.id, sensorNo: next.sensorNo, ...counters, messages: 1, samples, gaps: d.gap ? 1 : 0, resets: d.seqReset ? 1 : 0, windows: extracted.length, lastWindowAt: extracted.length ? sql`now()` : null })
      .onConflictDoUpdate({
        target: [vibrationStreams.machineId, vibrationStreams.sensorNo],
        set: {
          ...counters,
          messages: sql`${vibrationStreams.messages} + 1`,
          samples: sql`${vibrationStreams.samples} + ${samples}`,
          gaps: sql`${vibrationStreams.gaps} + ${d.gap ? 1 : 0}`,
          resets: sql`${vibrationStreams.resets} + ${d.seqReset ? 1 : 0}`,
          windows: sql`${vibrationStreams.windows} + ${extracted.length}`,
          ...(extracted.length ? { lastWindowAt: sql`now()` } : {}),
        },
      }),
  )
  await Promise.all(writes)
  return { state: next, windows: extracted.length }
}

/** Counts a message that added nothing (a duplicate) or was refused (malformed: why) on a stream that exists. */
export async function countRefused(machineId: string, sensorNo: string, topic: string, what: { duplicate: true } | { problem: string }): Promise<void> {
  const duplicate = 'duplicate' in what
  const problem = duplicate ? null : what.problem
  await db
    .insert(vibrationStreams)
    .values({ machineId, sensorNo, topic, duplicates: duplicate ? 1 : 0, malformed: duplicate ? 0 : 1, lastProblem: problem, lastProblemAt: duplicate ? null : sql`now()` })
    .onConflictDoUpdate({
      target: [vibrationStreams.machineId, vibrationStreams.sensorNo],
      set: duplicate
        ? { duplicates: sql`${vibrationStreams.duplicates} + 1` }
        : { malformed: sql`${vibrationStreams.malformed} + 1`, lastProblem: problem, lastProblemAt: sql`now()`, topic },
    })
}
