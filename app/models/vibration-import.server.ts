/**
 * The streaming, all-or-nothing vibration import: bytes → UTF-8 → CSV rows (papaparse, 1 MiB at a time) → layout and row
 * validation (app/domain/vibration/ingest) → blocks of 4096 samples per channel → bulk load in ONE transaction (COPY on
 * PostgreSQL, multi-row INSERT on PGlite). Any problem rolls everything back; the import history row (committed before
 * the transaction starts, as 'running') then records why. See docs/decisions/004-vibration-data.md.
 */
import os from 'node:os'
import { and, eq, sql } from 'drizzle-orm'
import postgres from 'postgres'
import { db, getDbHandle } from '~db/client.server'
import { vibrationImports, type ImportProblem, type ImportSource, type ImportStatus } from '~db/schema'
import {
  BlockPacker,
  DEFAULT_BLOCK_SIZE,
  detectLayout,
  meaningfulCells,
  parseMachineName,
  parseSensorId,
  RowValidator,
  type DetectedLayout,
  type PackedBlock,
  type RowProblem,
  type ValidRow,
} from '~/domain/vibration/ingest'
import type { Actor } from '~/utils/audit.server'
import { ByteMeter, csvRowBatches, decodeText, NotTextError, TooLargeError } from '~/utils/upload.server'
import { isUniqueViolation } from '~/utils/db-errors.server'
import { withoutNul } from '~/utils/text'
import { diagnoseAfterImport } from './vibration-diagnosis.server'

if (os.endianness() !== 'LE') throw new Error('vibration blocks are stored little-endian; this platform is big-endian')

const MAX_PROBLEMS = 100
const FLUSH_BYTES = 8 * 1024 * 1024

// ---- a raw transaction over either driver ------------------------------------------------------------------------

interface BlockRow {
  recordingId: string
  channel: number
  blockNo: number
  sampleCount: number
  data: Buffer
}

interface RawTx {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>
  writeBlocks(rows: BlockRow[]): Promise<void>
}

function copyLine(r: BlockRow): string {
  // COPY text format: a backslash is written doubled, so bytea hex is `\\x…`.
  return `${r.recordingId}\t${r.channel}\t${r.blockNo}\t${r.sampleCount}\t\\\\x${r.data.toString('hex')}\n`
}

/** The connection under a PostgreSQL import died (its transaction is gone with it on the server). */
class ConnectionLost extends Error {
  constructor() {
    super('database connection lost during the import')
  }
}

/**
 * Runs `fn` in one transaction on the process-wide database (postgres-js or PGlite), with a bulk path for blocks.
 *
 * PostgreSQL: the import gets its own one-connection client, so a connection that dies mid-import is noticed (`onclose`)
 * before anything else is written to it: postgres-js 3.4.9 throws an uncatchable TypeError when a reserved connection
 * is written to after its socket closed (porsager/postgres#1208), which `sql.begin`'s automatic ROLLBACK would do.
 */
