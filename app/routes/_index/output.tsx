import { Link } from '@remix-run/react'
import { BarChart } from '~/components/charts/bar-chart'
import { ChartLegend, dayOutputColumns, GOOD_COLOUR, SCRAP_COLOUR } from '~/components/charts/series-chart'
import { DueDateBadge } from '~/components/orders/progress'
import { Card } from '~/components/ui/layout'
import { DataTable } from '~/components/ui/table'
import { formatNumber, formatPct } from '~/utils/format'
import { useLocale, useT } from '~/utils/i18n'
import type { DashboardData } from './data'

function Figure({ label, value, detail, testId }: { label: string; value: string; detail?: string; testId: string }) {
  return (
    <div className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid={testId}>
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="text-3xl font-bold tabular-nums text-slate-900">{value}</dd>
      {detail ? <dd className="mt-1 text-sm text-slate-600">{detail}</dd> : null}
    </div>
  )
}

/** The open orders' progress and the output figures of today and this week. */
export function Figures({ data }: { data: DashboardData }) {
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
          <dd className="text-3xl font-bold tabular-nums">{o.progressPct === null ? t('common.none') : formatPct(locale, o.progressPct)}</dd>
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

/** This week's good and scrap units per day: the chart and its numbers. */
export function WeekOutput({ data }: { data: DashboardData }) {
  const t = useT()
  const locale = useLocale()
  const good = t('statistics.goodUnits')
  const scrap = t('statistics.scrapUnits')
  const title = t('dashboard.weekChart', { from: data.output.weekFirst })
  const chartData = data.output.days.map((d) => ({ day: d.date.slice(5), [good]: d.goodUnits, [scrap]: d.scrapUnits }))
  return (
    <Card>
      <h2 className="mb-2 text-lg font-semibold">{title}</h2>
      <div data-testid="dashboard-week-chart">
        <BarChart data={chartData} keys={[good, scrap]} indexBy="day" label={title} colors={[GOOD_COLOUR, SCRAP_COLOUR]} width={480} height={220} />
      </div>
      <ChartLegend items={[[good, GOOD_COLOUR], [scrap, SCRAP_COLOUR]]} />
      <DataTable
        rowHeader
        size="sm"
        caption={title}
        testId="dashboard-week-table"
        rows={data.output.days}
        rowKey={(d) => d.date}
        empty={t('statistics.noJobs')}
        columns={dayOutputColumns(t, locale, false)}
      />
    </Card>
  )
}

/** Late orders and the ones due soon, with their progress. */
export function DueOrders({ data }: { data: DashboardData }) {
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
                  <Link to={`/orders/${r.id}`} className="whitespace-nowrap font-semibold text-blue-800 underline">
                    {r.reference}
                  </Link>
                ) : (
                  <span className="whitespace-nowrap font-semibold">{r.reference}</span>
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
        <Link to="/orders?sort=due" className="mt-3 link-touch">
          {t('dashboard.toOrders')}
        </Link>
      ) : null}
    </Card>
  )
}
