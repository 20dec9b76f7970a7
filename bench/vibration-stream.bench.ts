/**
 * `npm run bench -- vibration-stream [sensors] [rateHz]`: live vibration streams over MQTT (issue #19 item 4). 48
 * sensors at 5 kHz (the default: 240,000 samples/s offered, above the 200,000/s target, so "stored" shows whether it
 * keeps up with room to spare rather than the publisher's own rate), each sending one message of 2,048 samples (one diagnosis
 * window) every 410 ms as JSON with QoS 1 — from a publisher in a child process through the real Mosquitto broker at
 * 127.0.0.1:1883 — into the app's own subscriber (app/models/vibration/stream/subscriber.server.ts) in this process:
 * samples stored in blocks, each window judged, the stream's counters, one transaction per message.
 *
 * - Sustained throughput: samples stored per second over 30 s after a 5 s warm-up (target ≥ 200,000/s), and what is
 *   left unstored when the publisher stops (0: it keeps up).
 * - RSS of this process (the app's modules, its database on PGlite, the subscriber) at its peak over the run
 *   (target ≤ 300 MB).
 * - Sample → diagnosis: from the moment a window's last message was published to its diagnosis row's commit
 *   (diagnosed_at), p50 and p99 over the windows of the measured 30 s (target ≤ 2 s at p99).
 * - Baseline in the same run: a bare MQTT subscriber of the same broker and publisher that parses every message into
 *   numbers and stores nothing (the cost of just hearing the streams): its CPU next to the app's.
 * On the embedded database (its work counts here), then on PostgreSQL when one answers (its work is another process).
 */
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { fileURLToPath } from 'node:url'
import { sql } from 'drizzle-orm'
import mqtt from 'mqtt'
import postgres from 'postgres'
import { db, migrateDb, openDb, resultRows, setDbHandle, type DbHandle } from '../db/client.server'
import { setStreamCreatesMachines } from '~/models/vibration/stream/machines.server'
import { StreamSubscriber } from '~/models/vibration/stream/subscriber.server'
import { metric, type Metric } from './lib'
import { ADMIN_URL, dbUrl, postgresAnswers } from './server-harness'
import { reachable } from '../tests/support/mosquitto'

const BROKER = { host: '127.0.0.1', port: 1883 }
const PER_MESSAGE = 2048
const WARMUP_MS = 5_000
const MEASURE_MS = 30_000

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN)

/**
 * The gateways: every 2,048 / rate seconds one message per sensor (a 1X tone, a 2X tone and noise, as JSON with 4
 * decimals, as a gateway sends them); prints `{"r":…,"t":…}` as each round is published.
 */
const PUBLISHER = `
import mqtt from 'mqtt'
const [url, prefix, sensors, rate, per] = process.argv.slice(1)
const n = Number(sensors), hz = Number(rate), size = Number(per)
const c = mqtt.connect(url, { clientId: 'bench-gw-' + process.pid })
c.on('connect', () => {
  const start = Date.now()
  let r = 0
  const round = () => {
    const t = Date.now()
    for (let s = 0; s < n; s++) {
      const values = new Array(size)
      for (let i = 0; i < size; i++) {
        const k = r * size + i
        values[i] = Number((Math.sin((2 * Math.PI * 24.5 * k) / hz + s) + 0.3 * Math.sin((2 * Math.PI * 49 * k) / hz) + 0.2 * (Math.random() - 0.5)).toFixed(4))
      }
      c.publish(prefix + '/bench-' + s + '/1', JSON.stringify({ seq: r, t0: new Date(start + (r * size * 1000) / hz).toISOString(), rateHz: hz, values }), { qos: 1 })
    }
    console.log(JSON.stringify({ r, t }))
    r++
    setTimeout(round, Math.max(0, start + (r * size * 1000) / hz - Date.now()))
  }
  round()
})
`

