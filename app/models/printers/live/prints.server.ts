/**
 * From printer to record (issue 18 item 5). The poller hands every batch of state changes here after storing them:
 *
 * - a print starts → a `printer_prints` row; it is linked to the job the printer is printing in the plan (a person
 *   started it) or to the planned job its file names (order reference or product name, `matchJob`), which is then
 *   started at the printer's own start time through the scheduling module's `startJob` (one transaction, audited);
 * - a print ends → the row gets its outcome, filament used and progress. The bench then offers the prefilled record for
 *   a person to confirm — or, when the shop allows it (`printers.auto_record`), a finished print is recorded at once
 *   through the same `finishJob` a person's tap uses (order progress, future jobs, filament, audit in one transaction).
 *
 * A person links a print the file name did not match by picking the job on the bench (`linkPrint`).
 */
import { and, desc, eq, gt, isNull } from 'drizzle-orm'
import { db } from '~db/client.server'
import { printerPrints, printers } from '~db/schema'
import { matchJob, prefillRecord, printEvent, type Prefill, type PrintOutcome } from '~/domain/printers/live/prints'
import { plannedGramsMg } from '~/domain/scheduling/output'
import { mgToDbNumeric } from '~/domain/inventory/mass'
import { startJob } from '~/models/scheduling/job-edits.server'
import type { JobResult } from '~/models/scheduling/job-guard.server'
import { finishJob } from '~/models/scheduling/job-output.server'
import { getJob, openJobsOfPrinter } from '~/models/scheduling/job-queries.server'
import { audit, type Actor } from '~/utils/audit.server'
import { isUuid } from '~/utils/ids'
import { readFlag, writeFlag, type FlagSetting } from '../../flag-settings.server'
import { log } from './log.server'
import type { StateChange } from './store.server'

export const AUTO_RECORD_KEY = 'printers.auto_record'

/** Who the audit trail names for what the app did on a printer's word. */
const printerActor = (assetId: string): Actor => ({ id: null, username: `printer:${assetId}` })

export interface PrintRow {
  id: string
  printerId: string
  file: string | null
  startedAt: Date
  endedAt: Date | null
  outcome: PrintOutcome | null
  jobId: string | null
  linkedBy: 'file' | 'person' | null
  filamentMm: number | null
  progress: number | null
  message: string | null
}

const columns = {
  id: printerPrints.id,
  printerId: printerPrints.printerId,
  file: printerPrints.file,
  startedAt: printerPrints.startedAt,
  endedAt: printerPrints.endedAt,
  outcome: printerPrints.outcome,
  jobId: printerPrints.jobId,
  linkedBy: printerPrints.linkedBy,
  filamentMm: printerPrints.filamentMm,
  progress: printerPrints.progress,
  message: printerPrints.message,
}

const AUTO_RECORD: FlagSetting = { key: AUTO_RECORD_KEY, action: 'printer.auto_record', entityType: 'printer' }

export const autoRecordPrints = () => readFlag(AUTO_RECORD)

export const setAutoRecordPrints = (actor: Actor, enabled: boolean) => writeFlag(AUTO_RECORD, actor, enabled)

/** The state changes of one stored batch, in order; a failure on one printer is logged and does not stop the others. */
export async function trackPrints(changes: readonly StateChange[]): Promise<void> {
  for (const c of [...changes].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    const event = printEvent(c.fromState, c.toState, c.message)
    if (!event) continue
    try {
      if (event.kind === 'start') await printStarted(c)
      else await printEnded(c, event.outcome)
    } catch (e) {
      log('warn', 'printer print tracking failed', { printerId: c.printerId, error: String(e) })
    }
  }
}

async function openPrint(printerId: string): Promise<PrintRow | null> {
  const [row] = await db.select(columns).from(printerPrints).where(and(eq(printerPrints.printerId, printerId), isNull(printerPrints.endedAt)))
  return row ?? null
}

async function assetIdOf(printerId: string): Promise<string | null> {
  const [row] = await db.select({ assetId: printers.assetId }).from(printers).where(eq(printers.id, printerId))
  return row?.assetId ?? null
}

async function printStarted(c: StateChange) {
  const open = await openPrint(c.printerId)
  // Back from offline with the same file: the same print goes on.
  if (open && open.file === c.file) return
  if (open) await closePrint(open.id, c.at, 'cancelled', { filamentMm: null, progress: null, message: 'another print started' })
  const assetId = await assetIdOf(c.printerId)
  if (!assetId) return
  const [print] = await db.insert(printerPrints).values({ printerId: c.printerId, file: c.file, startedAt: c.at }).onConflictDoNothing().returning({ id: printerPrints.id })
  if (!print) return
  const jobs = await openJobsOfPrinter(c.printerId, new Date(c.at.getTime() + 86_400_000), 12)
  const printing = jobs.find((j) => j.status === 'printing')
  if (printing) {
    // A person started this job on the bench before (or as) the printer began: that is the print.
    await db.update(printerPrints).set({ jobId: printing.id, linkedBy: 'person' }).where(eq(printerPrints.id, print.id))
    return
  }
  const match = matchJob(
    c.file,
    jobs.map((j) => ({ id: j.id, orderReference: j.orderReference, productName: j.productName, startsAt: j.startsAt, version: j.version })),
  )
  if (!match) return
  const started = await startJob(printerActor(assetId), match.id, match.version, c.at)
  if (started.ok) await db.update(printerPrints).set({ jobId: match.id, linkedBy: 'file' }).where(and(eq(printerPrints.id, print.id), isNull(printerPrints.jobId)))
  else log('info', 'printer print not linked: the matched job did not start', { printerId: c.printerId, jobId: match.id, problem: started.problem.code })
}

