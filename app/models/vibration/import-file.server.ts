/**
 * The streaming, all-or-nothing vibration import: bytes → whole records → UTF-8 → CSV rows (papaparse, 256 KiB at a
 * time: import-csv.server.ts) → layout and row validation (app/domain/vibration/ingest) → blocks of 4096 samples per
 * channel (import-run.server.ts) → bulk load (db/raw-transaction.server.ts): on PostgreSQL in ONE transaction (binary
 * COPY streamed while parsing); on the embedded database sliced — COPYs of about a MiB, each committing by itself, so
 * pages keep answering — and published in one short transaction at the end (until then readers do not see the new
 * samples: they stop at each recording's sample_count). Any problem rolls everything back (sliced: undoes it); the
 * import history row (committed first, as 'running') then records why. See docs/decisions/004-vibration-data.md.
 *
 * A running import holds a lease the sweep respects: on PostgreSQL a session advisory lock of the import's own
 * connection, taken before its history row exists and gone the moment that connection is (the process died, the
 * database restarted); on the embedded database, being in this process's set of running imports (the data folder's lock
 * keeps any other process out). The sweep marks 'running' rows without a lease failed — at start and every minute.
 */
import { randomUUID } from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import { db, getDbHandle } from '~db/client.server'
import { withRawTransaction, type RawQuery, type RawTx } from '~db/raw-transaction.server'
import { vibrationImports, type ImportProblem, type ImportStatus } from '~db/schema'
import { isUniqueViolation, storageFault, storageFaultUploadMessage } from '~/utils/db-errors.server'
import { withoutNul } from '~/utils/text'
import { MAX_RECORD_BYTES } from '~/domain/vibration/ingest/records'
import { ByteMeter, NotTextError, RecordTooLongError, TooLargeError } from '~/utils/upload.server'
import { diagnoseAfterImport } from './diagnosis-dispatch.server'
import { csvRowChunks } from './import-csv.server'
import { ImportRun, undoSlicedImport, type ImportRequest, type ImportUndo } from './import-run.server'

/** Advisory-lock key space of import leases: hashtextextended(import id, 73). */
const LEASE = 'hashtextextended($1::text, 73)'

// Kept on globalThis so the dev server's rebuilds share them.
const g = globalThis as typeof globalThis & { __mesImportsRunning?: Set<string>; __mesImportQueue?: Promise<unknown> }
/** Embedded database: the imports running in this process (their lease). */
const runningHere = (g.__mesImportsRunning ??= new Set<string>())

