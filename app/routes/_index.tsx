import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData, useRevalidator } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { BarChart } from '~/components/charts/bar-chart'
import { ChartLegend, ChartTable, dayOutputColumns, formatGrams, formatNumber, GOOD_COLOUR, SCRAP_COLOUR } from '~/components/charts/series-chart'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { DueDateBadge } from '~/components/orders/progress'
import { DueBadge, PrinterStatusBadge } from '~/components/printers/badges'
import { formatDateTime } from '~/components/printers/format'
import { buttonClass } from '~/components/ui/button'
import { Badge, Card, PageHeader } from '~/components/ui/layout'
import { FaultBadge, ZoneBadge } from '~/components/vibration/diagnosis'
import type { PrinterNowState } from '~/domain/statistics'
import { dashboardOverview } from '~/models/dashboard.server'
import { requireUser } from '~/utils/auth.server'
import { env } from '~/utils/env.server'
import { cachedRead, timeBucket } from '~/utils/read-cache.server'
import { useLocale, useT } from '~/utils/i18n'
import { can } from '~/utils/permissions'
import type { MessageKey } from '~/i18n'

/** How often an open dashboard reloads its data (JavaScript only; without it the page is a plain snapshot). */
const REFRESH_MS = 30_000

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'dashboard:read')
  // Shared by every tablet for 10 s at most, and only while no data changes (read-cache.server.ts).
  const now = timeBucket(new Date(), 10_000)
  const timeZone = env().SHOP_TIME_ZONE
  const overview = await cachedRead('dashboard', `${timeZone}|${now.toISOString()}`, () => dashboardOverview(now, timeZone))
  return {
    name: user.displayName,
    now,
    timeZone,
    ...overview,
    can: {
      orders: can(user.role, 'orders:read'),
      audit: can(user.role, 'admin:audit'),
    },
  }
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>

/**
 * Revalidates the page's data every `ms` while the tab is visible (no full reload, nothing while hidden), and once
 * when the tab becomes visible again after having missed a refresh.
 */
function useAutoRevalidate(ms: number) {
  const { revalidate } = useRevalidator()
  const latest = useRef(revalidate)
  latest.current = revalidate
  useEffect(() => {
    let missed = false
    const id = window.setInterval(() => {
      if (document.visibilityState === 'visible') latest.current()
      else missed = true
    }, ms)
    const onVisible = () => {
      if (document.visibilityState === 'visible' && missed) {
        missed = false
        latest.current()
      }
    }
    document.addEventListener('visibilitychange', onVisible)
    return () => {
      window.clearInterval(id)
      document.removeEventListener('visibilitychange', onVisible)
    }
  }, [ms])
}

export default function Dashboard() {
  const data = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  useAutoRevalidate(REFRESH_MS)
  return (
    <>
      <p className="mb-4 text-lg text-slate-700" data-testid="welcome">
        {t('dashboard.welcome', { name: data.name })}
      </p>
      <PageHeader
        title={t('dashboard.title')}
        actions={
          <>
            <span className="self-center text-sm text-slate-600" data-testid="dashboard-updated">
              {t('dashboard.updatedAt', { time: formatDateTime(locale, data.now, data.timeZone) })}
            </span>
            <Link to="/" className={buttonClass('secondary')} reloadDocument>
              {t('dashboard.refresh')}
            </Link>
            <Link to="/statistics" className={buttonClass('secondary')}>
              {t('dashboard.toStatistics')}
            </Link>
          </>
        }
      />
      <div className="space-y-6">
        <Figures data={data} />
        <div className="grid gap-6 lg:grid-cols-2">
          <WeekOutput data={data} />
          <DueOrders data={data} />
        </div>
        <PrintersNow data={data} />
        <div className="grid gap-6 lg:grid-cols-2">
          <FilamentAlerts data={data} />
          <MaintenanceAlerts data={data} />
        </div>
        <div className="grid gap-6 lg:grid-cols-2">
          <MachineDiagnoses data={data} />
          <RecentActivity data={data} />
        </div>
      </div>
    </>
  )
}

function Figure({ label, value, detail, testId }: { label: string; value: string; detail?: string; testId: string }) {
  return (
    <div className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid={testId}>
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="text-3xl font-bold tabular-nums text-slate-900">{value}</dd>
      {detail ? <dd className="mt-1 text-sm text-slate-600">{detail}</dd> : null}
    </div>
  )
}

