/**
 * Live vibration streams (issue #19 item 4) against real Mosquitto brokers: the anonymous one on 127.0.0.1:1883
 * (TEST_MQTT_URL; `.ci/run` starts it), each test under a topic prefix of its own, and one this file starts on a free
 * port with persistence, to restart it mid-stream. A gateway here is an mqtt.js client publishing with QoS 1, as the
 * README's payload describes; what is stored is read back through the REST API. Skipped, saying why, only when the
 * mosquitto binary is missing.
 */
import { randomBytes } from 'node:crypto'
import { and, asc, eq } from 'drizzle-orm'
import mqtt, { type MqttClient } from 'mqtt'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { db } from '~db/client.server'
import { vibrationChannelDiagnosis, vibrationMachines, vibrationRecordings, vibrationStreamGaps, vibrationStreams } from '~db/schema'
import { encodeBinaryMessage } from '~/domain/vibration/stream/message'
import { setStreamCreatesMachines } from '~/models/vibration/stream/machines.server'
import { STREAM_BLOCK } from '~/models/vibration/stream/store.server'
import { StreamSubscriber } from '~/models/vibration/stream/subscriber.server'
import * as diagnosisApi from '~/routes/api.v1.vibration-diagnosis'
import * as dataApi from '~/routes/api.v1.vibration-data'
import { createApiToken } from '~/utils/api-auth.server'
import { generateWindow } from '../fixtures/vibration/generator'
import { BASE, callLoader } from '../support/app'
import { hasMosquitto, TestBroker } from '../support/mosquitto'
import { waitFor } from './printer-live-support'
import { resetVibration } from './vibration-support'

if (!hasMosquitto) console.warn('vibration-stream: the mosquitto binary is missing (apt-get install mosquitto): the stream tests are skipped.')

const SHARED_URL = process.env.TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883'
const RATE = 1360
const PER_MESSAGE = 680 // half a second
const T0 = Date.parse('2026-12-07T02:00:00Z')
const actor = { id: null, username: 'test' }

/** A stream of one machine's healthy (then, optionally, faulty) signal, cut into messages. */
function signal(seconds: number, cls: 'normal' | 'unbalance' = 'normal', seed = 5): Float64Array {
  return generateWindow(cls, { machineSeed: 41, seed, samples: Math.round(seconds * RATE), shaftHz: 29, sampleRate: RATE }).values
}

function messages(values: Float64Array, opts: { firstSeq?: number; startMs?: number; binary?: boolean } = {}): { seq: number; payload: Buffer }[] {
  const out = []
  const start = opts.startMs ?? T0
  for (let i = 0, seq = opts.firstSeq ?? 0; i < values.length; i += PER_MESSAGE, seq++) {
    const part = Array.from(values.subarray(i, i + PER_MESSAGE))
    const t0Ms = start + (i * 1000) / RATE
    const payload = opts.binary
      ? Buffer.from(encodeBinaryMessage({ seq, t0Ms, rateHz: RATE, values: part }))
      : Buffer.from(JSON.stringify({ seq, t0: new Date(t0Ms).toISOString(), rateHz: RATE, values: part }))
    out.push({ seq, payload })
  }
  return out
}

async function gateway(url: string): Promise<MqttClient> {
  const c = mqtt.connect(url, { clientId: `gw-${randomBytes(4).toString('hex')}`, reconnectPeriod: 200, protocolVersion: 4 })
  await new Promise<void>((resolve, reject) => {
    c.once('connect', () => resolve())
    c.once('error', reject)
  })
  return c
}

const publish = (c: MqttClient, topic: string, payload: Buffer | string) =>
  new Promise<void>((resolve, reject) => c.publish(topic, payload, { qos: 1 }, (e) => (e ? reject(e) : resolve())))

async function apiGet(route: typeof dataApi | typeof diagnosisApi, pathAndQuery: string) {
  const { token } = await createApiToken(actor, { name: `reader-${randomBytes(3).toString('hex')}`, scope: 'read' })
  const res = await callLoader(route, new Request(new URL(pathAndQuery, BASE), { headers: { Authorization: `Bearer ${token}` } }))
  expect(res.status).toBe(200)
  return res.data as { data: Record<string, unknown>[]; next_cursor: string | null }
}

async function streamRow(machine: string) {
  const [row] = await db
    .select({ s: vibrationStreams })
    .from(vibrationStreams)
    .innerJoin(vibrationMachines, eq(vibrationMachines.id, vibrationStreams.machineId))
    .where(eq(vibrationMachines.name, machine))
  return row?.s ?? null
}

async function recordingsOf(machine: string) {
  return db
    .select({ id: vibrationRecordings.id, sampleCount: vibrationRecordings.sampleCount, collectedAt: vibrationRecordings.collectedAt, blockSize: vibrationRecordings.blockSize })
    .from(vibrationRecordings)
    .innerJoin(vibrationMachines, eq(vibrationMachines.id, vibrationRecordings.machineId))
    .where(eq(vibrationMachines.name, machine))
    .orderBy(asc(vibrationRecordings.collectedAt))
}

