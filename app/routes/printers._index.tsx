import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { AutoRecordCard, AutoRecordSchema } from '~/components/printers/auto-record'
import { LiveLine, liveLineOf } from '~/components/printers/live-card'
import { DueBadge, PrinterStatusBadge } from '~/components/printers/badges'
import { PeriodForm } from '~/components/printers/period-form'
import { StatusFilter } from '~/components/printers/status-filter'
import { periodFromSearch } from '~/components/printers/schemas'
import { UtilisationFiguresList } from '~/components/printers/utilisation'
import { buttonClass } from '~/components/ui/button'
import { Card, PageHeader } from '~/components/ui/layout'
import { DataTable } from '~/components/ui/table'
import { PRINTER_STATUSES, weeklyNominalHours, type PrinterStatus } from '~/domain/printers'
import { localDate } from '~/domain/time/zoned'
import { elapsedPct } from '~/domain/statistics/dashboard'
import { currentJobsByPrinter } from '~/models/printers/bench.server'
import { autoRecordPrints, setAutoRecordPrints } from '~/models/printers/live/prints.server'
import { connectionCount } from '~/models/printers/live/connections.server'
import { liveOfMany } from '~/models/printers/live/store.server'
import { fleetOverview } from '~/models/printers/overview.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { env } from '~/utils/env.server'
import { formatDateTime, formatHours, formatPct } from '~/utils/format'
import { useLocale, useT } from '~/utils/i18n'
import { useLiveEvents } from '~/utils/use-live-events'
import { can } from '~/utils/permissions'
import { readForm } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'printers:read')
  const url = new URL(request.url)
  const timeZone = env().SHOP_TIME_ZONE
  const now = new Date()
  const { period, errors } = periodFromSearch(url.searchParams, localDate(now, timeZone), timeZone)
  const statusParam = url.searchParams.get('status')
  const status = (PRINTER_STATUSES as readonly string[]).includes(statusParam ?? '') ? (statusParam as PrinterStatus) : undefined
  const overview = await fleetOverview({ now, timeZone, period, status })
  const jobs = await currentJobsByPrinter(
    overview.rows.map((r) => r.printer.id),
    now,
  )
  // What connected printers report about themselves (current on every load).
  const live = await liveOfMany(
    overview.rows.map((r) => r.printer.id),
    now,
  )
  const liveOf = (printerId: string) => {
    const l = live.get(printerId)
    return l ? liveLineOf(l) : null
  }
  const jobOf = (printerId: string) => {
    const printing = jobs.printing.get(printerId)
    if (printing) return { kind: 'printing' as const, reference: printing.reference, productName: printing.productName, pct: elapsedPct(printing.actualStart ?? printing.startsAt, printing.endsAt, now) }
    const next = jobs.next.get(printerId)
    return next ? { kind: 'next' as const, reference: next.reference, productName: next.productName, startsAt: next.startsAt } : null
  }
  return {
    rows: overview.rows.map((r) => ({ ...r, weeklyHours: weeklyNominalHours(r.printer.calendar), job: jobOf(r.printer.id), live: liveOf(r.printer.id) })),
    timeZone,
    fleet: overview.fleet,
    hasJobs: overview.hasJobs,
    period: { kind: period.kind, firstDate: period.firstDate, lastDate: period.lastDate },
    periodErrors: errors,
    status: status ?? '',
    canWrite: can(user.role, 'printers:write'),
    autoRecord: can(user.role, 'admin:settings') ? await autoRecordPrints() : null,
    // Some printer is connected (it may not have reported yet): the page follows the live events.
    liveWatch: (await connectionCount()) > 0,
  }
}

