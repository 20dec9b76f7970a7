import { sql } from 'drizzle-orm'
import { closeDb, getDbHandle, migrateDb } from '~db/client.server'
import { runHousekeeping } from '~/models/housekeeping.server'
import { checkPrinterSecretKey } from '~/models/printers/live/connections.server'
import { enablePrinterPoller, startPrinterPoller, stopPrinterPoller } from '~/models/printers/live/poller.server'
import { announceSetupCode } from '~/models/setup-code.server'
import { requeueInterruptedRuns } from '~/models/vibration/diagnosis-queue.server'
import { startDiagnosisWorker, stopDiagnosisWorker } from '~/models/vibration/diagnosis-worker.server'
import { failAbandonedImports, startImportSweep } from '~/models/vibration/import-file.server'
import { runRetention } from '~/models/vibration/retention.server'
import { startStreamSubscriber, stopStreamSubscriber } from '~/models/vibration/stream/subscriber.server'
import { env } from '~/utils/env.server'

/**
 * Runs once when the server starts: validates the environment, applies migrations and housekeeping, and — while no user
 * exists — prints the one-time setup code.
 */
export async function boot(): Promise<{ database: string }> {
  const e = env()
  const handle = getDbHandle()
  await migrateDb(handle)
  // Stored printer connections need PRINTER_SECRET_KEY: a clear error stops the start before anything else runs.
  const connections = await checkPrinterSecretKey()
  await runHousekeeping()
  startHousekeeping()
  startRetention()
  await announceSetupCode((line) => console.log(`\n  ${line}\n`))
  // Imports whose lease is gone (their server died) are marked failed now and by a sweep every minute.
  await failAbandonedImports()
  stopImportSweep = startImportSweep()
  // Diagnosis jobs a stopped server left 'running' go back to the queue; the in-process worker picks them up.
  await requeueInterruptedRuns()
  startDiagnosisWorker()
  // Live printers: the poller runs when some printer has a connection, or starts when the first one is saved.
  enablePrinterPoller()
  if (connections > 0) await startPrinterPoller()
  // Live vibration streams from gateways: subscribed to only when MQTT_URL is set (one instance across several).
  if (e.MQTT_URL) startStreamSubscriber({ url: e.MQTT_URL, prefix: e.VIBRATION_MQTT_PREFIX, clientId: e.VIBRATION_MQTT_CLIENT_ID })
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

/** Housekeeping again every 6 hours (a long-running server is rarely restarted). */
let housekeepingTimer: NodeJS.Timeout | null = null
function startHousekeeping() {
  housekeepingTimer = setInterval(() => {
    runHousekeeping().catch((e: unknown) => console.error(JSON.stringify({ level: 'warn', msg: 'housekeeping failed', error: String(e) })))
  }, 6 * 3_600_000)
  housekeepingTimer.unref()
}

/**
 * Raw vibration samples past VIBRATION_RAW_RETENTION_DAYS: shortly after start and every 6 hours (the job also makes the
 * coming weeks' partitions, so it runs even when retention is off). Several instances: one at a time (a database lock).
 */
let retentionTimer: NodeJS.Timeout | null = null
function startRetention() {
  const run = () =>
    void runRetention({ now: new Date(), days: env().VIBRATION_RAW_RETENTION_DAYS, trigger: 'schedule' }).catch((e: unknown) =>
      console.error(JSON.stringify({ level: 'warn', msg: 'vibration retention could not record its run', error: String(e) })),
    )
  setTimeout(run, 10_000).unref()
  retentionTimer = setInterval(run, 6 * 3_600_000)
  retentionTimer.unref()
}

let stopImportSweep: (() => void) | null = null

export async function shutdown(): Promise<void> {
  stopImportSweep?.()
  if (vacuumTimer) clearInterval(vacuumTimer)
  if (housekeepingTimer) clearInterval(housekeepingTimer)
  if (retentionTimer) clearInterval(retentionTimer)
  await stopDiagnosisWorker()
  await stopPrinterPoller()
  await stopStreamSubscriber()
  await closeDb()
}