let subscriber: StreamSubscriber | null = null
let prefix = ''
const clients: MqttClient[] = []

function startSubscriber(url: string, clientId = `mes-test-${randomBytes(4).toString('hex')}`) {
  subscriber = new StreamSubscriber({ url, prefix, clientId, leadEveryMs: 200 })
  subscriber.start()
  return subscriber
}

beforeEach(async () => {
  await resetVibration()
  prefix = `test-${randomBytes(4).toString('hex')}/vibration`
})

afterEach(async () => {
  await subscriber?.stop()
  subscriber = null
  await Promise.all(clients.splice(0).map((c) => c.endAsync()))
})

describe.skipIf(!hasMosquitto)('a gateway streams one sensor over MQTT', () => {
  test('samples land in one stream recording (blocks of one window), each complete window is judged, and the API returns both', async () => {
    await setStreamCreatesMachines(actor, true)
    const sub = startSubscriber(SHARED_URL)
    await waitFor('the subscriber to connect', () => sub.connected)
    const gw = await gateway(SHARED_URL)
    clients.push(gw)
    const values = signal(20)
    const sent = messages(values)
    // Half of the messages in the binary variant: both are stored alike.
    for (const [i, m] of sent.entries()) await publish(gw, `${prefix}/press-7/1`, i % 2 ? Buffer.from(encodeBinaryMessage({ seq: m.seq, t0Ms: T0 + (i * PER_MESSAGE * 1000) / RATE, rateHz: RATE, values: Array.from(values.subarray(i * PER_MESSAGE, (i + 1) * PER_MESSAGE)) })) : m.payload)
    await waitFor('every message stored', () => sub.stats.stored === sent.length, 30_000)

    const [rec, ...more] = await recordingsOf('press-7')
    expect(more).toHaveLength(0)
    expect(rec).toMatchObject({ sampleCount: values.length, blockSize: STREAM_BLOCK, collectedAt: new Date(T0) })
    const windows = Math.floor(values.length / STREAM_BLOCK)
    const stream = await streamRow('press-7')
    expect(stream).toMatchObject({ lastSeq: sent.length - 1, messages: sent.length, samples: values.length, windows, duplicates: 0, gaps: 0, malformed: 0, recordingId: rec.id })

    // Samples through the REST API: every one, in order, at the right times.
    const page = await apiGet(dataApi, `/api/v1/vibration-data?machine=press-7&sensor=1&limit=5000`)
    expect(page.data).toHaveLength(5000)
    expect(page.data[0]).toMatchObject({ machine_name: 'press-7', sensor_no: '1', measured_time: 0 })
    expect(page.data[1000].value as number).toBeCloseTo(values[1000], 4)
    expect(page.data[1000].measured_time as number).toBeCloseTo(1000 / RATE, 9)

    // Windows through the REST API: one per 2,048 samples; the first ones wait for the provisional baseline.
    const diag = await apiGet(diagnosisApi, `/api/v1/vibration-diagnosis?machine=press-7&limit=1000`)
    expect(diag.data).toHaveLength(windows)
    const byIndex = [...diag.data].sort((a, b) => (a.window_index as number) - (b.window_index as number))
    expect(byIndex.map((d) => d.window_index)).toEqual(Array.from({ length: windows }, (_, i) => i))
    expect(byIndex[0]).toMatchObject({ channel: 'value', status: 'no_baseline', fault_type: null, recording_id: rec.id, window_start: new Date(T0).toISOString() })
    const judged = byIndex.filter((d) => d.status === 'diagnosed')
    expect(judged.length).toBeGreaterThanOrEqual(windows - 3)
    expect(judged.filter((d) => d.fault_type === 0).length / judged.length).toBeGreaterThanOrEqual(0.9)
    const [channel] = await db.select().from(vibrationChannelDiagnosis).where(eq(vibrationChannelDiagnosis.recordingId, rec.id))
    expect(channel).toMatchObject({ windowCount: windows, baselineSource: 'provisional', faultType: 0 })
  }, 60_000)

  test('a redelivered message adds nothing; a missing one is a gap that starts a new recording; malformed messages are counted and the stream goes on', async () => {
    await setStreamCreatesMachines(actor, true)
    const sub = startSubscriber(SHARED_URL)
    await waitFor('the subscriber to connect', () => sub.connected)
    const gw = await gateway(SHARED_URL)
    clients.push(gw)
    const sent = messages(signal(6))
    const topic = `${prefix}/fan-2/S1`
    for (const m of sent.slice(0, 4)) await publish(gw, topic, m.payload)
    await publish(gw, topic, sent[3].payload) // a duplicate
    await publish(gw, topic, sent[2].payload) // an old one
    await publish(gw, topic, '{"seq": 9, "t0": "yesterday", "rateHz": 1360, "values": [1]}')
    await publish(gw, topic, Buffer.from([0xff, 0xfe, 0x00]))
    for (const m of sent.slice(6)) await publish(gw, topic, m.payload) // seqs 4 and 5 never arrive
    await waitFor('every message handled', () => sub.stats.handled === sent.length - 2 + 4, 30_000)
    expect(sub.stats).toMatchObject({ stored: sent.length - 2, duplicates: 2, malformed: 2 })

    const stream = await streamRow('fan-2')
    expect(stream).toMatchObject({ duplicates: 2, malformed: 2, gaps: 1, lastProblem: 'not_json', lastSeq: sent.length - 1 })
    const gaps = await db.select().from(vibrationStreamGaps).where(eq(vibrationStreamGaps.machineId, stream!.machineId))
    expect(gaps).toHaveLength(1)
    expect(gaps[0]).toMatchObject({ sensorNo: 'S1', missingFrom: 4, missingTo: 5 })
    expect(gaps[0].toAt.getTime() - gaps[0].fromAt.getTime()).toBeGreaterThan(1000)
    const recs = await recordingsOf('fan-2')
    expect(recs.map((r) => r.sampleCount)).toEqual([4 * PER_MESSAGE, (sent.length - 6) * PER_MESSAGE])
  }, 60_000)

  test('an unknown machine is not created unless the setting allows it; a bad topic is dropped', async () => {
    await setStreamCreatesMachines(actor, false)
    const sub = startSubscriber(SHARED_URL)
    await waitFor('the subscriber to connect', () => sub.connected)
    const gw = await gateway(SHARED_URL)
    clients.push(gw)
    const [first, second] = messages(signal(1))
    await publish(gw, `${prefix}/ghost/1`, first.payload)
    await publish(gw, `${prefix}/<script>/1`, first.payload)
    await waitFor('both handled', () => sub.stats.handled === 2)
    expect(sub.stats).toMatchObject({ unknown: 2, stored: 0 })
    expect(await db.select().from(vibrationMachines)).toHaveLength(0)
    await setStreamCreatesMachines(actor, true)
    await publish(gw, `${prefix}/ghost/1`, second.payload)
    await waitFor('stored', () => sub.stats.stored === 1)
    expect((await db.select().from(vibrationMachines)).map((m) => m.name)).toEqual(['ghost'])
  }, 30_000)
})

