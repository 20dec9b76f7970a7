/**
 * Live vibration streams from gateways over MQTT (issue #19 item 4): the topic and the payload, read and checked.
 *
 * Topic: `<prefix>/<machine>/<sensor>` (prefix `mes/vibration` unless configured); machine and sensor follow the same
 * rules as in uploads (../ingest/names.ts), percent-encoding allowed for names MQTT topics cannot hold as they are.
 *
 * Payload, one channel, JSON:
 *   {"seq": n, "t0": "<ISO-8601 time of the first sample>", "rateHz": r, "values": [v0, v1, …]}
 * or, for uneven sampling, `"times": [s0, s1, …]` (seconds after t0, strictly increasing, s0 ≥ 0) instead of `rateHz`.
 * `seq` is the gateway's message counter per sensor (a whole number, increasing by one per message).
 *
 * Binary variant (less than half the bytes, no number parsing): a 32-byte little-endian header — magic "MVS1",
 * uint32 reserved (0), float64 seq, float64 t0 in Unix milliseconds, float64 rateHz — then the values as float32.
 */
import { parseMachineName, parseSensorId } from '../ingest/names'

/** At most this many samples in one message (≈ 48 s at 1.36 kHz). */
export const MAX_STREAM_SAMPLES = 65_536
/** Sample rates accepted, Hz. */
export const MIN_RATE_HZ = 1
export const MAX_RATE_HZ = 200_000
/** The default topic prefix. */
export const DEFAULT_STREAM_PREFIX = 'mes/vibration'
/** The binary payload's magic bytes "MVS1". */
export const BINARY_MAGIC = 0x3153564d
const BINARY_HEADER = 32

/** One message, read: sample times in Unix milliseconds and the values. */
export interface StreamMessage {
  seq: number
  /** Unix milliseconds of the first sample, and of each sample after it (exact to the ms-scale float: for comparisons). */
  t0Ms: number
  /** Each sample's time after t0, ms (precise: stored times are computed from these). */
  offsetsMs: Float64Array
  /** Unix milliseconds of each sample (strictly increasing). */
  timesMs: Float64Array
  values: Float64Array
  /** The message's sample rate (rateHz, or from its times). */
  rateHz: number
}

/** Why a message was refused. */
export type StreamProblem =
  | 'not_json'
  | 'not_object'
  | 'bad_seq'
  | 'bad_t0'
  | 'bad_rate'
  | 'bad_values'
  | 'too_many_values'
  | 'bad_times'
  | 'times_and_rate'
  | 'binary_header'

export type ReadResult = { ok: true; message: StreamMessage } | { ok: false; problem: StreamProblem }

/** Machine and sensor of a topic under `prefix`, or null when the topic is not one of ours or names are invalid. */
export function parseStreamTopic(topic: string, prefix: string): { machine: string; sensor: string } | null {
  const head = `${prefix.replace(/\/+$/, '')}/`
  if (!topic.startsWith(head)) return null
  const parts = topic.slice(head.length).split('/')
  if (parts.length !== 2) return null
  let machineText: string
  let sensorText: string
  try {
    machineText = decodeURIComponent(parts[0])
    sensorText = decodeURIComponent(parts[1])
  } catch {
    return null
  }
  const machine = parseMachineName(machineText)
  const sensor = parseSensorId(sensorText)
  return machine && sensor ? { machine, sensor } : null
}

/** The subscription filter for `prefix`. */
export const streamFilter = (prefix: string) => `${prefix.replace(/\/+$/, '')}/+/+`

const isSeq = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0

/** An ISO-8601 time in Unix ms, keeping digits below the millisecond (".4096Z" → …409.6), which Date.parse drops. */
export function parseIsoMs(text: string): number {
  const ms = Date.parse(text)
  const fine = /\.\d{3}(\d+)(?:Z|[+-]\d{2}:?\d{2})$/.exec(text)
  return fine && Number.isFinite(ms) ? ms + Number(`0.${fine[1]}`) : ms
}

