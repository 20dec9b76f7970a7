/**
 * Vibration diagnosis benchmark (`npm run bench -- vibration-diagnosis [--pglite] [rows=2000000]`), see
 * docs/decisions/006-vibration-diagnosis.md. On a scratch PostgreSQL database (TEST_DATABASE_URL or the local server;
 * `--pglite` uses an in-memory PGlite instead):
 * 1. the seed-sized dataset — 8 recordings × 190,400 rows × 4 channels made by tests/fixtures/vibration/generator.ts
 *    (real physics: the diagnosis cost depends on it) — imported with importVibrationFile, which queues 8 diagnosis jobs
 *    (the recordings are "large"); then the queue is drained: read blocks + diagnose + store, the worker's path. Beside it,
 *    in the same run: reading the 8 recordings back only (the I/O floor) and the pure computation only;
 * 2. latest diagnosis per machine with `rows` diagnosis rows over 50 machines: ours (LATERAL, one index probe per machine)
 *    beside the previous system's ROW_NUMBER() query and a DISTINCT ON query, same table, same columns;
 * 3. the fault-timeline page's loader for one of those machines (rows / 50 = 40,000 windows): default view, one channel over a month,
 *    and loader + server render, beside a trivial loader (bench/trivial-route.ts).
 * The scratch database is dropped at the end, whatever happens.
 */
import { randomBytes } from 'node:crypto'
import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server'
import postgres from 'postgres'
import { sql } from 'drizzle-orm'
import { db, migrateDb, openDb, resultRows, setDbHandle, type DbHandle } from '../db/client.server'
import { vibrationMachines, vibrationRecordings } from '../db/schema'
import { diagnoseRecording } from '../app/domain/vibration/diagnosis'
import { drainDiagnosisQueue } from '~/models/vibration/diagnosis-queue.server'
import { DOMAIN_UNIT } from '~/models/vibration/diagnosis-execute.server'
import { latestDiagnoses } from '~/models/vibration/diagnosis-latest.server'
import { importVibrationFile } from '~/models/vibration/import-file.server'
import { readRecordingChannels } from '~/models/vibration/recording-samples.server'
import * as timelinePage from '../app/routes/vibration.diagnosis.$machineId'
import { generateRecording, recordingToCsv } from '../tests/fixtures/vibration/generator'
import { makeRequest, makeUser, sessionFor } from '../tests/support/app'
import { medianMs, metric, type Metric } from './lib'
import { trivialRoute } from './trivial-route'
import { SEED_FILE_NAMES, SEED_ROWS_PER_FILE } from './vibration-dataset'

const ADMIN_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres'
const MACHINES = 50
type Handler = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>

async function adminExec(text: string) {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {}, connect_timeout: 3 })
  try {
    await admin.unsafe(text)
  } finally {
    await admin.end()
  }
}


async function* chunks(text: string): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text)
  for (let i = 0; i < bytes.length; i += 1 << 20) yield bytes.subarray(i, i + (1 << 20))
}

// ---- 1. the seed-sized dataset ---------------------------------------------------------------------------------------

async function seedDataset(): Promise<{ importMs: number; recordingIds: string[] }> {
  const t0 = performance.now()
  for (const [i, name] of SEED_FILE_NAMES.entries()) {
    const m = /^(g\d)_sensor(\d)\.csv$/.exec(name)!
    const rec = generateRecording({ seconds: SEED_ROWS_PER_FILE / 1360, seed: 100 + i })
    const outcome = await importVibrationFile({
      fileName: name,
      body: chunks(recordingToCsv(rec)),
      machine: m[1],
      sensor: m[2],
      recordedAt: new Date(Date.UTC(2025, 0, 1 + i, 8)),
      batchId: crypto.randomUUID(),
      source: 'form',
      actor: { id: null, username: 'bench' },
      canCreateMachines: true,
      maxBytes: 1 << 30,
      timeZone: 'Asia/Seoul',
    })
    if (outcome.status !== 'succeeded') throw new Error(`seed import of ${name} failed: ${outcome.message}`)
  }
  const importMs = performance.now() - t0
  const ids = await db.select({ id: vibrationRecordings.id }).from(vibrationRecordings)
  return { importMs, recordingIds: ids.map((r) => r.id) }
}