describe.skipIf(!hasMosquitto)('the broker restarts mid-stream', () => {
  test('the subscriber reconnects to its persistent session and nothing the broker accepted is lost: one gap-free recording', async () => {
    await setStreamCreatesMachines(actor, true)
    // Persistence on: the broker keeps the subscriber's session and queue across a restart.
    const broker = await TestBroker.make((dir) => ['allow_anonymous true', 'persistence true', `persistence_location ${dir}/`])
    try {
      const url = `mqtt://127.0.0.1:${broker.port}`
      const sub = startSubscriber(url, 'mes-test-restart')
      await waitFor('the subscriber to connect', () => sub.connected)
      const gw = await gateway(url)
      clients.push(gw)
      const values = signal(16)
      const sent = messages(values)
      const topic = `${prefix}/mill-3/2`
      const half = Math.floor(sent.length / 2)
      for (const m of sent.slice(0, half)) await publish(gw, topic, m.payload)
      await broker.stop('SIGTERM')
      // While the broker is down the gateway keeps publishing (mqtt.js queues QoS 1 messages until it is back).
      const later = sent.slice(half).map((m) => publish(gw, topic, m.payload))
      await new Promise((r) => setTimeout(r, 500))
      await broker.start()
      await Promise.all(later)
      await waitFor('every message stored after the restart', () => sub.stats.stored === sent.length, 30_000)

      // The app stops (a restart, an update) while the gateway goes on: the broker keeps the messages for the
      // subscriber's persistent session, and the next subscriber with the same client id stores them.
      await sub.stop()
      const more = messages(signal(4, 'normal', 6), { firstSeq: sent.length, startMs: T0 + (values.length * 1000) / RATE })
      for (const m of more) await publish(gw, topic, m.payload)
      const next = startSubscriber(url, 'mes-test-restart')
      await waitFor('the queued messages stored by the next subscriber', () => next.stats.stored === more.length, 30_000)
      const total = values.length + more.length * PER_MESSAGE

      const recs = await recordingsOf('mill-3')
      expect(recs.map((r) => r.sampleCount)).toEqual([total])
      const stream = await streamRow('mill-3')
      expect(stream).toMatchObject({ gaps: 0, messages: sent.length + more.length, samples: total, windows: Math.floor(total / STREAM_BLOCK) })
      const gaps = await db.select().from(vibrationStreamGaps).where(and(eq(vibrationStreamGaps.machineId, stream!.machineId)))
      expect(gaps).toHaveLength(0)
    } finally {
      await subscriber?.stop()
      subscriber = null
      await Promise.all(clients.splice(0).map((c) => c.endAsync(true)))
      await broker.destroy()
    }
  }, 60_000)
})
