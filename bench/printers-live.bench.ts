/**
 * `npm run bench -- printers-live [printers]`: the live-printer connectors under a fleet (issue 18). 200 Bambu Lab
 * printers (the default) on the real Mosquitto broker at 127.0.0.1:1883, each sending a report every 2 s from a
 * publisher in a child process (shaped as the printers send them; no printer here), read by the app's own poller
 * (app/models/printers/live/poller.server.ts, default timings) into the database the live endpoint reads.
 *
 * - CPU of this process while the poller follows the fleet (target ≤ 10 % of one core), measured over 30 s after a warm-up,
 *   next to the baseline measured in the same run: a bare MQTT client of the same broker that subscribes to every
 *   printer's reports and parses them, nothing else (the cost of just hearing the fleet).
 * - Message → visible: the time from a report's publication to its progress on `GET /api/v1/printers/{assetId}/live`
 *   (target ≤ 1 s at p99), asked for 8 printers spread over the fleet every 50 ms over 20 s, outside the CPU window. The time a round
 *   starts publishing is taken for all 200 of its reports, so the figure includes the publisher's own burst.
 * On the embedded database (its work counts here), then on PostgreSQL when one answers at TEST_DATABASE_URL /
 * 127.0.0.1:5432 (the database's own work is another process).
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { sql } from 'drizzle-orm'
import mqtt from 'mqtt'
import postgres from 'postgres'
import { db, migrateDb, openDb, resultRows, setDbHandle, type DbHandle } from '../db/client.server'
import { apiTokens, printers } from '../db/schema'
import { calendarPreset } from '../app/domain/printers'
import { saveConnection } from '~/models/printers/live/connections.server'
import { PrinterPoller } from '~/models/printers/live/poller.server'
import * as liveApi from '~/routes/api.v1.printers.$assetId.live'
import { hashToken } from '~/utils/api-auth.server'
import { resetEnvCache } from '~/utils/env.server'
import { metric, type Metric } from './lib'
import { ADMIN_URL, dbUrl, postgresAnswers } from './server-harness'
import { reachable } from '../tests/support/mosquitto'

const BROKER = { host: '127.0.0.1', port: 1883 }
const PERIOD_MS = 2_000

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** This process's CPU over `ms`, in % of one core. */
async function cpuPct(ms: number): Promise<number> {
  const start = process.cpuUsage()
  const t0 = performance.now()
  await sleep(ms)
  const used = process.cpuUsage(start)
  return ((used.user + used.system) / 1000 / (performance.now() - t0)) * 100
}

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN)

/** The publisher: every 2 s one report per printer (progress = round % 100); prints `{"r":…,"t":…}` as each round starts. */
const PUBLISHER = `
import mqtt from 'mqtt'
const [host, port, count, period] = process.argv.slice(1)
const c = mqtt.connect('mqtt://' + host + ':' + port, { clientId: 'bench-fleet-' + process.pid })
c.on('connect', () => {
  let r = 0
  const round = () => {
    const t = Date.now()
    for (let i = 0; i < Number(count); i++) {
      const print = { command: 'push_status', gcode_state: 'RUNNING', mc_percent: r % 100, mc_remaining_time: 100 - (r % 100), nozzle_temper: 215 + (r % 7) / 10, bed_temper: 60, subtask_name: 'Bench plate ' + i, print_error: 0 }
      c.publish('device/BENCH' + i + '/report', JSON.stringify({ print }))
    }
    console.log(JSON.stringify({ r, t }))
    r++
  }
  round()
  setInterval(round, Number(period))
})
`