async function diagnosisFigures(): Promise<Metric[]> {
  const { importMs, recordingIds } = await seedDataset()
  const [{ queued }] = resultRows<{ queued: number }>(await db.execute(sql`select count(*)::int as queued from vibration_diagnosis_runs where status = 'queued'`))
  if (queued !== recordingIds.length) throw new Error(`expected ${recordingIds.length} queued jobs, found ${queued}`)

  // The I/O floor: read the 8 recordings back.
  let t0 = performance.now()
  const recs = []
  for (const id of recordingIds) recs.push((await readRecordingChannels(id))!)
  const readMs = performance.now() - t0
  // The pure computation on the data in memory.
  t0 = performance.now()
  let windows = 0
  for (const r of recs) {
    const results = diagnoseRecording({ time: r.time, channels: r.channels, nominalRpm: r.machine.nominalRpm, unit: DOMAIN_UNIT[r.machine.signalUnit], recordingId: r.recordingId })
    for (const c of results) windows += c.result.ok ? c.result.windows.length : 0
  }
  const computeMs = performance.now() - t0
  recs.length = 0

  // The real thing: the queue drained (claim, read, diagnose, store each recording).
  t0 = performance.now()
  const ran = await drainDiagnosisQueue()
  const totalMs = performance.now() - t0
  if (ran !== recordingIds.length) throw new Error(`drained ${ran} jobs, expected ${recordingIds.length}`)
  const channelRows = resultRows<{ label: number; fault: number; n: number }>(
    await db.execute(sql`select label, fault_type as fault, count(*)::int as n from vibration_channel_diagnosis group by 1, 2 order by 1, 2`),
  )
  const agreeing = channelRows.filter((r) => r.label === r.fault).reduce((s, r) => s + r.n, 0)
  const channels = channelRows.reduce((s, r) => s + r.n, 0)
  const samples = recordingIds.length * SEED_ROWS_PER_FILE
  return [
    metric(`seed set: import of ${recordingIds.length} files × ${SEED_ROWS_PER_FILE.toLocaleString('en')} rows (info)`, importMs / 1000, 's'),
    metric(`baseline: read the ${samples.toLocaleString('en')} rows × 4 channels back (I/O floor)`, readMs / 1000, 's'),
    metric('pure diagnosis of the same data in memory (no database)', computeMs / 1000, 's'),
    metric(`ours: diagnosis jobs for the seed set (read + diagnose + store ${windows} windows)`, totalMs / 1000, 's', '<= 10'),
    metric('  ratio to the I/O floor', totalMs / readMs, 'ratio'),
    metric(`  channels diagnosed as their recorded condition (${agreeing}/${channels})`, (100 * agreeing) / Math.max(1, channels), '%'),
  ]
}

// ---- 2. latest per machine at 2 M rows ---------------------------------------------------------------------------------

async function fillDiagnoses(rows: number): Promise<{ fillMs: number; machineIds: string[] }> {
  const machines = await db
    .insert(vibrationMachines)
    .values(Array.from({ length: MACHINES }, (_, i) => ({ name: `m${String(i + 1).padStart(2, '0')}` })))
    .returning({ id: vibrationMachines.id, name: vibrationMachines.name })
  const recs = await db
    .insert(vibrationRecordings)
    .values(machines.map((m) => ({ machineId: m.id, sensorNo: '1', collectedAt: new Date(Date.UTC(2025, 0, 1)), channels: ['normal', 'type1', 'type2', 'type3'], blockSize: 4096, sampleCount: 0, firstTime: 0, lastTime: 0 })))
    .returning({ id: vibrationRecordings.id, machineId: vibrationRecordings.machineId })
  // A realistic payload: the features and reason of a real diagnosed window.
  const [sample] = resultRows<{ features: unknown; reason: unknown }>(await db.execute(sql`select features, reason from vibration_diagnosis limit 1`))
  const features = JSON.stringify(sample?.features ?? { rms: 0.5, crest: 3, kurtosis: 3, orders: Array(16).fill(0.1) })
  const reason = JSON.stringify(sample?.reason ?? { code: 'normal' })
  const ids = machines.map((m) => m.id)
  const names = machines.map((m) => m.name)
  const recIds = machines.map((m) => recs.find((r) => r.machineId === m.id)!.id)
  const t0 = performance.now()
  const step = 250_000
  for (let from = 0; from < rows; from += step) {
    const to = Math.min(rows, from + step) - 1
    // Row g belongs to machine g % 50; its i = g / 50 gives channel i % 4, window i / 4 and a time 13 minutes after the
    // previous one (40,000 windows ≈ a year per machine). Fault types: a deterministic mix.
    await db.execute(sql`
      insert into vibration_diagnosis (machine_id, machine_name, sensor_no, recording_id, channel, window_index, window_start, window_end,
        detected_at, fault_type, confidence, features, reason, velocity_rms, iso_zone, engine_version)
      select m.id, m.name, '1', m.rec, (array['normal','type1','type2','type3'])[1 + (g / ${MACHINES}) % 4], (g / ${MACHINES}) / 4,
        t - interval '1.5 seconds', t, t, ((g / ${MACHINES}) * 7 + (g % ${MACHINES})) % 4, 0.5 + ((g % 97) / 200.0),
        ${features}::jsonb, ${reason}::jsonb, 1.0 + (g % 50) / 10.0, 'B', 'rules-1.0'
      from generate_series(${from}::int, ${to}::int) g
      join unnest(${`{${ids.join(',')}}`}::uuid[], ${`{${names.join(',')}}`}::text[], ${`{${recIds.join(',')}}`}::uuid[]) with ordinality as m(id, name, rec, k)
        on m.k = (g % ${MACHINES}) + 1
      cross join lateral (select timestamptz '2025-01-01 00:00:00+00' + ((g / ${MACHINES}) * interval '13 minutes') as t) ts`)
    process.stdout.write(`  ${Math.min(rows, to + 1).toLocaleString('en')} rows\r`)
  }
  await db.execute(sql`analyze vibration_diagnosis`)
  return { fillMs: performance.now() - t0, machineIds: ids }
}

