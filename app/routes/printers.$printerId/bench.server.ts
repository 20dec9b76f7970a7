/**
 * The bench actions of the printer page: start the next job, record the current job's output, or record it as failed;
 * link the print a connected printer started to its job (which starts it at the printer's start time).
 * Each calls the scheduling module's job function (one transaction with its audit row: startJob, finishJob); the route
 * has checked 'production:record' first. Answers a redirect with a toast, or the problem as a form/field error.
 */
import { problemError, type Problem } from '~/components/schedule/problems'
import type { Locale, MessageKey, Translate } from '~/i18n'
import { startJob } from '~/models/scheduling/job-edits.server'
import type { JobResult } from '~/models/scheduling/job-guard.server'
import { finishJob } from '~/models/scheduling/job-output.server'
import { getJob } from '~/models/scheduling/job-queries.server'
import { linkPrint } from '~/models/printers/live/prints.server'
import type { Actor } from '~/utils/audit.server'
import { redirectWithToast } from '~/utils/toast.server'

export type BenchValue =
  | { intent: 'job-start'; jobId: string; version: number }
  | { intent: 'print-link'; printId: string; jobId: string; version: number }
  | { intent: 'job-finish' | 'job-fail'; jobId: string; version: number; goodUnits: number; scrapUnits: number; grams: string; spoolId: string; note: string }

export type Refusal = { status: number; fieldErrors: Record<string, string[]> }

export async function benchAction(
  printerId: string,
  v: BenchValue,
  ctx: { actor: Actor; now: Date; t: Translate; locale: Locale; timeZone: string },
): Promise<Response | Refusal> {
  const job = await getJob(v.jobId)
  // Only this printer's jobs: a form from another printer's page (or a stale one after a move) changes nothing here.
  if (!job || job.printerId !== printerId) return { status: 404, fieldErrors: { '': [ctx.t('printers.bench.jobGone')] } }
  let result: JobResult
  if (v.intent === 'print-link') {
    const linked = await linkPrint(ctx.actor, printerId, v.printId, v.jobId, v.version)
    if (!linked.ok && linked.problem.code === 'print_gone') return { status: 409, fieldErrors: { '': [ctx.t('printerLive.print.gone')] } }
    result = linked as JobResult
  } else if (v.intent === 'job-start') {
    result = await startJob(ctx.actor, v.jobId, v.version, ctx.now)
  } else {
    const outcome = v.intent === 'job-fail' ? 'failed' : 'done'
    result = await finishJob(
      ctx.actor,
      v.jobId,
      v.version,
      { outcome, goodUnits: v.goodUnits, scrapUnits: v.scrapUnits, grams: v.grams, spoolId: v.spoolId || null, note: v.note || undefined },
      ctx.now,
    )
  }
  if (!result.ok) {
    const p = result.problem
    if (p.code === 'not_found') return { status: 404, fieldErrors: { '': [ctx.t('printers.bench.jobGone')] } }
    if (p.code === 'conflict') return { status: 409, fieldErrors: { '': [ctx.t('printers.bench.jobChanged')] } }
    const { field, message } = problemError(ctx.t, p as Problem, { locale: ctx.locale, timeZone: ctx.timeZone })
    return { status: 400, fieldErrors: { [field]: [message] } }
  }
  const n = result.notice ?? {}
  const back = `/printers/${printerId}`
  const toast = ((): { key: MessageKey; params?: Record<string, number | string> } => {
    switch (v.intent) {
      case 'print-link':
        return { key: 'printerLive.print.linked', params: { reference: job.orderReference } }
      case 'job-start':
        return n.released ? { key: 'schedule.job.startedReleased', params: { count: Number(n.released) } } : { key: 'printers.bench.toast.started', params: { reference: job.orderReference } }
      case 'job-fail':
        return { key: 'printers.bench.toast.failed', params: { reference: job.orderReference, good: v.goodUnits, scrap: v.scrapUnits } }
      case 'job-finish':
        if (Number(n.surplus) > 0) return { key: 'schedule.job.finishedSurplus', params: { surplus: Number(n.surplus) } }
        if (Number(n.removed) + Number(n.shrunk) > 0) return { key: 'schedule.job.finishedReduced', params: { removed: Number(n.removed), shrunk: Number(n.shrunk) } }
        return { key: 'printers.bench.toast.recorded', params: { reference: job.orderReference, good: v.goodUnits, scrap: v.scrapUnits } }
    }
  })()
  return redirectWithToast(back, { type: 'success', ...toast })
}