function Figures({ data }: { data: Data }) {
  const t = useT()
  const locale = useLocale()
  const o = data.openOrders
  const n = (v: number) => formatNumber(locale, v)
  return (
    <section aria-labelledby="dashboard-figures">
      <h2 id="dashboard-figures" className="sr-only">
        {t('dashboard.figures')}
      </h2>
      <dl className="grid grid-cols-2 gap-4 md:grid-cols-3 xl:grid-cols-5">
        <div className="col-span-2 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200 md:col-span-3 xl:col-span-2" data-testid="open-orders-progress">
          <dt className="text-sm text-slate-600">{t('dashboard.openProgress')}</dt>
          <dd className="text-3xl font-bold tabular-nums">{o.progressPct === null ? t('common.none') : `${o.progressPct}%`}</dd>
          <dd className="mt-2">
            <div
              className="h-3 w-full overflow-hidden rounded-full bg-slate-200"
              role="progressbar"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={o.progressPct ?? 0}
              aria-label={t('dashboard.openProgress')}
            >
              <div className="h-full bg-green-600" style={{ width: `${o.progressPct ?? 0}%` }} />
            </div>
          </dd>
          <dd className="mt-1 text-sm text-slate-600">
            {t('dashboard.openProgressDetail', { covered: n(o.coveredUnits), target: n(o.targetUnits), orders: n(o.openCount) })}
          </dd>
        </div>
        <Figure
          testId="produced-today"
          label={t('dashboard.producedToday')}
          value={n(data.output.todayGood)}
          detail={t('dashboard.scrapDetail', { scrap: n(data.output.todayScrap) })}
        />
        <Figure
          testId="produced-week"
          label={t('dashboard.producedWeek')}
          value={n(data.output.weekGood)}
          detail={t('dashboard.scrapDetail', { scrap: n(data.output.weekScrap) })}
        />
        <Figure
          testId="late-due"
          label={t('dashboard.lateAndDue')}
          value={`${n(o.lateCount)} / ${n(o.dueSoonCount)}`}
          detail={t('dashboard.lateAndDueDetail', { late: n(o.lateCount), soon: n(o.dueSoonCount) })}
        />
      </dl>
    </section>
  )
}

function WeekOutput({ data }: { data: Data }) {
  const t = useT()
  const locale = useLocale()
  const good = t('statistics.goodUnits')
  const scrap = t('statistics.scrapUnits')
  const chartData = data.output.days.map((d) => ({ day: d.date.slice(5), [good]: d.goodUnits, [scrap]: d.scrapUnits }))
  return (
    <Card>
      <h2 className="mb-2 text-lg font-semibold">{t('dashboard.weekChart', { from: data.output.weekFirst })}</h2>
      <div data-testid="dashboard-week-chart">
        <BarChart data={chartData} keys={[good, scrap]} indexBy="day" label={t('dashboard.weekChart', { from: data.output.weekFirst })} colors={[GOOD_COLOUR, SCRAP_COLOUR]} width={480} height={220} />
      </div>
      <ChartLegend items={[[good, GOOD_COLOUR], [scrap, SCRAP_COLOUR]]} />
      <ChartTable
        caption={t('dashboard.weekChart', { from: data.output.weekFirst })}
        testId="dashboard-week-table"
        rows={data.output.days}
        rowKey={(d) => d.date}
        empty={t('statistics.noJobs')}
        columns={dayOutputColumns(t, locale, false)}
      />
    </Card>
  )
}

function DueOrders({ data }: { data: Data }) {
  const t = useT()
  const locale = useLocale()
  const o = data.openOrders
  const hidden = o.lateCount + o.dueSoonCount - o.due.length
  return (
    <Card>
      <h2 className="mb-2 text-lg font-semibold">{t('dashboard.dueTitle')}</h2>
      {o.due.length === 0 ? (
        <p className="text-slate-600" data-testid="due-orders-empty">
          {t('dashboard.dueNone')}
        </p>
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="due-orders">
          {o.due.map((r) => (
            <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <div>
                {data.can.orders ? (
                  <Link to={`/orders/${r.id}`} className="font-semibold text-blue-800 underline">
                    {r.reference}
                  </Link>
                ) : (
                  <span className="font-semibold">{r.reference}</span>
                )}
                <span className="ml-2 text-sm text-slate-600">{r.productName}</span>
                <div className="text-sm text-slate-600">
                  {t('dashboard.dueLine', { due: r.dueDate ?? '', covered: formatNumber(locale, r.covered), target: formatNumber(locale, r.target), pct: r.progressPct })}
                </div>
              </div>
              <DueDateBadge due={r.badge} />
            </li>
          ))}
        </ul>
      )}
      {hidden > 0 ? <p className="mt-2 text-sm text-slate-600">{t('dashboard.dueMore', { count: hidden })}</p> : null}
      {data.can.orders ? (
        <Link to="/orders?sort=due" className="mt-3 inline-flex min-h-touch items-center text-blue-800 underline">
          {t('dashboard.toOrders')}
        </Link>
      ) : null}
    </Card>
  )
}