const COLUMNS = `id, machine_name, sensor_no, channel, recording_id, window_index, window_start, window_end, detected_at, fault_type, confidence,
  iso_zone, velocity_rms, reason, engine_version, diagnosed_at`

async function latestFigures(rows: number, kind: DbHandle['kind']): Promise<{ metrics: Metric[]; machineIds: string[] }> {
  const { fillMs, machineIds } = await fillDiagnoses(rows)
  const [{ n }] = resultRows<{ n: number }>(await db.execute(sql`select count(*)::int as n from vibration_diagnosis`))
  const ours = async () => {
    const r = await latestDiagnoses()
    if (r.filter((m) => m.diagnosis).length < MACHINES) throw new Error('latest: a machine without a diagnosis')
  }
  const previous = async () => {
    const r = resultRows(await db.execute(sql.raw(`select * from (select ${COLUMNS}, row_number() over (partition by machine_name order by detected_at desc) as rn from vibration_diagnosis) x where rn = 1`)))
    if (r.length < MACHINES) throw new Error('row_number: too few rows')
  }
  const distinctOn = async () => {
    resultRows(await db.execute(sql.raw(`select distinct on (machine_id) machine_id, ${COLUMNS} from vibration_diagnosis order by machine_id, detected_at desc, fault_type desc nulls last`)))
  }
  // The same answer both ways (the newest window per machine).
  const a = await latestDiagnoses()
  const b = resultRows<{ machine_name: string; detected_at: Date | string }>(
    await db.execute(sql.raw(`select machine_name, detected_at from (select machine_name, detected_at, row_number() over (partition by machine_name order by detected_at desc) rn from vibration_diagnosis) x where rn = 1`)),
  )
  for (const row of b) {
    const mine = a.find((m) => m.machineName === row.machine_name)
    if (new Date(row.detected_at).getTime() !== mine?.diagnosis?.detectedAt.getTime()) throw new Error(`latest differs for ${row.machine_name}`)
  }
  const oursMs = await medianMs(ours, 21, 3)
  const previousMs = await medianMs(previous, 5, 1)
  const distinctMs = await medianMs(distinctOn, 5, 1)
  if (kind === 'postgres') {
    const plan = resultRows<{ 'QUERY PLAN': string }>(
      await db.execute(
        sql.raw(`explain (analyze, costs off, timing off, summary on) select m.id, latest.* from vibration_machines m left join lateral (select ${COLUMNS} from vibration_diagnosis d
          where d.machine_id = m.id order by detected_at desc, fault_type desc nulls last limit 1) latest on true`),
      ),
    )
    console.log('\nplan of the latest-per-machine query:\n' + plan.map((p) => '  ' + p['QUERY PLAN']).join('\n'))
  }
  return {
    machineIds,
    metrics: [
      metric(`fill ${n.toLocaleString('en')} diagnosis rows over ${MACHINES} machines (info)`, fillMs / 1000, 's'),
      metric(`baseline: previous system's ROW_NUMBER() query, ${n.toLocaleString('en')} rows`, previousMs, 'ms'),
      metric('DISTINCT ON (machine_id) over the index (info)', distinctMs, 'ms'),
      metric(`ours: LATERAL + (machine_id, detected_at, fault_type) index, ${MACHINES} machines`, oursMs, 'ms', '<= 20'),
      metric('  speed-up: ROW_NUMBER time ÷ ours', previousMs / oursMs, 'ratio'),
    ],
  }
}