/** The record a print of `job` suggests (the same for the bench's prompt and an automatic record). */
function prefillFor(job: NonNullable<Awaited<ReturnType<typeof getJob>>>, print: { outcome: PrintOutcome; filamentMm: number | null; progress: number | null }) {
  return prefillRecord({ outcome: print.outcome, units: job.units, plannedMg: plannedGramsMg(job), material: job.material, filamentMm: print.filamentMm, progress: print.progress })
}

async function closePrint(id: string, at: Date, outcome: PrintOutcome, end: { filamentMm: number | null; progress: number | null; message: string | null }) {
  await db.update(printerPrints).set({ endedAt: at, outcome, ...end }).where(and(eq(printerPrints.id, id), isNull(printerPrints.endedAt)))
}

async function printEnded(c: StateChange, outcome: PrintOutcome) {
  const open = await openPrint(c.printerId)
  if (!open) return
  await closePrint(open.id, c.at, outcome, { filamentMm: c.filamentMm ?? null, progress: c.progress, message: c.message })
  if (outcome !== 'finished' || !open.jobId || !(await autoRecordPrints())) return
  const job = await getJob(open.jobId)
  if (!job || job.status !== 'printing') return
  const assetId = await assetIdOf(c.printerId)
  const fill = prefillFor(job, { outcome, filamentMm: c.filamentMm ?? null, progress: c.progress })
  const result = await finishJob(
    printerActor(assetId ?? 'unknown'),
    job.id,
    job.version,
    { outcome: 'done', goodUnits: fill.goodUnits, scrapUnits: fill.scrapUnits, grams: mgToDbNumeric(fill.mg), spoolId: null, note: `auto: ${open.file ?? ''}`.trim() },
    c.at,
  )
  if (!result.ok) log('info', 'finished print not auto-recorded', { printerId: c.printerId, jobId: job.id, problem: result.problem.code })
}

export interface BenchPrint {
  print: PrintRow
  /** A print the printer runs that no job is linked to: the operator picks which job it is. */
  needsJob: boolean
  /** An ended print whose job still prints: the record to confirm, prefilled. */
  record: (Prefill & { jobId: string; version: number; outcome: PrintOutcome }) | null
}

/** What the printer's last print asks of the operator on the bench, if anything (prints of the last two days). */
export async function benchPrint(printerId: string, now: Date): Promise<BenchPrint | null> {
  if (!isUuid(printerId)) return null
  const [print] = await db
    .select(columns)
    .from(printerPrints)
    .where(and(eq(printerPrints.printerId, printerId), gt(printerPrints.startedAt, new Date(now.getTime() - 2 * 86_400_000))))
    .orderBy(desc(printerPrints.startedAt))
    .limit(1)
  if (!print) return null
  if (!print.jobId) return print.endedAt ? null : { print, needsJob: true, record: null }
  if (!print.endedAt || !print.outcome) return null
  const job = await getJob(print.jobId)
  if (!job || job.status !== 'printing') return null
  const outcome = print.outcome
  const fill = prefillFor(job, { ...print, outcome })
  return { print, needsJob: false, record: { ...fill, jobId: job.id, version: job.version, outcome } }
}

export type LinkResult = JobResult | { ok: false; problem: { code: 'print_gone' } }

/**
 * A person says which job the printer's running print is: a planned job starts at the print's start (the scheduling
 * module's checks apply), a printing one is just linked. A print linked meanwhile (another tablet) is refused.
 */
export async function linkPrint(actor: Actor, printerId: string, printId: string, jobId: string, version: number): Promise<LinkResult> {
  if (!isUuid(printId) || !isUuid(jobId)) return { ok: false, problem: { code: 'print_gone' } }
  const [print] = await db.select(columns).from(printerPrints).where(and(eq(printerPrints.id, printId), eq(printerPrints.printerId, printerId)))
  if (!print || print.endedAt) return { ok: false, problem: { code: 'print_gone' } }
  if (print.jobId) return { ok: false, problem: { code: 'conflict', current: await getJob(print.jobId) } }
  const job = await getJob(jobId)
  if (!job || job.printerId !== printerId) return { ok: false, problem: { code: 'not_found' } }
  let result: JobResult = { ok: true, job }
  if (job.status === 'planned') result = await startJob(actor, jobId, version, print.startedAt)
  else if (job.status !== 'printing') return { ok: false, problem: { code: 'not_planned' } }
  else if (job.version !== version) return { ok: false, problem: { code: 'conflict', current: job } }
  if (!result.ok) return result
  await db.transaction(async (tx) => {
    await tx.update(printerPrints).set({ jobId, linkedBy: 'person' }).where(and(eq(printerPrints.id, printId), isNull(printerPrints.jobId)))
    await audit(tx, actor, { action: 'job.link_print', entityType: 'print_job', entityId: jobId, before: null, after: { printId, file: print.file, startedAt: print.startedAt } })
  })
  return result
}
