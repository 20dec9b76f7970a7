import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { DueBadge, PrinterStatusBadge } from '~/components/printers/badges'
import { formatHours, formatPct } from '~/components/printers/format'
import { PeriodForm } from '~/components/printers/period-form'
import { periodFromSearch } from '~/components/printers/schemas'
import { UtilisationFiguresList } from '~/components/printers/utilisation'
import { Button, buttonClass } from '~/components/ui/button'
import { SelectField } from '~/components/ui/field'
import { Card, PageHeader } from '~/components/ui/layout'
import { PRINTER_STATUSES, weeklyNominalHours, type PrinterStatus } from '~/domain/printers'
import { localDate } from '~/domain/time/zoned'
import { fleetOverview } from '~/models/printers/overview.server'
import { requireUser } from '~/utils/auth.server'
import { env } from '~/utils/env.server'
import { translateErrors } from '~/utils/forms'
import { useLocale, useT } from '~/utils/i18n'
import { can } from '~/utils/permissions'

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
  const [params] = useSearchParams()
  const t = useT()
  const locale = useLocale()
  const keep: Record<string, string> = {}
  for (const k of ['period', 'from', 'to']) {
    const v = params.get(k)
    if (v) keep[k] = v
  }
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
        <Form method="get" className="mb-4 flex flex-wrap items-end gap-3">
          {Object.entries(keep).map(([k, v]) => (
            <input key={k} type="hidden" name={k} value={v} />
          ))}
          <div className="w-56">
            <SelectField
              label={t('printers.filterStatus')}
              name="status"
              defaultValue={status}
              options={[{ value: '', label: t('common.all') }, ...PRINTER_STATUSES.map((s) => ({ value: s, label: t(`printers.status.${s}`) }))]}
            />
          </div>
          <Button type="submit" variant="secondary">
            {t('common.filter')}
          </Button>
        </Form>
        <div className="overflow-x-auto">
          <table className="w-full text-left">
            <thead className="text-sm text-slate-600">
              <tr>
                <th className="py-2 pr-3">{t('printers.field.assetId')}</th>
                <th className="py-2 pr-3">{t('printers.field.name')}</th>
                <th className="py-2 pr-3">{t('printers.field.location')}</th>
                <th className="py-2 pr-3">{t('printers.field.status')}</th>
                <th className="py-2 pr-3">{t('printers.currentJob')}</th>
                <th className="py-2 pr-3">{t('printers.maintenance')}</th>
                <th className="py-2 pr-3 text-right">{t('printers.weeklyHours')}</th>
                <th className="py-2 pr-3 text-right">{t('printers.util.availableHours')}</th>
                <th className="py-2 pr-3 text-right">{t('printers.util.printHours')}</th>
                <th className="py-2 text-right">{t('printers.util.utilisation')}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {rows.map(({ printer, due, utilisation, weeklyHours }) => (
                <tr key={printer.id} data-testid={`printer-row-${printer.assetId}`}>
                  <td className="py-1 pr-3">
                    <Link to={`/printers/${printer.id}`} className="flex min-h-touch items-center font-medium text-blue-800 underline">
                      {printer.assetId}
                    </Link>
                  </td>
                  <td className="pr-3">
                    <div>{printer.name}</div>
                    {printer.model ? <div className="text-sm text-slate-600">{printer.model}</div> : null}
                  </td>
                  <td className="pr-3">{printer.location}</td>
                  <td className="pr-3">
                    <PrinterStatusBadge status={printer.status} />
                  </td>
                  <td className="pr-3 text-slate-500">{t('common.none')}</td>
                  <td className="pr-3">
                    <div className="flex flex-wrap gap-1">
                      {due.overdue > 0 ? <DueBadge status="overdue">{t('printers.due.summaryOverdue', { count: due.overdue })}</DueBadge> : null}
                      {due.dueSoon > 0 ? <DueBadge status="due_soon">{t('printers.due.summaryDueSoon', { count: due.dueSoon })}</DueBadge> : null}
                      {due.overdue === 0 && due.dueSoon === 0 ? <DueBadge status={due.overallStatus} /> : null}
                    </div>
                  </td>
                  <td className="pr-3 text-right">{formatHours(locale, weeklyHours)}</td>
                  <td className="pr-3 text-right">{formatHours(locale, utilisation.availableHours)}</td>
                  <td className="pr-3 text-right">{formatHours(locale, utilisation.printHours)}</td>
                  <td className="text-right">{formatPct(locale, utilisation.utilisationPct)}</td>
                </tr>
              ))}
              {rows.length === 0 ? (
                <tr>
                  <td colSpan={10} className="py-4 text-slate-600">
                    {t('printers.empty')}
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
      </Card>
      <Card>
        <h2 className="mb-3 text-lg font-semibold">
          {t('printers.util.title')} · {t('printers.util.fleet')} ({t('printers.util.range', { from: period.firstDate, to: period.lastDate })})
        </h2>
        <div className="mb-4">
          <PeriodForm period={period} errors={{ from: translateErrors(t, periodErrors.from), to: translateErrors(t, periodErrors.to) }} keep={status ? { status } : {}} />
        </div>
        <UtilisationFiguresList figures={fleet} />
        {hasJobs ? null : <p className="mt-3 text-slate-700">{t('printers.util.noJobs')}</p>}
      </Card>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