/** Embedded database: imports run one at a time in this process, and the sweep waits its turn among them. */
function oneAtATime<T>(fn: () => Promise<T>): Promise<T> {
  const run = (g.__mesImportQueue ?? Promise.resolve()).then(fn, fn)
  g.__mesImportQueue = run.catch(() => {})
  return run
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

/**
 * Imports one file (see module comment). Never throws for bad input or a broken stream: the outcome says what happened
 * and the history row is updated accordingly. A storage fault (database full or read-only: utils/db-errors.server.ts) is
 * recorded on the history row when that still works, then rethrown for the route to answer 507/503.
 */
export async function importVibrationFile(request: ImportRequest): Promise<ImportOutcome> {
  if (getDbHandle().kind === 'pglite') return oneAtATime(() => importOne(request, true))
  return importOne(request, false)
}

async function importOne(request: ImportRequest, embedded: boolean): Promise<ImportOutcome> {
  const importId = randomUUID()
  try {
    return await importFile(request, importId, embedded)
  } finally {
    runningHere.delete(importId)
  }
}

async function importFile(request: ImportRequest, importId: string, embedded: boolean): Promise<ImportOutcome> {
  // The file name is the client's metadata: a NUL in it could not be stored (text or jsonb), so it is dropped.
  const req = { ...request, fileName: withoutNul(request.fileName) }
  let registered = false
  /** The lease, then the history row ('running'), committed before the import's work starts. */
  const register = async (query: RawQuery) => {
    if (embedded) runningHere.add(importId)
    else await query(`select pg_advisory_lock(${LEASE})`, [importId]) // held by this import's connection until it closes
    await query(
      `insert into vibration_imports (id, batch_id, source, file_name, user_id, username, token_id, status) values ($1, $2, $3, $4, $5, $6, $7, 'running')`,
      [importId, req.batchId, req.source, req.fileName.slice(0, 255), req.actor.id, req.actor.username, req.tokenId ?? null],
    )
    registered = true
  }
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
  let fault: unknown = null
  try {
    const work = async (tx: RawTx): Promise<ImportOutcome> => {
      run = new ImportRun(tx, req, importId)
      await run.consume(publishingProgress(csvRowChunks(metered), importId, () => meter.bytes))
      hash = meter.digest()
      if (run.failure) throw new Rollback({ status: 'failed', message: run.failure.message })
      if (run.problemCount > 0) throw new Rollback({ status: 'failed', message: 'vibration.error.problems' })
      if (!run.sawAnyRow) throw new Rollback({ status: 'failed', message: 'vibration.error.emptyFile' })
      if (run.imported + run.skipped === 0) throw new Rollback({ status: 'failed', message: 'vibration.error.noRows' })
      const { key, machineId, sensor } = run.dedupeKey(hash)
      const dup = await tx.query<{ id: string }>("select id from vibration_imports where dedupe_key = $1 and status = 'succeeded'", [key])
      if (dup[0]) throw new Rollback({ status: 'duplicate', message: 'vibration.import.alreadyImported', rowsSkipped: run.imported + run.skipped, rowsImported: 0 })
      const r = run
      return tx.atomically(async (publish) => {
        await r.finish(publish)
        const durationMs = Math.round(performance.now() - started)
        const recordingCount = [...r.recs.values()].filter(Boolean).length
        await publish.query(
          `update vibration_imports set status = 'succeeded', content_hash = $2, size_bytes = $3, layout = $4, machine_id = $5, sensor_no = $6,
             dedupe_key = $7, rows_imported = $8, rows_skipped = $9, recording_count = $10, finished_at = now(), duration_ms = $11, message_params = null where id = $1`,
          [importId, hash, meter.bytes, r.layout!.layout, machineId, sensor, key, r.imported, r.skipped, recordingCount, durationMs],
        )
        const after = { fileName: req.fileName, layout: r.layout!.layout, rows: r.imported, skipped: r.skipped, recordings: recordingCount, hash, createdMachines: r.createdMachines }
        await publish.query(
          "insert into audit_log (user_id, username, ip, action, entity_type, entity_id, after) values ($1, $2, $3, 'vibration.import', 'vibration_import', $4, $5::jsonb)",
          [req.actor.id, req.actor.username, req.actor.ip ?? null, importId, JSON.stringify(after)],
        )
        return { ...base(), status: 'succeeded' as const, rowsImported: r.imported, rowsSkipped: r.skipped, recordingCount, problemCount: 0, problems: [] }
      })
    }
    outcome = await withRawTransaction(work, { prepare: register, undo: (query) => undoSlicedImport(query, importId, (run as ImportRun | null)?.undo ?? null) })
    // ---- diagnosis hook (docs/decisions/006-vibration-diagnosis.md): once, after the commit, for the recordings that got samples.
    await diagnoseAfterImport(importId, [...(run as ImportRun | null)!.recs.values()].flatMap((r) => (r && r.added > 0 ? [r.id] : [])), req.actor)
    return outcome
  } catch (e) {
    if (!registered) throw e // not even the history row could be written (a full or read-only database): say so as it is
    if (e instanceof Rollback) outcome = { ...base(), ...e.outcome }
    else if (e instanceof TooLargeError) outcome = { ...base(), message: 'vibration.error.tooLarge', messageParams: { mb: Math.round(e.limit / 1024 / 1024) }, tooLarge: true }
    else if (e instanceof NotTextError) outcome = { ...base(), message: 'vibration.error.binary' }
    else if (e instanceof RecordTooLongError) outcome = { ...base(), message: 'vibration.error.recordTooLong', messageParams: { line: e.line, kib: MAX_RECORD_BYTES / 1024 } }
    else if (isUniqueViolation(e)) outcome = { ...base(), status: 'duplicate', message: 'vibration.import.alreadyImported' }
    else if (storageFault(e)) {
      fault = e
      outcome = { ...base(), message: storageFaultUploadMessage[storageFault(e)!] }
    } else {
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
  // A pool connection killed together with the import's (a database restart) fails the first statement on it: retry.
  for (let attempt = 1; ; attempt++) {
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
      break
    } catch (e) {
      if (attempt < 3 && !storageFault(e)) {
        await new Promise((resolve) => setTimeout(resolve, 250 * attempt))
        continue
      }
      console.error(JSON.stringify({ level: 'error', msg: 'vibration import: could not record the failure', importId, error: String(e) }))
      break
    }
  }
  if (fault) throw fault
  return outcome
}

/** How often a running import writes how far it got (`rows_parsed`, `size_bytes` so far) on its history row. */
export const PROGRESS_EVERY_MS = 500

/**
 * Passes the row batches through and, at most every PROGRESS_EVERY_MS (the first batch at once), writes the rows read and
 * bytes received so far on the import's history row, which the upload page polls (import-progress.server.ts). The write
 * is its own statement outside the import's transaction (PostgreSQL: a pool connection; the transaction does not touch
 * the history row until it publishes), so others see it while the import runs. Best effort: a failed write is ignored.
 */
async function* publishingProgress(batches: AsyncIterable<string[][]>, importId: string, bytes: () => number): AsyncGenerator<string[][]> {
  let rows = 0
  let last = -Infinity
  for await (const batch of batches) {
    rows += batch.length
    const now = Date.now()
    if (now - last >= PROGRESS_EVERY_MS) {
      last = now
      try {
        await db.update(vibrationImports).set({ rowsParsed: rows, sizeBytes: bytes() }).where(eq(vibrationImports.id, importId))
      } catch {}
    }
    yield batch
  }
}

/**
 * Marks failed the imports left 'running' without a lease (see the module comment) — their process died or lost its
 * database connection, so they stored nothing (PostgreSQL: the transaction died with the connection; embedded: what the
 * sliced import had committed is taken back here). No age limit: a lease is taken before the history row exists.
 * Returns how many were marked. Runs at start and every minute (`startImportSweep`).
 */
export async function failAbandonedImports(): Promise<number> {
  const handle = getDbHandle()
  if (handle.kind === 'pglite') return oneAtATime(() => sweepEmbedded(handle.pglite))
  const rows = await db
    .update(vibrationImports)
    .set({ status: 'failed', message: 'vibration.error.interrupted', finishedAt: sql`now()` })
    .where(sql`${vibrationImports.status} = 'running' and pg_try_advisory_xact_lock(hashtextextended(${vibrationImports.id}::text, 73))`)
    .returning({ id: vibrationImports.id })
  return rows.length
}

/** Embedded: under the import queue, so none of this process's imports is running; no other process has the folder. */
async function sweepEmbedded(pglite: Extract<ReturnType<typeof getDbHandle>, { kind: 'pglite' }>['pglite']): Promise<number> {
  const abandoned = await db
    .select({ id: vibrationImports.id, params: vibrationImports.messageParams })
    .from(vibrationImports)
    .where(eq(vibrationImports.status, 'running'))
  let marked = 0
  for (const row of abandoned) {
    if (runningHere.has(row.id)) continue
    const undo = typeof row.params?.undo === 'string' ? (JSON.parse(row.params.undo) as ImportUndo) : null
    await pglite.transaction(async (t) => {
      const query: RawQuery = async <R,>(text: string, params: unknown[] = []) => (await t.query<R>(text, params)).rows
      await undoSlicedImport(query, row.id, undo)
      await query(`update vibration_imports set status = 'failed', message = 'vibration.error.interrupted', message_params = null, finished_at = now() where id = $1 and status = 'running'`, [row.id])
    })
    marked++
  }
  return marked
}

/** Sweeps every `everyMs` (default a minute) until the returned function is called. */
export function startImportSweep(everyMs = 60_000): () => void {
  const timer = setInterval(() => {
    failAbandonedImports().catch((e: unknown) => console.error(JSON.stringify({ level: 'warn', msg: 'import sweep failed', error: String(e) })))
  }, everyMs)
  timer.unref()
  return () => clearInterval(timer)
}
