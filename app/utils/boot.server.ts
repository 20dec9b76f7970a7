import { sql } from 'drizzle-orm'
import { closeDb, getDbHandle, migrateDb } from '~db/client.server'
import { requeueInterruptedRuns, startDiagnosisWorker, stopDiagnosisWorker } from '~/models/vibration-diagnosis.server'
import { failAbandonedImports } from '~/models/vibration-import.server'
import { env } from './env.server'
import { purgeIdleSessions } from './session.server'

/** Runs once when the server starts: validates the environment, applies migrations and housekeeping. */
export async function boot(): Promise<{ database: string }> {
  const e = env()
  const handle = getDbHandle()
  await migrateDb(handle)
  await purgeIdleSessions()
  await failAbandonedImports()
  // Diagnosis jobs a stopped server left 'running' go back to the queue; the in-process worker picks them up.
  await requeueInterruptedRuns()
  startDiagnosisWorker()
  if (handle.kind === 'pglite') startEmbeddedVacuum()
  const database = handle.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${e.DATA_DIR}/pglite`
  return { database }
}

/**
 * The embedded database has no autovacuum: without it PostgreSQL's planner cannot use index-only scans, and the
 * dashboard's per-order output query reads every job (docs/decisions/008-statistics.md: 75 ms vacuumed vs ~110 ms). So
 * the busy tables are vacuumed and analysed shortly after start and every 6 hours (a few seconds at 100,000 jobs).
 */
let vacuumTimer: NodeJS.Timeout | null = null
function startEmbeddedVacuum() {
  const run = async () => {
    try {
      await getDbHandle().db.execute(sql`vacuum (analyze) print_jobs, orders, spools, spool_usage, audit_log, vibration_diagnosis`)
    } catch (e) {
      console.error(JSON.stringify({ level: 'warn', msg: 'embedded vacuum failed', error: String(e) }))
    }
  }
  setTimeout(() => void run(), 30_000).unref()
  vacuumTimer = setInterval(() => void run(), 6 * 3_600_000)
  vacuumTimer.unref()
}

export async function shutdown(): Promise<void> {
  if (vacuumTimer) clearInterval(vacuumTimer)
  await stopDiagnosisWorker()
  await closeDb()
}