/** This process's CPU over `ms`, in % of one core, sampling the peak RSS meanwhile. */
async function measure(ms: number, rss: { peak: number; heap?: number; external?: number }): Promise<number> {
  const start = process.cpuUsage()
  const t0 = performance.now()
  const end = Date.now() + ms
  while (Date.now() < end) {
    const m = process.memoryUsage()
    rss.peak = Math.max(rss.peak, m.rss / 2 ** 20)
    rss.heap = Math.max(rss.heap ?? 0, m.heapTotal / 2 ** 20)
    rss.external = Math.max(rss.external ?? 0, m.external / 2 ** 20)
    await sleep(250)
  }
  const used = process.cpuUsage(start)
  return ((used.user + used.system) / 1000 / (performance.now() - t0)) * 100
}

async function onDatabase(handle: DbHandle, label: string, sensors: number, rateHz: number): Promise<Metric[]> {
  setDbHandle(handle)
  await migrateDb(handle)
  await setStreamCreatesMachines({ id: null, username: 'bench' }, true)
  const prefix = `bench-${randomBytes(4).toString('hex')}/vibration`
  const url = `mqtt://${BROKER.host}:${BROKER.port}`
  const rss: { peak: number; heap?: number; external?: number } = { peak: process.memoryUsage().rss / 2 ** 20 }
  const rssAtStart = Math.round(rss.peak)
  const metrics: Metric[] = []

  // Baseline: hear the same streams with a bare client (subscribe + parse into numbers), nothing else.
  let bareSamples = 0
  const bare = mqtt.connect(url, { clientId: `bench-bare-${process.pid}` })
  bare.on('message', (_topic, payload) => {
    const body = JSON.parse(payload.toString()) as { values: number[] }
    bareSamples += Float64Array.from(body.values).length
  })
  await new Promise<void>((resolve) => bare.on('connect', () => bare.subscribe(`${prefix}/+/+`, { qos: 1 }, () => resolve())))
  const rounds = new Map<number, number>()
  const startPublisher = () => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', PUBLISHER, url, prefix, String(sensors), String(rateHz), String(PER_MESSAGE)], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] })
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      const { r, t } = JSON.parse(line) as { r: number; t: number }
      rounds.set(r, t)
    })
    return child
  }
  let publisher = startPublisher()
  try {
    await sleep(3_000)
    bareSamples = 0
    const bareCpu = await measure(10_000, { peak: 0 })
    const bareRate = bareSamples / 10
    await new Promise<void>((resolve) => bare.end(true, {}, () => resolve()))
    publisher.kill('SIGKILL')
    rounds.clear()

    // The app's subscriber: a fresh publisher (seq from 0), warm-up, then the measured window.
    const sub = new StreamSubscriber({ url, prefix, clientId: `bench-sub-${randomBytes(4).toString('hex')}`, leadEveryMs: 200 })
    sub.start()
    while (!sub.connected) await sleep(50)
    publisher = startPublisher()
    await measure(WARMUP_MS, rss)
    const before = sub.stats.samples
    const windowFrom = Date.now()
    const cpu = await measure(MEASURE_MS, rss)
    const windowTo = Date.now()
    const stored = sub.stats.samples - before
    publisher.kill('SIGKILL')
    await sleep(300)
    const published = [...rounds.keys()].length * sensors * PER_MESSAGE
    // What it still had to store when the publisher stopped; then let it finish.
    const behind = Math.max(0, published - sub.stats.samples)
    const drainUntil = Date.now() + 60_000
    while (sub.stats.samples < published && Date.now() < drainUntil) await sleep(100)
    await sub.stop()

    // Sample → diagnosis: window k of every sensor is message k (2,048 samples each, from seq 0).
    const rows = resultRows<{ w: number; at: string | Date }>(await db.execute(sql`select d.window_index as w, d.diagnosed_at as at from vibration_diagnosis d`))
    const latencies: number[] = []
    for (const row of rows) {
      const t = rounds.get(Number(row.w))
      if (t === undefined || t < windowFrom || t > windowTo) continue
      latencies.push(new Date(row.at).getTime() - t)
    }
    latencies.sort((a, b) => a - b)
    const failures = sub.stats.failures
    metrics.push(
      metric(`${label}: offered, ${sensors} sensors × ${rateHz} Hz (messages of ${PER_MESSAGE} samples, JSON, QoS 1)`, sensors * rateHz, 'samples/s'),
      metric(`${label}: stored, sustained over ${MEASURE_MS / 1000} s`, Math.round(stored / ((windowTo - windowFrom) / 1000)), 'samples/s', '>= 200000'),
      metric(`${label}: left unstored when the publisher stopped`, behind, 'samples'),
      metric(`${label}: messages that could not be stored`, failures, 'messages'),
      metric(`${label}: peak RSS (app, subscriber${label === 'PGlite' ? ', embedded database' : ''})`, Math.round(rss.peak), 'MB', '<= 300'),
      metric(`${label}: RSS before subscribing (app modules${label === 'PGlite' ? ', embedded database' : ''}); peak V8 heap; peak external`, rssAtStart, `MB; ${Math.round(rss.heap ?? 0)} MB; ${Math.round(rss.external ?? 0)} MB`),
      metric(`${label}: sample → diagnosis of its window, p50`, Math.round(pct(latencies, 50)), 'ms'),
      metric(`${label}: sample → diagnosis of its window, p99 (${latencies.length} windows)`, Math.round(pct(latencies, 99)), 'ms', '<= 2000'),
      metric(`${label}: subscriber CPU while storing`, Math.round(cpu), '% of a core'),
      metric(`${label}: baseline, bare MQTT subscriber (same broker and streams, parse only)`, Math.round(bareCpu), '% of a core'),
      metric(`${label}: baseline heard`, Math.round(bareRate), 'samples/s'),
      metric(`${label}: subscriber CPU / baseline`, Math.round((cpu / Math.max(1, bareCpu)) * 10) / 10, '×'),
    )
  } finally {
    publisher.kill('SIGKILL')
  }
  return metrics
}