/** The one setting of this page (administrators): whether finished prints of connected printers are recorded at once. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, 'admin:settings')
  const submission = parseWithZod(await readForm(request), { schema: AutoRecordSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const enabled = submission.value.enabled === 'on'
  await setAutoRecordPrints(actorOf(user, request), enabled)
  return redirectWithToast('/printers', { type: 'success', key: enabled ? 'printerLive.autoRecord.savedOn' : 'printerLive.autoRecord.savedOff' })
}

export default function PrintersPage() {
  const { rows, fleet, hasJobs, period, periodErrors, status, canWrite, timeZone, autoRecord, liveWatch } = useLoaderData<typeof loader>()
  const t = useT()
  useLiveEvents(liveWatch, { minGapMs: 3000 })
  const locale = useLocale()
  return (
    <>
      <PageHeader
        title={t('printers.title')}
        actions={
          canWrite ? (
            <Link to="/printers/new" className={buttonClass('primary')}>
              {t('printers.new')}
            </Link>
          ) : null
        }
      />
      <Card className="mb-6">
        <StatusFilter status={status} />
        <DataTable
          rows={rows}
          rowKey={(r) => r.printer.id}
          rowProps={(r) => ({ 'data-testid': `printer-row-${r.printer.assetId}` })}
          empty={t('printers.empty')}
          columns={[
            {
              key: 'assetId',
              header: t('printers.field.assetId'),
              nowrap: true,
              cell: ({ printer }) => (
                <Link to={`/printers/${printer.id}`} className="link-row">
                  {printer.assetId}
                </Link>
              ),
            },
            {
              key: 'name',
              header: t('printers.field.name'),
              cell: ({ printer }) => (
                <>
                  <div>{printer.name}</div>
                  {printer.model ? <div className="text-sm text-slate-600">{printer.model}</div> : null}
                </>
              ),
            },
            { key: 'location', header: t('printers.field.location'), cell: ({ printer }) => printer.location },
            { key: 'status', header: t('printers.field.status'), nowrap: true, cell: ({ printer }) => <PrinterStatusBadge status={printer.status} /> },
            {
              key: 'currentJob',
              header: t('printers.currentJob'),
              cell: ({ printer, job, live }) => (
                <>
                  {job === null ? (
                    <span className="text-slate-600 break-keep">{t('printers.list.none')}</span>
                  ) : (
                    <Link to={`/printers/${printer.id}#bench`} className="flex min-h-touch items-center text-blue-800 underline break-keep" data-testid="current-job">
                      {job.kind === 'printing'
                        ? t('printers.list.printing', { reference: job.reference, product: job.productName, pct: job.pct })
                        : t('printers.list.next', { reference: job.reference, time: formatDateTime(job.startsAt, timeZone) })}
                    </Link>
                  )}
                  {live ? <LiveLine live={live} /> : null}
                </>
              ),
            },
            {
              key: 'maintenance',
              header: t('printers.maintenance'),
              cell: ({ due }) => (
                <div className="flex flex-wrap gap-1">
                  {due.overdue > 0 ? <DueBadge status="overdue">{t('printers.due.summaryOverdue', { count: due.overdue })}</DueBadge> : null}
                  {due.dueSoon > 0 ? <DueBadge status="due_soon">{t('printers.due.summaryDueSoon', { count: due.dueSoon })}</DueBadge> : null}
                  {due.overdue === 0 && due.dueSoon === 0 ? <DueBadge status={due.overallStatus} /> : null}
                </div>
              ),
            },
            { key: 'weeklyHours', header: t('printers.weeklyHours'), numeric: true, cell: (r) => formatHours(locale, r.weeklyHours) },
            { key: 'availableHours', header: t('printers.util.availableHours'), numeric: true, cell: (r) => formatHours(locale, r.utilisation.availableHours) },
            { key: 'printHours', header: t('printers.util.printHours'), numeric: true, cell: (r) => formatHours(locale, r.utilisation.printHours) },
            { key: 'utilisation', header: t('printers.util.utilisation'), numeric: true, cell: (r) => formatPct(locale, r.utilisation.utilisationPct) },
          ]}
        />
      </Card>
      <Card>
        <h2 className="mb-3 text-lg font-semibold">
          {t('printers.util.title')} · {t('printers.util.fleet')} ({t('printers.util.range', { from: period.firstDate, to: period.lastDate })})
        </h2>
        <div className="mb-4">
          <PeriodForm period={period} errors={periodErrors} keep={status ? { status } : {}} />
        </div>
        <UtilisationFiguresList figures={fleet} />
        {hasJobs ? null : <p className="mt-3 text-slate-700">{t('printers.util.noJobs')}</p>}
      </Card>
      {autoRecord !== null ? <AutoRecordCard enabled={autoRecord} /> : null}
    </>
  )
}