export async function withRawTransaction<T>(fn: (tx: RawTx) => Promise<T>): Promise<T> {
  const handle = getDbHandle()
  if (handle.kind === 'postgres') {
    const o = handle.sql.options
    let dead = false
    const client = postgres({
      host: o.host as unknown as string,
      port: o.port as unknown as number,
      database: o.database,
      user: o.user,
      pass: o.pass as unknown as string | undefined,
      ssl: o.ssl as boolean,
      max: 1,
      idle_timeout: 5,
      connect_timeout: 5,
      onnotice: () => {},
      connection: { application_name: 'mes-lite-import' },
      onclose: () => {
        dead = true
      },
    })
    const alive = () => {
      if (dead) throw new ConnectionLost()
    }
    const guard = async <R,>(p: Promise<R>): Promise<R> => {
      try {
        return await p
      } catch (e) {
        if (dead) throw new ConnectionLost()
        throw e
      }
    }
    try {
      await client.unsafe('begin')
      const result = await fn({
        query: async <R,>(text: string, params: unknown[] = []) => {
          alive()
          return (await guard(client.unsafe(text, params as never[]))) as unknown as R[]
        },
        writeBlocks: async (rows) => {
          alive()
          const stream = await guard(client`copy vibration_blocks (recording_id, channel, block_no, sample_count, data) from stdin`.writable())
          await guard(
            new Promise<void>((resolve, reject) => {
              stream.on('error', reject)
              stream.on('finish', resolve)
              let i = 0
              const write = () => {
                while (i < rows.length) {
                  if (dead) return reject(new ConnectionLost())
                  if (!stream.write(copyLine(rows[i++]))) {
                    stream.once('drain', write)
                    return
                  }
                }
                stream.end()
              }
              write()
            }),
          )
        },
      })
      alive()
      await guard(client.unsafe('commit'))
      return result
    } catch (e) {
      if (!dead) {
        try {
          await client.unsafe('rollback')
        } catch {}
      }
      throw dead ? new ConnectionLost() : e
    } finally {
      await client.end({ timeout: dead ? 0 : 5 }).catch(() => {})
    }
  }
  return handle.pglite.transaction(async (tx) =>
    fn({
      query: async <R,>(text: string, params: unknown[] = []) => (await tx.query<R>(text, params)).rows,
      writeBlocks: async (rows) => {
        for (let start = 0; start < rows.length; start += 50) {
          const part = rows.slice(start, start + 50)
          const values = part.map((_, i) => `($${i * 5 + 1}, $${i * 5 + 2}, $${i * 5 + 3}, $${i * 5 + 4}, $${i * 5 + 5})`).join(', ')
          const params = part.flatMap((r) => [r.recordingId, r.channel, r.blockNo, r.sampleCount, new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength)])
          await tx.query(`insert into vibration_blocks (recording_id, channel, block_no, sample_count, data) values ${values}`, params)
        }
      },
    }),
  )
}

// ---- the import ----------------------------------------------------------------------------------------------------

export interface ImportRequest {
  fileName: string
  body: AsyncIterable<Uint8Array>
  /** Machine and sensor for files whose rows do not name them (as typed or taken from the file name). */
  machine: string | null
  sensor: string | null
  /** collected_at of a recording-layout file. */
  recordedAt: Date
  batchId: string
  source: ImportSource
  actor: Actor
  tokenId?: string | null
  /** Planners/admins (and write tokens) create unknown machines; operators may only add data to existing ones. */
  canCreateMachines: boolean
  maxBytes: number
  timeZone: string
}

export interface ImportOutcome {
  id: string
  status: ImportStatus
  rowsImported: number
  rowsSkipped: number
  recordingCount: number
  problemCount: number
  problems: ImportProblem[]
  message: string | null
  messageParams: Record<string, string | number> | null
  tooLarge: boolean
}

class Rollback extends Error {
  constructor(readonly outcome: Partial<ImportOutcome> & { status: ImportStatus }) {
    super('rollback')
  }
}

interface RecState {
  id: string
  machineId: string
  sensor: string
  isNew: boolean
  /** Samples already stored: incoming sample indexes below this are skipped. */
  stored: number
  baseBlockNo: number
  packer: BlockPacker<string>
  added: number
  firstTime: number
  lastTime: number
}

const toBuffer = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)

/** Float64Array from stored bytes (copied, so alignment never matters). */
export function bytesToFloats(bytes: Uint8Array): Float64Array {
  const copy = new Uint8Array(bytes.byteLength)
  copy.set(bytes)
  return new Float64Array(copy.buffer)
}

class ImportRun {
  layout: DetectedLayout | null = null
  validator: RowValidator | null = null
  readonly recs = new Map<number, RecState | null>()
  readonly machineIds = new Map<string, string>()
  readonly createdMachines: string[] = []
  pending: BlockRow[] = []
  pendingBytes = 0
  problems: ImportProblem[] = []
  problemCount = 0
  failure: { message: string; params?: Record<string, string | number> } | null = null
  imported = 0
  skipped = 0
  sawAnyRow = false

  constructor(
    private readonly tx: RawTx,
    private readonly req: ImportRequest,
    private readonly importId: string,
  ) {}