/** One database's figures, measured in a process of its own (so its RSS is the subscriber's, not the last run's). */
function inChild(which: 'pglite' | 'postgres', sensors: number, rateHz: number): Metric[] {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), which, String(sensors), String(rateHz)], {
    cwd: process.cwd(),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 256 * 2 ** 20,
  })
  const line = (r.stdout ?? '')
    .split('\n')
    .filter((l) => l.startsWith('{"metrics"'))
    .pop()
  if (!line) return [metric(`${which}: the measuring process failed (exit ${r.status})`, 0, '—')]
  return (JSON.parse(line) as { metrics: Metric[] }).metrics
}

async function measureOne(which: 'pglite' | 'postgres', sensors: number, rateHz: number): Promise<Metric[]> {
  if (which === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mes-stream-'))
    const embedded = openDb({ dataDir: dir })
    try {
      return await onDatabase(embedded, 'PGlite', sensors, rateHz)
    } finally {
      await embedded.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }
  const name = `mes_stream_${randomBytes(4).toString('hex')}`
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database "${name}"`)
  const handle = openDb({ databaseUrl: dbUrl(name), poolMax: 4 })
  try {
    return await onDatabase(handle, 'PostgreSQL', sensors, rateHz)
  } finally {
    await handle.close()
    await admin.unsafe(`drop database if exists "${name}" with (force)`)
    await admin.end()
  }
}

export default async function run(args: string[]): Promise<Metric[]> {
  const sensors = Math.max(1, Number(args[0] ?? 48) || 48)
  const rateHz = Math.max(100, Number(args[1] ?? 5000) || 5000)
  if (!(await reachable(BROKER.port, BROKER.host))) {
    return [metric('skipped: no MQTT broker at 127.0.0.1:1883 (mosquitto -d -c /etc/mosquitto/mosquitto.conf)', 0, '—')]
  }
  const metrics = inChild('pglite', sensors, rateHz)
  if (!(await postgresAnswers())) return [...metrics, metric('PostgreSQL: skipped, no server at TEST_DATABASE_URL / 127.0.0.1:5432', 0, '—')]
  return [...metrics, ...inChild('postgres', sensors, rateHz)]
}

// The measuring process: `node --import tsx bench/vibration-stream.bench.ts <pglite|postgres> <sensors> <rateHz>`.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [which, sensors, rateHz] = process.argv.slice(2)
  const metrics = await measureOne(which === 'postgres' ? 'postgres' : 'pglite', Number(sensors), Number(rateHz))
  console.log(JSON.stringify({ metrics }))
  process.exit(0)
}