// ---- 3. the fault-timeline loader --------------------------------------------------------------------------------------

async function timelineFigures(machineId: string, perMachine: number): Promise<Metric[]> {
  process.env.SHOP_TIME_ZONE ??= 'Asia/Seoul'
  const user = await makeUser('viewer')
  const cookie = await sessionFor(user.id)
  const call = (mod: { loader: Handler }, path: string, params: Record<string, string> = {}) => mod.loader({ request: makeRequest(path, { cookie }), params, context: {} })
  const page = `/vibration/diagnosis/${machineId}`
  const baseline = await medianMs(() => call(trivialRoute as unknown as { loader: Handler }, '/'), 21, 3)
  const defaultView = await medianMs(() => call(timelinePage as unknown as { loader: Handler }, page, { machineId }), 11, 2)
  const month = `${page}?channel=type1&from=2025-06-01T00:00:00&to=2025-06-30T23:59:59`
  const monthView = await medianMs(() => call(timelinePage as unknown as { loader: Handler }, month, { machineId }), 11, 2)

  const routes = [
    {
      id: 'root',
      path: '/',
      loader: () => ({ locale: 'ko', toast: null, user: null }),
      children: [
        {
          id: 'routes/vibration.diagnosis.$machineId',
          path: 'vibration/diagnosis/:machineId',
          loader: ({ request, params }: { request: Request; params: Record<string, string | undefined> }) => timelinePage.loader({ request, params, context: {} }),
          Component: timelinePage.default,
        },
      ],
    },
  ]
  const handler = createStaticHandler(routes)
  const render = async () => {
    const context = await handler.query(makeRequest(page, { cookie }))
    if (context instanceof Response) throw new Error(`render: got a ${context.status} response`)
    const router = createStaticRouter(handler.dataRoutes, context)
    return renderToString(createElement(StaticRouterProvider, { router, context, hydrate: false }))
  }
  const html = await render()
  if (!html.includes('data-state')) throw new Error('render: the timeline has no bands')
  const renderMs = await medianMs(render, 5, 1)
  return [
    metric('baseline: trivial loader (session check + one value)', baseline, 'ms'),
    metric(`fault-timeline loader, ${perMachine.toLocaleString('en')} windows, default view (newest 5,000)`, defaultView, 'ms'),
    metric('  ratio to baseline', defaultView / baseline, 'ratio'),
    metric('fault-timeline loader, one channel over a month', monthView, 'ms'),
    metric('  ratio to baseline', monthView / baseline, 'ratio'),
    metric('fault-timeline loader + renderToString, default view', renderMs, 'ms', '<= 1000'),
    metric('rendered timeline page HTML', html.length / 1024, 'KiB'),
  ]
}

export default async function run(args: string[]): Promise<Metric[]> {
  const rows = Number(args.find((a) => a.startsWith('rows='))?.split('=')[1] ?? 2_000_000)
  const usePglite = args.includes('--pglite')
  const name = `mes_bench_diag_${randomBytes(4).toString('hex')}`
  let handle: DbHandle
  let created = false
  if (usePglite) handle = openDb({ dataDir: 'memory://' })
  else {
    await adminExec(`create database "${name}"`)
    created = true
    const url = new URL(ADMIN_URL)
    url.pathname = `/${name}`
    handle = openDb({ databaseUrl: url.toString(), poolMax: 4 })
  }
  setDbHandle(handle)
  try {
    await migrateDb(handle)
    console.log(`vibration-diagnosis: ${handle.kind === 'postgres' ? `PostgreSQL (scratch database ${name})` : 'in-memory PGlite'}`)
    console.log('1/3 seed-sized dataset: generating, importing and diagnosing …')
    const diagnosis = await diagnosisFigures()
    console.log(`2/3 latest per machine: filling ${rows.toLocaleString('en')} rows …`)
    const latest = await latestFigures(rows, handle.kind)
    console.log('3/3 fault-timeline loader …')
    const timeline = await timelineFigures(latest.machineIds[0], Math.ceil(rows / MACHINES))
    return [...diagnosis, ...latest.metrics, ...timeline]
  } finally {
    await handle.close()
    setDbHandle(undefined)
    if (created) await adminExec(`drop database if exists "${name}" with (force)`).catch((e) => console.error(`could not drop ${name}: ${e}`))
  }
}