  get failed() {
    return this.failure !== null || this.problemCount > 0
  }

  addProblem(p: ImportProblem) {
    this.problemCount++
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(p)
  }

  async consume(batches: AsyncIterable<{ cells: string[]; line: number }[]>) {
    for await (const batch of batches) {
      for (const { cells, line } of batch) {
        if (this.failure) continue // keep draining (the hash and the multipart stream need every byte)
        if (!this.validator) {
          if (meaningfulCells(cells).length === 0) continue
          this.sawAnyRow = true
          const det = detectLayout(cells)
          if (!det.ok) {
            this.addProblem({ line, column: det.columnNumber ?? null, field: null, code: det.code, text: det.column, found: det.found, expected: det.expected })
            this.failure = { message: 'vibration.error.layout' }
            continue
          }
          this.layout = det
          this.validator = new RowValidator({ layout: det, timeZone: this.req.timeZone, maxProblems: MAX_PROBLEMS })
          if (det.hasHeader) continue
        }
        const r = this.validator.push(cells, line)
        if (r.kind === 'blank') continue
        if (r.kind === 'problem') {
          this.addRowProblem(r)
          continue
        }
        if (this.failed) continue
        await this.accept(r)
      }
      if (this.pendingBytes >= FLUSH_BYTES && !this.failed) await this.flush()
    }
  }

  private addRowProblem(r: RowProblem) {
    const { kind: _kind, ...p } = r
    this.addProblem(p)
  }

  private async accept(r: ValidRow) {
    let rec = this.recs.get(r.recording)
    if (rec === undefined) {
      rec = await this.openRecording(r)
      this.recs.set(r.recording, rec)
    }
    if (rec === null) return
    if (r.sampleIndex < rec.stored) {
      this.skipped++
      return
    }
    if (rec.added === 0 && rec.isNew) rec.firstTime = r.time
    rec.added++
    rec.lastTime = r.time
    this.imported++
    const blocks = rec.packer.push(r.time, r.values)
    if (blocks.length) this.queue(rec, blocks)
  }

  private queue(rec: RecState, blocks: PackedBlock<string>[]) {
    const blockNo = rec.baseBlockNo + blocks[0].blockNo
    const n = blocks[0].values.length
    this.pending.push({ recordingId: rec.id, channel: 0, blockNo, sampleCount: n, data: toBuffer(blocks[0].times) })
    blocks.forEach((b, i) => this.pending.push({ recordingId: rec.id, channel: i + 1, blockNo, sampleCount: n, data: toBuffer(b.values) }))
    this.pendingBytes += n * 8 * (blocks.length + 1)
  }

  async flush() {
    if (this.pending.length === 0) return
    const rows = this.pending
    this.pending = []
    this.pendingBytes = 0
    await this.tx.writeBlocks(rows)
  }

  private async machineId(name: string, line: number | null, column: number | null): Promise<string | null> {
    const key = name.toLowerCase()
    const known = this.machineIds.get(key)
    if (known) return known
    const found = await this.tx.query<{ id: string }>('select id from vibration_machines where lower(name) = lower($1)', [name])
    let id = found[0]?.id
    if (!id) {
      if (!this.req.canCreateMachines) {
        this.addProblem({ line, column, field: 'machine', code: 'unknown_machine', text: name.slice(0, 40) })
        return null
      }
      const created = await this.tx.query<{ id: string }>(
        'insert into vibration_machines (name) values ($1) on conflict ((lower(name))) do nothing returning id',
        [name],
      )
      id = created[0]?.id ?? (await this.tx.query<{ id: string }>('select id from vibration_machines where lower(name) = lower($1)', [name]))[0]?.id
      if (created[0]) this.createdMachines.push(name)
    }
    this.machineIds.set(key, id)
    return id
  }

