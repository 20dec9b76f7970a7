/**
 * Vibration ingest benchmark (`npm run bench -- vibration-ingest [--scale 0.25] [--no-pglite]`), see
 * docs/decisions/004-vibration-data.md:
 * 1. dataset: the 8 seed-sized recording files (g1_sensor1 … g4_sensor2, 190,400 rows ≈ 140 s at 1360 Hz each, five
 *    numeric columns, no header) and a 3× set of the same 8 files at 3× length, streamed to a temp dir;
 * 2. baseline: the previous system's shape — one unindexed row per sample — loaded by ONE psql session running
 *    `\copy` of each file, machine/sensor/collected_at filled by column defaults set per file (ALTER … SET DEFAULT);
 * 3. ours: the production server (`node server.mjs`, PostgreSQL, 127.0.0.1 only) fed the 8 files through the upload form
 *    as ONE multipart request streamed from disk (node:http, boundaries by hand, Content-Length known); wall time until
 *    the response (the redirect after the last file's commit); the server's VmRSS sampled every 100 ms → peak;
 * 4. the 3× set on a fresh database and a fresh server (peak RSS must stay flat);
 * 5. the 1× set re-uploaded to the 1× database (all "already imported"; no sample added);
 * 6. embedded PGlite: the same 8 files through importVibrationFile directly (informative).
 * Scratch databases and temp files are removed at the end, whatever happens.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import postgres from 'postgres'
import { metric, type Metric } from './lib'
import { ADMIN_URL, dbUrl, ensureBuild, queryDb, rssMb, setupAdmin, startServer, stopServer, uploadAll, type Server } from './server-harness'
import { SEED_ROWS_PER_FILE, writeDataset, type DatasetFile } from './vibration-dataset'

const RECORDED_AT = '2025-01-01T08:00:00'

const seconds = (t0: number) => (performance.now() - t0) / 1000
const mb = (bytes: number) => bytes / 1024 / 1024


async function adminExec(text: string) {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} })
  try {
    await admin.unsafe(text)
  } finally {
    await admin.end()
  }
}

// ---- the baseline: psql \copy into the previous system's one-row-per-sample table -------------------------------------

async function baselineCopy(dbName: string, files: DatasetFile[]): Promise<{ seconds: number; rows: number }> {
  await queryDb(dbName, (sql) =>
    sql.unsafe(`create table prev_vibration (machine_name text, sensor_no int, collected_at timestamptz, measured_time float8, normal float8,
      unbalance float8, looseness float8, unbalance_looseness float8)`),
  )
  const script = path.join(path.dirname(files[0].path), `baseline-${dbName}.sql`)
  const lines = files.flatMap((f) => [
    `alter table prev_vibration alter column machine_name set default '${f.machine}', alter column sensor_no set default ${f.sensor}, alter column collected_at set default '${RECORDED_AT}';`,
    `\\copy prev_vibration (measured_time, normal, unbalance, looseness, unbalance_looseness) from '${f.path}' with (format csv)`,
  ])
  fs.writeFileSync(script, lines.join('\n') + '\n')
  const t0 = performance.now()
  const child = spawn('psql', [dbUrl(dbName), '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', script], { stdio: ['ignore', 'ignore', 'pipe'] })
  let err = ''
  child.stderr.on('data', (d: Buffer) => (err += d.toString()))
  const [code] = (await once(child, 'exit')) as [number | null]
  const took = seconds(t0)
  if (code !== 0) throw new Error(`psql \\copy failed (${code}): ${err}`)
  const [{ n }] = await queryDb(dbName, (sql) => sql<{ n: number }[]>`select count(*)::int as n from prev_vibration`)
  return { seconds: took, rows: n }
}

interface Stored {
  samples: number
  blocks: number
  recordings: number
  imports: Record<string, number>
}

async function stored(dbName: string): Promise<Stored> {
  return queryDb(dbName, async (sql) => {
    const [r] = await sql<{ samples: number; n: number }[]>`select coalesce(sum(sample_count), 0)::int as samples, count(*)::int as n from vibration_recordings`
    const [b] = await sql<{ n: number }[]>`select count(*)::int as n from vibration_blocks`
    const imports: Record<string, number> = {}
    for (const row of await sql<{ status: string; n: number }[]>`select status, count(*)::int as n from vibration_imports group by status`) imports[row.status] = row.n
    return { samples: r.samples, blocks: b.n, recordings: r.n, imports }
  })
}

interface ServerRun {
  seconds: number
  peakRssMb: number
  idleRssMb: number
  status: number
  location: string
}

async function timedUpload(s: Server, cookie: string, files: DatasetFile[]): Promise<ServerRun> {
  const pid = s.child.pid!
  const idleRssMb = rssMb(pid)
  let peak = idleRssMb
  const timer = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 100)
  const t0 = performance.now()
  try {
    const { status, location } = await uploadAll(s, cookie, files, RECORDED_AT)
    const took = seconds(t0)
    peak = Math.max(peak, rssMb(pid))
    if (status !== 302 || !location.includes('/vibration/imports')) throw new Error(`upload answered ${status} → ${location}\n${s.log.join('')}`)
    return { seconds: took, peakRssMb: peak, idleRssMb, status, location }
  } finally {
    clearInterval(timer)
  }
}

// ---- embedded PGlite ---------------------------------------------------------------------------------------------

async function pgliteImport(files: DatasetFile[]): Promise<{ seconds: number; samples: number; succeeded: number }> {
  Object.assign(process.env, { NODE_ENV: 'test', COOKIE_SECURE: 'false' })
  const { openDb, migrateDb, setDbHandle, closeDb } = await import('../db/client.server')
  const { importVibrationFile } = await import('../app/models/vibration/import-file.server')
  const { makeUser } = await import('../tests/support/app')
  const handle = openDb({ dataDir: 'memory://' })
  setDbHandle(handle)
  await migrateDb(handle)
  try {
    const user = await makeUser('admin')
    const batchId = crypto.randomUUID()
    let samples = 0
    let succeeded = 0
    const t0 = performance.now()
    for (const f of files) {
      const outcome = await importVibrationFile({
        fileName: f.name,
        body: fs.createReadStream(f.path, { highWaterMark: 1 << 20 }),
        machine: f.machine,
        sensor: String(f.sensor),
        recordedAt: new Date(`${RECORDED_AT}+09:00`),
        batchId,
        source: 'form',
        actor: { id: user.id, username: user.username, ip: '127.0.0.1' },
        canCreateMachines: true,
        maxBytes: 1024 ** 3,
        timeZone: 'Asia/Seoul',
      })
      if (outcome.status !== 'succeeded') throw new Error(`PGlite import of ${f.name}: ${outcome.status} ${outcome.message ?? ''}`)
      samples += outcome.rowsImported
      succeeded++
    }
    return { seconds: seconds(t0), samples, succeeded }
  } finally {
    await closeDb()
  }
}

// ---- the benchmark -----------------------------------------------------------------------------------------------

export default async function vibrationIngestBench(args: string[]): Promise<Metric[]> {
  const scaleAt = args.indexOf('--scale')
  const scale = scaleAt >= 0 ? Number(args[scaleAt + 1]) : 1
  if (!(scale > 0)) throw new Error('--scale takes a positive number')
  const withPglite = !args.includes('--no-pglite')
  const rows1 = Math.round(SEED_ROWS_PER_FILE * scale)
  const tag = `mes_bench_vib_${Date.now().toString(36)}_${process.pid}`
  const dbs = { base1: `${tag}_base1`, base3: `${tag}_base3`, ours1: `${tag}_ours1`, ours3: `${tag}_ours3` }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mes-vib-bench-'))
  const created: string[] = []
  let server: Server | null = null
  const out: Metric[] = []
  try {
    ensureBuild()

    // 1. the datasets
    let t0 = performance.now()
    const set1 = await writeDataset(path.join(tmp, 'x1'), rows1, 1)
    const set3 = await writeDataset(path.join(tmp, 'x3'), rows1 * 3, 3)
    const genSeconds = seconds(t0)
    const total = (set: DatasetFile[]) => ({ rows: set.reduce((n, f) => n + f.rows, 0), bytes: set.reduce((n, f) => n + f.bytes, 0) })
    const t1 = total(set1)
    const t3 = total(set3)
    out.push(
      metric('scale (1 = seed size)', scale, 'x'),
      metric('1× set: files', set1.length, 'count'),
      metric('1× set: rows (samples)', t1.rows, 'count'),
      metric('1× set: size', mb(t1.bytes), 'MB'),
      metric('3× set: files (same 8, 3× length)', set3.length, 'count'),
      metric('3× set: rows (samples)', t3.rows, 'count'),
      metric('3× set: size', mb(t3.bytes), 'MB'),
      metric('dataset generation (both sets)', genSeconds, 's'),
    )

    for (const name of Object.values(dbs)) {
      await adminExec(`create database "${name}"`)
      created.push(name)
    }

    // 2. baseline: psql \copy
    const base1 = await baselineCopy(dbs.base1, set1)
    if (base1.rows !== t1.rows) throw new Error(`baseline loaded ${base1.rows} rows, expected ${t1.rows}`)
    out.push(metric('baseline 1×: psql \\copy, 8 files, unindexed table', base1.seconds, 's'))

    // 3. ours, 1×
    server = await startServer(dbs.ours1)
    let cookie = await setupAdmin(server)
    const ours1 = await timedUpload(server, cookie, set1)
    const after1 = await stored(dbs.ours1)
    if (after1.samples !== t1.rows || after1.imports.succeeded !== set1.length) {
      throw new Error(`1× import stored ${after1.samples} samples / ${JSON.stringify(after1.imports)}, expected ${t1.rows} / ${set1.length} succeeded`)
    }
    out.push(
      metric('ours 1×: HTTP upload, 1 multipart request, 8 files', ours1.seconds, 's'),
      metric('ours 1× ÷ baseline 1×', ours1.seconds / base1.seconds, 'ratio', '<= 2.0'),
      metric('ours 1×: server RSS before the upload', ours1.idleRssMb, 'MB'),
      metric('ours 1×: server peak RSS (100 ms samples)', ours1.peakRssMb, 'MB', '<= 300'),
      metric('ours 1×: samples stored', after1.samples, 'count'),
      metric('ours 1×: block rows stored', after1.blocks, 'count'),
      metric('ours 1×: throughput', t1.rows / ours1.seconds, 'rows/s'),
    )

    // 5. re-upload of the 1× set to the same database
    const again = await timedUpload(server, cookie, set1)
    const afterAgain = await stored(dbs.ours1)
    out.push(
      metric('re-upload 1× (all already imported)', again.seconds, 's'),
      metric('re-upload 1×: files reported duplicate', afterAgain.imports.duplicate ?? 0, 'count', '>= 8'),
      metric('re-upload 1×: samples added', afterAgain.samples - after1.samples, 'count', '<= 0'),
      metric('re-upload 1×: block rows added', afterAgain.blocks - after1.blocks, 'count', '<= 0'),
      metric('re-upload 1×: server peak RSS', again.peakRssMb, 'MB', '<= 300'),
    )
    await stopServer(server)
    server = null

    // 4. 3× on a fresh database and server
    const base3 = await baselineCopy(dbs.base3, set3)
    if (base3.rows !== t3.rows) throw new Error(`baseline 3× loaded ${base3.rows} rows, expected ${t3.rows}`)
    server = await startServer(dbs.ours3)
    cookie = await setupAdmin(server)
    const ours3 = await timedUpload(server, cookie, set3)
    const after3 = await stored(dbs.ours3)
    if (after3.samples !== t3.rows || after3.imports.succeeded !== set3.length) {
      throw new Error(`3× import stored ${after3.samples} samples / ${JSON.stringify(after3.imports)}, expected ${t3.rows} / ${set3.length} succeeded`)
    }
    await stopServer(server)
    server = null
    out.push(
      metric('baseline 3×: psql \\copy', base3.seconds, 's'),
      metric('ours 3×: HTTP upload, 1 multipart request, 8 files', ours3.seconds, 's'),
      metric('ours 3× ÷ ours 1×', ours3.seconds / ours1.seconds, 'ratio'),
      metric('ours 3× ÷ baseline 3×', ours3.seconds / base3.seconds, 'ratio'),
      metric('ours 3×: server RSS before the upload', ours3.idleRssMb, 'MB'),
      metric('ours 3×: server peak RSS (100 ms samples)', ours3.peakRssMb, 'MB', '<= 300'),
      metric('ours 3×: samples stored', after3.samples, 'count'),
    )

    // 6. embedded PGlite through the model function
    if (withPglite) {
      t0 = performance.now()
      const lite = await pgliteImport(set1)
      if (lite.samples !== t1.rows) throw new Error(`PGlite stored ${lite.samples} samples, expected ${t1.rows}`)
      out.push(
        metric('PGlite 1×: importVibrationFile, 8 files in turn', lite.seconds, 's'),
        metric('PGlite 1× ÷ baseline 1×', lite.seconds / base1.seconds, 'ratio'),
      )
    }
    return out
  } finally {
    // 7. clean up
    if (server) await stopServer(server).catch(() => {})
    for (const name of created) await adminExec(`drop database if exists "${name}" with (force)`).catch((e) => console.error(`could not drop ${name}: ${e}`))
    fs.rmSync(tmp, { recursive: true, force: true })
  }
}