async function onDatabase(handle: DbHandle, label: string, count: number): Promise<Metric[]> {
  setDbHandle(handle)
  await migrateDb(handle)
  process.env.PRINTER_SECRET_KEY = randomBytes(32).toString('base64')
  resetEnvCache()
  const rows = await db
    .insert(printers)
    .values(Array.from({ length: count }, (_, i) => ({ assetId: `BENCH-${i}`, name: `Bench ${i}`, calendar: calendarPreset('always') })))
    .returning({ id: printers.id, assetId: printers.assetId })
  const actor = { id: null, username: 'bench' }
  for (const [i, p] of rows.entries()) {
    const saved = await saveConnection(actor, p.id, { type: 'bambu', host: BROKER.host, port: BROKER.port, tls: false, serial: `BENCH${i}`, accessCode: '12345678', apiKey: '' }, null)
    if (!saved.ok) throw new Error(`connection of ${p.assetId} not saved: ${JSON.stringify(saved)}`)
  }

  const rounds = new Map<number, number>()
  const publisher = spawn(process.execPath, ['--input-type=module', '-e', PUBLISHER, BROKER.host, String(BROKER.port), String(count), String(PERIOD_MS)], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  readline.createInterface({ input: publisher.stdout! }).on('line', (line) => {
    const { r, t } = JSON.parse(line) as { r: number; t: number }
    rounds.set(r, t)
  })
  const metrics: Metric[] = []
  try {
    while (rounds.size === 0) await sleep(50)

    // Baseline: hear the same fleet with a bare client (subscribe + parse), nothing else.
    let heard = 0
    const bare = mqtt.connect(`mqtt://${BROKER.host}:${BROKER.port}`, { clientId: `bench-bare-${process.pid}` })
    bare.on('message', (_topic, payload) => {
      JSON.parse(payload.toString())
      heard++
    })
    await new Promise<void>((resolve) => bare.on('connect', () => bare.subscribe('device/+/report', () => resolve())))
    await sleep(4_000)
    heard = 0
    const bareCpu = await cpuPct(20_000)
    const bareRate = heard / 20
    await new Promise<void>((resolve) => bare.end(true, {}, () => resolve()))

    // The app's poller, default timings.
    const poller = new PrinterPoller()
    await poller.start()
    try {
      await sleep(10_000)
      const connected = resultRows<{ n: number }>(await db.execute(sql`select count(*)::int as n from printer_live_state where connected_since is not null`))[0]?.n ?? 0
      const cpu = await cpuPct(30_000)

      // Latency: when does each round's progress show on GET /api/v1/printers/{assetId}/live? Asked in-process through
      // the route's loader (a read token), for 8 printers spread over the fleet, every 50 ms each.
      const token = `mes_${randomBytes(32).toString('base64url')}`
      await db.insert(apiTokens).values({ name: 'bench-live', scope: 'read', tokenHash: hashToken(token), prefix: token.slice(0, 12) })
      const seen = new Set<string>()
      const latencies: number[] = []
      const started = Date.now()
      const until = started + 20_000
      const batch = Array.from({ length: Math.min(8, rows.length) }, (_, i) => rows[Math.floor((i * rows.length) / Math.min(8, rows.length))]!)
      while (Date.now() < until) {
        await Promise.all(
          batch.map(async (p) => {
            const request = new Request(`http://localhost/api/v1/printers/${p.assetId}/live`, { headers: { Authorization: `Bearer ${token}` } })
            const res = (await liveApi.loader({ request, params: { assetId: p.assetId }, context: {} })) as Response
            const now = Date.now()
            const body = (await res.json()) as { progress: number | null }
            if (body.progress === null) return
            const pctValue = Math.round(body.progress * 100)
            // The latest round that published this progress.
            let round = -1
            for (const [r] of rounds) if (r % 100 === pctValue && r > round) round = r
            const t = rounds.get(round)
            const key = `${p.id}:${round}`
            if (round < 0 || t === undefined || seen.has(key)) return
            seen.add(key)
            // A round published before the window began may have been visible for a while already: not a sample.
            if (t >= started) latencies.push(now - t)
          }),
        )
        await sleep(50)
      }
      latencies.sort((a, b) => a - b)
      metrics.push(
        metric(`${label}: printers connected (of ${count})`, connected, 'printers'),
        metric(`${label}: reports heard per second (${count} printers, one per ${PERIOD_MS / 1000} s each)`, Math.round(bareRate), '/s'),
        metric(`${label}: poller CPU following the fleet`, Math.round(cpu * 10) / 10, '% of a core', '<= 10'),
        metric(`${label}: baseline, bare MQTT subscriber (same broker, same reports)`, Math.round(bareCpu * 10) / 10, '% of a core'),
        metric(`${label}: poller CPU / baseline`, Math.round((cpu / Math.max(0.1, bareCpu)) * 10) / 10, '×'),
        metric(`${label}: report → visible on GET /api/v1/printers/{assetId}/live, p50`, Math.round(pct(latencies, 50)), 'ms'),
        metric(`${label}: report → visible on GET …/live, p99 (${latencies.length} samples)`, Math.round(pct(latencies, 99)), 'ms', '<= 1000'),
      )
    } finally {
      await poller.stop()
    }
  } finally {
    publisher.kill('SIGKILL')
  }
  return metrics
}

export default async function run(args: string[]): Promise<Metric[]> {
  const count = Math.max(1, Number(args[0] ?? 200) || 200)
  if (!(await reachable(BROKER.port, BROKER.host))) {
    return [metric('skipped: no MQTT broker at 127.0.0.1:1883 (mosquitto -d -c /etc/mosquitto/mosquitto.conf)', 0, '—')]
  }
  const metrics: Metric[] = []
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mes-live-'))
  const embedded = openDb({ dataDir: dir })
  try {
    metrics.push(...(await onDatabase(embedded, 'PGlite', count)))
  } finally {
    await embedded.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
  if (!(await postgresAnswers())) return [...metrics, metric('PostgreSQL: skipped, no server at TEST_DATABASE_URL / 127.0.0.1:5432', 0, '—')]
  const name = `mes_live_${randomBytes(4).toString('hex')}`
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database "${name}"`)
  const handle = openDb({ databaseUrl: dbUrl(name), poolMax: 4 })
  try {
    metrics.push(...(await onDatabase(handle, 'PostgreSQL', count)))
  } finally {
    await handle.close()
    await admin.unsafe(`drop database if exists "${name}" with (force)`)
    await admin.end()
  }
  return metrics
}
