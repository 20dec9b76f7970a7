/**
 * The streaming, all-or-nothing vibration import: bytes → whole records → UTF-8 → CSV rows (papaparse, 256 KiB at a
 * time: import-csv.server.ts) → layout and row validation (app/domain/vibration/ingest) → blocks of 4096 samples per
 * channel (import-run.server.ts) → bulk load in ONE transaction (binary COPY on PostgreSQL, streamed while parsing;
 * binary COPY from a blob on PGlite: db/raw-transaction.server.ts). Any problem rolls everything back; the import history
 * row (committed before the transaction starts, as 'running') then records why. See docs/decisions/004-vibration-data.md.
 */
import { and, eq, sql } from 'drizzle-orm'
import { db } from '~db/client.server'
import { withRawTransaction } from '~db/raw-transaction.server'
import { vibrationImports, type ImportProblem, type ImportStatus } from '~db/schema'
import { isUniqueViolation, storageFault, storageFaultUploadMessage } from '~/utils/db-errors.server'
import { withoutNul } from '~/utils/text'
import { ByteMeter, NotTextError, TooLargeError } from '~/utils/upload.server'
import { diagnoseAfterImport } from './diagnosis-dispatch.server'
import { csvRowChunks } from './import-csv.server'
import { ImportRun, type ImportRequest } from './import-run.server'

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
  let fault: unknown = null
  try {
    outcome = await withRawTransaction(async (tx) => {
      // Held until this transaction ends (or its connection dies): tells a starting server that the import is alive.
      await tx.query('select pg_advisory_xact_lock(hashtextextended($1, 73))', [importId])
      run = new ImportRun(tx, req, importId)
      await run.consume(csvRowChunks(metered))
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