  private async openRecording(r: ValidRow): Promise<RecState | null> {
    const layout = this.layout!
    const machineColumn = layout.columnIndex.machine
    let machine = r.machine
    if (machine === null) {
      machine = this.req.machine === null ? null : parseMachineName(this.req.machine)
      if (machine === null) {
        this.addProblem({ line: null, column: null, field: 'machine', code: this.req.machine ? 'bad_machine' : 'machine_required', text: this.req.machine?.slice(0, 40) })
        return null
      }
    }
    let sensor = r.sensor
    if (sensor === null) {
      sensor = this.req.sensor === null ? null : parseSensorId(this.req.sensor)
      if (sensor === null) {
        this.addProblem({ line: null, column: null, field: 'sensor', code: this.req.sensor ? 'bad_sensor' : 'sensor_required', text: this.req.sensor?.slice(0, 40) })
        return null
      }
    }
    const machineId = await this.machineId(machine, r.machine !== null ? r.line : null, machineColumn !== undefined ? machineColumn + 1 : null)
    if (!machineId) return null
    await this.tx.query('insert into vibration_sensors (machine_id, sensor_no) values ($1, $2) on conflict do nothing', [machineId, sensor])
    const collectedAt = r.collectedAt !== null ? new Date(r.collectedAt) : this.req.recordedAt
    const channels = [...layout.channels]
    const existing = await this.tx.query<{ id: string; sample_count: number; channels: string[]; block_size: number }>(
      'select id, sample_count, channels, block_size from vibration_recordings where machine_id = $1 and sensor_no = $2 and collected_at = $3::timestamptz for update',
      [machineId, sensor, collectedAt.toISOString()],
    )
    if (existing[0]) {
      const e = existing[0]
      if (e.channels.join(',') !== channels.join(',')) {
        this.addProblem({ line: r.line, column: null, field: null, code: 'channels_mismatch', text: e.channels.join(', ') })
        return null
      }
      const blockSize = e.block_size
      const baseBlockNo = Math.floor(e.sample_count / blockSize)
      const packer = new BlockPacker<string>({ channels, blockSize })
      const rec: RecState = { id: e.id, machineId, sensor, isNew: false, stored: e.sample_count, baseBlockNo, packer, added: 0, firstTime: 0, lastTime: 0 }
      if (e.sample_count % blockSize !== 0) {
        // The stored last block is partial: take its samples back into the packer and rewrite it with the new ones.
        const rows = await this.tx.query<{ channel: number; data: Uint8Array }>(
          'select channel, data from vibration_blocks where recording_id = $1 and block_no = $2 order by channel',
          [e.id, baseBlockNo],
        )
        await this.tx.query('delete from vibration_blocks where recording_id = $1 and block_no = $2', [e.id, baseBlockNo])
        const arrays = rows.map((row) => bytesToFloats(row.data))
        const values = new Array<number>(channels.length)
        for (let i = 0; i < arrays[0].length; i++) {
          for (let c = 0; c < channels.length; c++) values[c] = arrays[c + 1][i]
          packer.push(arrays[0][i], values)
        }
      }
      return rec
    }
    const created = await this.tx.query<{ id: string }>(
      `insert into vibration_recordings (machine_id, sensor_no, collected_at, import_id, channels, block_size, sample_count, first_time, last_time)
       values ($1, $2, $3::timestamptz, $4, $5::text[], $6, 0, 0, 0) returning id`,
      [machineId, sensor, collectedAt.toISOString(), this.importId, `{${channels.join(',')}}`, DEFAULT_BLOCK_SIZE],
    )
    const packer = new BlockPacker<string>({ channels, blockSize: DEFAULT_BLOCK_SIZE })
    return { id: created[0].id, machineId, sensor, isNew: true, stored: 0, baseBlockNo: 0, packer, added: 0, firstTime: 0, lastTime: 0 }
  }

  /** Writes the last partial blocks and the recordings' totals. */
  async finish() {
    for (const rec of this.recs.values()) {
      if (!rec) continue
      const blocks = rec.packer.flush()
      if (blocks.length) this.queue(rec, blocks)
    }
    await this.flush()
    for (const rec of this.recs.values()) {
      if (!rec || rec.added === 0) continue
      if (rec.isNew) {
        await this.tx.query('update vibration_recordings set sample_count = $2, first_time = $3, last_time = $4 where id = $1', [
          rec.id,
          rec.added,
          rec.firstTime,
          rec.lastTime,
        ])
      } else {
        await this.tx.query('update vibration_recordings set sample_count = $2, last_time = $3 where id = $1', [rec.id, rec.stored + rec.added, rec.lastTime])
      }
    }
  }