/** Reads a payload (JSON or the binary variant). */
export function readStreamMessage(payload: Uint8Array): ReadResult {
  if (payload.length >= 4 && payload[0] === 0x4d && payload[1] === 0x56 && payload[2] === 0x53 && payload[3] === 0x31) return readBinary(payload)
  let body: unknown
  try {
    body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload))
  } catch {
    return { ok: false, problem: 'not_json' }
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, problem: 'not_object' }
  const o = body as Record<string, unknown>
  if (!isSeq(o.seq)) return { ok: false, problem: 'bad_seq' }
  const t0 = typeof o.t0 === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(o.t0) ? parseIsoMs(o.t0) : NaN
  if (!Number.isFinite(t0)) return { ok: false, problem: 'bad_t0' }
  if (!Array.isArray(o.values) || o.values.length === 0) return { ok: false, problem: 'bad_values' }
  if (o.values.length > MAX_STREAM_SAMPLES) return { ok: false, problem: 'too_many_values' }
  const n = o.values.length
  const values = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const v = o.values[i]
    if (typeof v !== 'number' || !Number.isFinite(v)) return { ok: false, problem: 'bad_values' }
    values[i] = v
  }
  if (o.times !== undefined && o.rateHz !== undefined) return { ok: false, problem: 'times_and_rate' }
  const timesMs = new Float64Array(n)
  const offsetsMs = new Float64Array(n)
  if (o.times !== undefined) {
    if (!Array.isArray(o.times) || o.times.length !== n) return { ok: false, problem: 'bad_times' }
    let prev = -Infinity
    for (let i = 0; i < n; i++) {
      const s = o.times[i]
      if (typeof s !== 'number' || !Number.isFinite(s) || s < 0 || s <= prev) return { ok: false, problem: 'bad_times' }
      prev = s
      offsetsMs[i] = s * 1000
      timesMs[i] = t0 + offsetsMs[i]
    }
    const span = n > 1 ? (timesMs[n - 1] - timesMs[0]) / 1000 : 0
    const rateHz = span > 0 ? (n - 1) / span : NaN
    if (n > 1 && !(rateHz >= MIN_RATE_HZ && rateHz <= MAX_RATE_HZ)) return { ok: false, problem: 'bad_rate' }
    return { ok: true, message: { seq: o.seq, t0Ms: t0, offsetsMs, timesMs, values, rateHz: n > 1 ? rateHz : NaN } }
  }
  const rate = o.rateHz
  if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < MIN_RATE_HZ || rate > MAX_RATE_HZ) return { ok: false, problem: 'bad_rate' }
  for (let i = 0; i < n; i++) {
    offsetsMs[i] = (i * 1000) / rate
    timesMs[i] = t0 + offsetsMs[i]
  }
  return { ok: true, message: { seq: o.seq, t0Ms: t0, offsetsMs, timesMs, values, rateHz: rate } }
}

function readBinary(payload: Uint8Array): ReadResult {
  if (payload.length < BINARY_HEADER || (payload.length - BINARY_HEADER) % 4 !== 0) return { ok: false, problem: 'binary_header' }
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength)
  const seq = view.getFloat64(8, true)
  const t0 = view.getFloat64(16, true)
  const rate = view.getFloat64(24, true)
  if (!isSeq(seq)) return { ok: false, problem: 'bad_seq' }
  if (!Number.isFinite(t0) || Math.abs(t0) > 8.64e15) return { ok: false, problem: 'bad_t0' }
  if (!Number.isFinite(rate) || rate < MIN_RATE_HZ || rate > MAX_RATE_HZ) return { ok: false, problem: 'bad_rate' }
  const n = (payload.length - BINARY_HEADER) / 4
  if (n === 0) return { ok: false, problem: 'bad_values' }
  if (n > MAX_STREAM_SAMPLES) return { ok: false, problem: 'too_many_values' }
  const values = new Float64Array(n)
  const timesMs = new Float64Array(n)
  const offsetsMs = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const v = view.getFloat32(BINARY_HEADER + i * 4, true)
    if (!Number.isFinite(v)) return { ok: false, problem: 'bad_values' }
    values[i] = v
    offsetsMs[i] = (i * 1000) / rate
    timesMs[i] = t0 + offsetsMs[i]
  }
  return { ok: true, message: { seq, t0Ms: t0, offsetsMs, timesMs, values, rateHz: rate } }
}

/** The binary variant of a message (for gateways, tests and the benchmark). */
export function encodeBinaryMessage(m: { seq: number; t0Ms: number; rateHz: number; values: ArrayLike<number> }): Uint8Array {
  const out = new Uint8Array(BINARY_HEADER + m.values.length * 4)
  const view = new DataView(out.buffer)
  view.setUint32(0, BINARY_MAGIC, true)
  view.setUint32(4, 0, true)
  view.setFloat64(8, m.seq, true)
  view.setFloat64(16, m.t0Ms, true)
  view.setFloat64(24, m.rateHz, true)
  for (let i = 0; i < m.values.length; i++) view.setFloat32(BINARY_HEADER + i * 4, m.values[i], true)
  return out
}