const stateTone: Record<PrinterNowState, 'green' | 'amber' | 'slate'> = { printing: 'green', maintenance: 'amber', idle: 'slate' }

function PrintersNow({ data }: { data: Data }) {
  const t = useT()
  const locale = useLocale()
  const time = (d: Date | string) => formatDateTime(locale, d, data.timeZone)
  const counts = { printing: 0, idle: 0, maintenance: 0 }
  for (const p of data.printers) counts[p.state] += 1
  return (
    <Card>
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-lg font-semibold">{t('dashboard.printersTitle')}</h2>
        <p className="text-sm text-slate-600" data-testid="printers-now-counts">
          {t('dashboard.printersCounts', counts)}
        </p>
      </div>
      {data.printers.length === 0 ? (
        <p className="text-slate-600">{t('dashboard.printersNone')}</p>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3" data-testid="printers-now">
          {data.printers.map((p) => (
            <li key={p.id} className="rounded-lg p-3 ring-1 ring-slate-200" data-state={p.state} data-testid="printer-now">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <Link to={`/printers/${p.id}`} className="font-semibold text-blue-800 underline">
                  {p.assetId} · {p.name}
                </Link>
                <Badge tone={stateTone[p.state]}>{t(`dashboard.state.${p.state}`)}</Badge>
              </div>
              {p.printing ? (
                <div className="mt-2">
                  <p className="text-sm">
                    {p.printing.reference} · {p.printing.productName} · {t('dashboard.units', { count: p.printing.units })}
                  </p>
                  <div
                    className="mt-1 h-2 w-full overflow-hidden rounded-full bg-slate-200"
                    role="progressbar"
                    aria-valuemin={0}
                    aria-valuemax={100}
                    aria-valuenow={p.printing.elapsedPct}
                    aria-label={t('dashboard.elapsed', { pct: p.printing.elapsedPct })}
                  >
                    <div className={`h-full ${p.printing.overdue ? 'bg-red-600' : 'bg-blue-700'}`} style={{ width: `${p.printing.elapsedPct}%` }} />
                  </div>
                  <p className="mt-1 text-sm text-slate-700">
                    {t('dashboard.elapsed', { pct: p.printing.elapsedPct })} · {t('dashboard.endsAt', { time: time(p.printing.endsAt) })}
                    {p.printing.overdue ? <span className="ml-1 font-semibold text-red-800">{t('dashboard.overrun')}</span> : null}
                  </p>
                </div>
              ) : null}
              {p.state === 'maintenance' ? (
                <p className="mt-2 text-sm text-amber-900">
                  {p.maintenanceUntil ? t('dashboard.maintenanceUntil', { time: time(p.maintenanceUntil) }) : <PrinterStatusBadge status={p.status} />}
                </p>
              ) : null}
              <p className="mt-2 text-sm text-slate-600">
                {p.next
                  ? t('dashboard.nextJob', { reference: p.next.reference, product: p.next.productName, time: time(p.next.startsAt) })
                  : t('dashboard.noNextJob')}
              </p>
            </li>
          ))}
        </ul>
      )}
    </Card>
  )
}

function FilamentAlerts({ data }: { data: Data }) {
  const t = useT()
  const locale = useLocale()
  return (
    <Card>
      <h2 className="mb-2 text-lg font-semibold">{t('dashboard.filamentTitle')}</h2>
      {data.filaments.length === 0 ? (
        <p className="text-slate-600" data-testid="filament-alerts-empty">
          {t('dashboard.filamentNone')}
        </p>
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="filament-alerts">
          {data.filaments.map((f) => (
            <li key={f.key} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span className="inline-flex items-center gap-2">
                <span className="inline-block h-4 w-4 rounded-full ring-1 ring-slate-400" style={{ backgroundColor: f.colourHex ?? '#cbd5e1' }} aria-hidden="true" />
                <span className="font-medium">
                  {f.material} · {f.colour}
                </span>
              </span>
              <span className="text-sm">
                <Badge tone={f.status === 'short' ? 'red' : 'amber'}>
                  {f.status === 'short' ? '✖ ' : '! '}
                  {t(`inventory.outlook.status.${f.status}`)}
                </Badge>{' '}
                {f.status === 'short'
                  ? t('dashboard.filamentShort', { grams: formatGrams(locale, f.shortfallMg), date: f.runsOutOn?.date ?? '—', ref: f.runsOutOn?.ref ?? '—' })
                  : t('dashboard.filamentLow', { grams: formatGrams(locale, f.onHandMg) })}
              </span>
            </li>
          ))}
        </ul>
      )}
      <Link to="/inventory/outlook" className="mt-3 inline-flex min-h-touch items-center text-blue-800 underline">
        {t('dashboard.toOutlook')}
      </Link>
    </Card>
  )
}