  /** Idempotency key: content hash, plus the target machine/sensor when the rows do not name it. */
  dedupeKey(hash: string): { key: string; machineId: string | null; sensor: string | null } {
    const named = this.layout?.columnIndex.machine !== undefined && this.layout?.columnIndex.sensor !== undefined
    if (named) return { key: hash, machineId: null, sensor: null }
    const first = [...this.recs.values()].find((r) => r !== null) ?? null
    return { key: `${hash}:${first?.machineId ?? ''}:${first?.sensor ?? ''}`, machineId: first?.machineId ?? null, sensor: first?.sensor ?? null }
  }
}


/**
 * Imports one file (see module comment). Never throws for bad input or a broken stream: the outcome says what happened
 * and the history row is updated accordingly.
 */
export async function importVibrationFile(request: ImportRequest): Promise<ImportOutcome> {
  // The file name is the client's metadata: a NUL in it could not be stored (text or jsonb), so it is dropped.
  const req = { ...request, fileName: withoutNul(request.fileName) }
  const [row] = await db
    .insert(vibrationImports)
    .values({
      batchId: req.batchId,
      source: req.source,
      fileName: req.fileName.slice(0, 255),
      userId: req.actor.id,
      username: req.actor.username,
      tokenId: req.tokenId ?? null,
      status: 'running',
    })
    .returning({ id: vibrationImports.id })
  const importId = row.id
  const started = performance.now()
  const meter = new ByteMeter(req.maxBytes)
  let run: ImportRun | null = null
  const metered = (async function* () {
    for await (const chunk of req.body) yield meter.take(chunk)
  })()

  const base = (): ImportOutcome => ({
    id: importId,
    status: 'failed',
    rowsImported: 0,
    rowsSkipped: run?.skipped ?? 0,
    recordingCount: 0,
    problemCount: run?.problemCount ?? 0,
    problems: run?.problems ?? [],
    message: null,
    messageParams: null,
    tooLarge: false,
  })

  let outcome: ImportOutcome
  let hash: string | null = null
  try {
    outcome = await withRawTransaction(async (tx) => {
      // Held until this transaction ends (or its connection dies): tells a starting server that the import is alive.
      await tx.query('select pg_advisory_xact_lock(hashtextextended($1, 73))', [importId])
      run = new ImportRun(tx, req, importId)
      await run.consume(csvRowBatches(decodeText(metered)))
      hash = meter.digest()
      if (run.failure) throw new Rollback({ status: 'failed', message: run.failure.message })
      if (run.problemCount > 0) throw new Rollback({ status: 'failed', message: 'vibration.error.problems' })
      if (!run.sawAnyRow) throw new Rollback({ status: 'failed', message: 'vibration.error.emptyFile' })
      if (run.imported + run.skipped === 0) throw new Rollback({ status: 'failed', message: 'vibration.error.noRows' })
      const { key, machineId, sensor } = run.dedupeKey(hash)
      const dup = await tx.query<{ id: string }>("select id from vibration_imports where dedupe_key = $1 and status = 'succeeded'", [key])
      if (dup[0]) throw new Rollback({ status: 'duplicate', message: 'vibration.import.alreadyImported', rowsSkipped: run.imported + run.skipped, rowsImported: 0 })
      await run.finish()
      const durationMs = Math.round(performance.now() - started)
      const recordingCount = [...run.recs.values()].filter(Boolean).length
      await tx.query(
        `update vibration_imports set status = 'succeeded', content_hash = $2, size_bytes = $3, layout = $4, machine_id = $5, sensor_no = $6,
           dedupe_key = $7, rows_imported = $8, rows_skipped = $9, recording_count = $10, finished_at = now(), duration_ms = $11 where id = $1`,
        [importId, hash, meter.bytes, run.layout!.layout, machineId, sensor, key, run.imported, run.skipped, recordingCount, durationMs],
      )
      const after = { fileName: req.fileName, layout: run.layout!.layout, rows: run.imported, skipped: run.skipped, recordings: recordingCount, hash, createdMachines: run.createdMachines }
      await tx.query(
        "insert into audit_log (user_id, username, ip, action, entity_type, entity_id, after) values ($1, $2, $3, 'vibration.import', 'vibration_import', $4, $5::jsonb)",
        [req.actor.id, req.actor.username, req.actor.ip ?? null, importId, JSON.stringify(after)],
      )
      return { ...base(), status: 'succeeded' as const, rowsImported: run.imported, rowsSkipped: run.skipped, recordingCount, problemCount: 0, problems: [] }
    })
    // ---- diagnosis hook (docs/decisions/006-vibration-diagnosis.md): once, after the commit, for the recordings that got samples.
    await diagnoseAfterImport(importId, [...(run as ImportRun | null)!.recs.values()].flatMap((r) => (r && r.added > 0 ? [r.id] : [])), req.actor)
    return outcome
  } catch (e) {
    if (e instanceof Rollback) outcome = { ...base(), ...e.outcome }
    else if (e instanceof TooLargeError) outcome = { ...base(), message: 'vibration.error.tooLarge', messageParams: { mb: Math.round(e.limit / 1024 / 1024) }, tooLarge: true }
    else if (e instanceof NotTextError) outcome = { ...base(), message: 'vibration.error.binary' }
    else if (isUniqueViolation(e)) outcome = { ...base(), status: 'duplicate', message: 'vibration.import.alreadyImported' }
    else {
      console.error(JSON.stringify({ level: 'error', msg: 'vibration import aborted', importId, error: String((e as Error)?.stack ?? e) }))
      outcome = { ...base(), message: 'vibration.error.aborted' }
    }
    // Drain what is left of the body (never into memory) so a multipart request can go on to its next part.
    if (!outcome.tooLarge && outcome.message !== 'vibration.error.aborted') {
      try {
        for await (const chunk of req.body) meter.take(chunk)
      } catch {}
    }
  }
  try {
    await db
      .update(vibrationImports)
      .set({
        status: outcome.status,
        contentHash: hash,
        sizeBytes: meter.bytes,
        layout: (run as ImportRun | null)?.layout?.layout ?? null,
        rowsImported: 0,
        rowsSkipped: outcome.rowsSkipped,
        problemCount: outcome.problemCount,
        // The report quotes the file's cells and names: a NUL there cannot go into jsonb (the row would stay 'running').
        problems: outcome.problems.map((p) => (p.text === undefined ? p : { ...p, text: withoutNul(p.text) })),
        message: outcome.message,
        messageParams: outcome.messageParams && Object.fromEntries(Object.entries(outcome.messageParams).map(([k, v]) => [k, typeof v === 'string' ? withoutNul(v) : v])),
        finishedAt: sql`now()`,
        durationMs: Math.round(performance.now() - started),
      })
      .where(eq(vibrationImports.id, importId))
  } catch (e) {
    console.error(JSON.stringify({ level: 'error', msg: 'vibration import: could not record the failure', importId, error: String(e) }))
  }
  return outcome
}

/**
 * Start-up housekeeping: an import left 'running' by a crash stored nothing (its transaction died); mark it failed.
 * Only imports whose transaction lock nobody holds — with several app instances on one database, another instance's
 * import in progress is left alone. (An import row is 'running' a moment before its transaction takes the lock; those
 * younger than 10 s are left alone.)
 */
export async function failAbandonedImports(): Promise<number> {
  const rows = await db
    .update(vibrationImports)
    .set({ status: 'failed', message: 'vibration.error.interrupted', finishedAt: sql`now()` })
    .where(
      and(
        eq(vibrationImports.status, 'running'),
        sql`${vibrationImports.startedAt} < now() - interval '10 seconds'`,
        sql`pg_try_advisory_xact_lock(hashtextextended(${vibrationImports.id}::text, 73))`,
      ),
    )
    .returning({ id: vibrationImports.id })
  return rows.length
}
