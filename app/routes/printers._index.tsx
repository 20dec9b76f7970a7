import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
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
import { fleetOverview } from '~/models/printers/overview.server'
import { requireUser } from '~/utils/auth.server'
import { env } from '~/utils/env.server'
import { formatHours, formatPct } from '~/utils/format'
import { useLocale, useT } from '~/utils/i18n'
import { can } from '~/utils/permissions'

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
  return {
    rows: overview.rows.map((r) => ({ ...r, weeklyHours: weeklyNominalHours(r.printer.calendar) })),
    fleet: overview.fleet,
    hasJobs: overview.hasJobs,
    period: { kind: period.kind, firstDate: period.firstDate, lastDate: period.lastDate },
    periodErrors: errors,
    status: status ?? '',
    canWrite: can(user.role, 'printers:write'),
  }
}

export default function PrintersPage() {
  const { rows, fleet, hasJobs, period, periodErrors, status, canWrite } = useLoaderData<typeof loader>()
  const t = useT()
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
                <Link to={`/printers/${printer.id}`} className="flex min-h-touch items-center font-medium text-blue-800 underline">
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
            { key: 'currentJob', header: t('printers.currentJob'), className: 'text-slate-500', cell: () => t('common.none') },
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
    </>
  )
}