function MaintenanceAlerts({ data }: { data: Data }) {
  const t = useT()
  const due = data.printers.filter((p) => p.due.overdue + p.due.dueSoon > 0)
  return (
    <Card>
      <h2 className="mb-2 text-lg font-semibold">{t('dashboard.maintenanceTitle')}</h2>
      {due.length === 0 ? (
        <p className="text-slate-600" data-testid="maintenance-alerts-empty">
          {t('dashboard.maintenanceNone')}
        </p>
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="maintenance-alerts">
          {due.map((p) => (
            <li key={p.id} className="py-2">
              <Link to={`/printers/${p.id}`} className="font-semibold text-blue-800 underline">
                {p.assetId} · {p.name}
              </Link>
              <div className="mt-1 flex flex-wrap gap-2">
                {p.due.items.map((i) => (
                  <DueBadge key={i.type} status={i.status}>
                    {t(`printers.type.${i.type}`)} · {t(`printers.due.${i.status}`)}
                  </DueBadge>
                ))}
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  )
}

function MachineDiagnoses({ data }: { data: Data }) {
  const t = useT()
  const locale = useLocale()
  return (
    <Card>
      <h2 className="mb-2 text-lg font-semibold">{t('dashboard.machinesTitle')}</h2>
      {data.machines.length === 0 ? (
        <p className="text-slate-600">{t('dashboard.machinesNone')}</p>
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="machine-diagnoses">
          {data.machines.map((m) => (
            <li key={m.machineId} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <Link to={`/vibration/diagnosis/${m.machineId}`} className="font-semibold text-blue-800 underline">
                {m.machineName}
              </Link>
              {m.diagnosis ? (
                <span className="flex flex-wrap items-center gap-2 text-sm">
                  <FaultBadge faultType={m.diagnosis.faultType} />
                  <ZoneBadge zone={m.diagnosis.isoZone} />
                  <span className="text-slate-600">{formatDateTime(locale, m.diagnosis.detectedAt, data.timeZone)}</span>
                </span>
              ) : (
                <span className="text-sm text-slate-600">{t('dashboard.machineNoDiagnosis')}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  )
}

/** Where an activity row links to (pages every role can read), by the audit entry's record type. */
const entityPaths: Record<string, string> = {
  order: '/orders/',
  print_job: '/schedule/jobs/',
  printer: '/printers/',
  spool: '/inventory/spools/',
  filament: '/inventory/filaments/',
  product: '/products/',
  vibration_machine: '/vibration/machines/',
}

function RecentActivity({ data }: { data: Data }) {
  const t = useT()
  const locale = useLocale()
  const actionLabel = (action: string) => {
    const key = `dashboard.action.${action}` as MessageKey
    const text = t(key)
    return text === key ? action : text
  }
  return (
    <Card>
      <h2 className="mb-2 text-lg font-semibold">{t('dashboard.activityTitle')}</h2>
      {data.activity.length === 0 ? (
        <p className="text-slate-600">{t('dashboard.activityNone')}</p>
      ) : (
        <ol className="divide-y divide-slate-100" data-testid="recent-activity">
          {data.activity.map((a) => {
            const base = entityPaths[a.entityType]
            const what = a.label ?? ''
            return (
              <li key={a.id} className="py-2 text-sm">
                <span className="text-slate-600">{formatDateTime(locale, a.at, data.timeZone)}</span> · <span className="font-medium">{a.username ?? t('common.none')}</span> ·{' '}
                {actionLabel(a.action)}
                {what ? (
                  <>
                    {' '}
                    {base && a.entityId ? (
                      <Link to={`${base}${a.entityId}`} className="text-blue-800 underline">
                        {what}
                      </Link>
                    ) : (
                      <span>{what}</span>
                    )}
                  </>
                ) : null}
              </li>
            )
          })}
        </ol>
      )}
      {data.can.audit ? (
        <Link to="/admin/audit" className="mt-3 inline-flex min-h-touch items-center text-blue-800 underline">
          {t('dashboard.toAudit')}
        </Link>
      ) : null}
    </Card>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
