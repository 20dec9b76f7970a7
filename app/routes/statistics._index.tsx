import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { BarChart } from '~/components/charts/bar-chart'
import { itemChartLayout } from '~/components/charts/chart-frame'
import { ChartLegend, DailySeriesChart, dayOutputColumns, GOOD_COLOUR, GroupedBarChart, SCRAP_COLOUR, SERIES_COLOURS, SwatchBarChart, type SwatchBar } from '~/components/charts/series-chart'
import { Photo } from '~/components/orders/photo'
import { PeriodForm } from '~/components/printers/period-form'
import { Card, PageHeader } from '~/components/ui/layout'
import { DataTable } from '~/components/ui/table'
import { periodQuery, resolveStatisticsPeriod, type ProductOutput, type StatisticsExport } from '~/domain/statistics'
import { localDate } from '~/domain/time/zoned'
import { statisticsOverview } from '~/models/statistics.server'
import { requireUser } from '~/utils/auth.server'
import { env } from '~/utils/env.server'
import { formatGrams, formatHours, formatNumber, formatPct } from '~/utils/format'
import { useLocale, useT } from '~/utils/i18n'
import { cachedRead, timeBucket } from '~/utils/read-cache.server'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, 'statistics:read')
  const params = new URL(request.url).searchParams
  const timeZone = env().SHOP_TIME_ZONE
  const now = timeBucket(new Date(), 60_000)
  const { period, notice } = resolveStatisticsPeriod(
    { period: params.get('period'), from: params.get('from'), to: params.get('to') },
    localDate(now, timeZone),
    timeZone,
  )
  const overview = await cachedRead('statistics', `${period.firstDate}|${period.lastDate}|${timeZone}|${now.toISOString()}`, () =>
    statisticsOverview({ period, now, timeZone }),
  )
  return {
    period: { kind: period.kind, firstDate: period.firstDate, lastDate: period.lastDate },
    query: periodQuery(period),
    notice,
    ...overview,
  }
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>
type CsvKind = StatisticsExport

export default function StatisticsPage() {
  const data = useLoaderData<typeof loader>()
  const t = useT()
  const notice = data.notice
  const fieldErrors = notice && notice.field !== 'period' ? { [notice.field]: [t(`statistics.notice.${notice.code}`)] } : {}
  return (
    <>
      <PageHeader title={t('statistics.title')} />
      <Card className="mb-6">
        <PeriodForm period={data.period} errors={fieldErrors} />
        {notice ? (
          <p role="status" className="mt-3 rounded-lg bg-amber-50 p-3 text-amber-900 ring-1 ring-amber-300" data-testid="period-notice">
            {t('statistics.notice', { reason: t(`statistics.notice.${notice.code}`), from: data.period.firstDate, to: data.period.lastDate })}
          </p>
        ) : null}
        <p className="mt-3 text-sm text-slate-600" data-testid="period-range">
          {t('statistics.range', { from: data.period.firstDate, to: data.period.lastDate })} · {t('statistics.rule')}
        </p>
      </Card>
      <div className="space-y-6">
        <Totals data={data} />
        <DailySection data={data} />
        <MaterialsSection data={data} />
        <ProductsSection data={data} />
        <PrintersSection data={data} />
      </div>
    </>
  )
}

function Section({ title, kind, data, children, testId }: { title: string; kind: CsvKind; data: Data; children: ReactNode; testId: string }) {
  const t = useT()
  return (
    <Card>
      <section aria-label={title} data-testid={testId}>
        <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
          <h2 className="text-lg font-semibold">{title}</h2>
          <Link to={`/statistics/export?kind=${kind}&${data.query}`} reloadDocument className="inline-flex min-h-touch min-w-touch items-center justify-center px-2 text-blue-800 underline" data-testid={`csv-${kind}`}>
            {t('statistics.csv')}
          </Link>
        </div>
        {children}
      </section>
    </Card>
  )
}

function Totals({ data }: { data: Data }) {
  const t = useT()
  const locale = useLocale()
  const items: Array<[string, string]> = [
    [t('statistics.goodUnits'), formatNumber(locale, data.totals.goodUnits)],
    [t('statistics.scrapUnits'), formatNumber(locale, data.totals.scrapUnits)],
    [t('statistics.scrapRate'), formatPct(locale, data.totals.scrapRatePct)],
    [t('statistics.jobs'), formatNumber(locale, data.totals.jobs)],
    [t('statistics.failedJobs'), formatNumber(locale, data.totals.failedJobs)],
    [t('statistics.grams'), formatGrams(locale, data.totals.gramsMg, { trim: true })],
  ]
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6" data-testid="statistics-totals">
      {items.map(([label, value]) => (
        <div key={label} className="rounded-xl bg-white p-3 shadow-sm ring-1 ring-slate-200">
          <dt className="text-sm text-slate-600">{label}</dt>
          <dd className="text-2xl font-semibold tabular-nums">{value}</dd>
        </div>
      ))}
    </dl>
  )
}

function DailySection({ data }: { data: Data }) {
  const t = useT()
  const locale = useLocale()
  const labels = data.days.map((d) => d.date.slice(5))
  const good = t('statistics.goodUnits')
  const scrap = t('statistics.scrapUnits')
  const rate = t('statistics.scrapRate')
  // At most ~1.2× a portrait tablet's column, so the chart's text stays ≥ 12 px when it shrinks to fit (ChartFrame).
  const width = Math.max(480, Math.min(840, 60 + data.days.length * 26))
  return (
    <Section title={t('statistics.dailyTitle')} kind="daily" data={data} testId="statistics-daily">
      <div className="grid gap-4 xl:grid-cols-2">
        <div data-testid="chart-daily-units">
          <h3 className="mb-1 font-medium">{t('statistics.unitsPerDay')}</h3>
          <DailySeriesChart
            labels={labels}
            series={[
              { id: good, color: GOOD_COLOUR, values: data.days.map((d) => d.goodUnits) },
              { id: scrap, color: SCRAP_COLOUR, values: data.days.map((d) => d.scrapUnits) },
            ]}
            label={t('statistics.unitsPerDay')}
            width={width}
          />
          <ChartLegend items={[[good, GOOD_COLOUR], [scrap, SCRAP_COLOUR]]} />
        </div>
        <div data-testid="chart-daily-scrap">
          <h3 className="mb-1 font-medium">{t('statistics.scrapRatePerDay')}</h3>
          <DailySeriesChart
            labels={labels}
            series={[{ id: rate, color: '#b45309', values: data.days.map((d) => (d.scrapRatePct === null ? null : Math.round(d.scrapRatePct * 10) / 10)) }]}
            label={t('statistics.scrapRatePerDay')}
            width={width}
            unit="%"
          />
        </div>
      </div>
      <DataTable
        rowHeader
        size="sm"
        caption={t('statistics.dailyTitle')}
        testId="table-daily"
        rows={data.days}
        rowKey={(d) => d.date}
        empty={t('statistics.noJobs')}
        columns={dayOutputColumns(t, locale, true)}
      />
    </Section>
  )
}

const grams = (mg: number) => Math.round(mg / 100) / 10

/** Grams per item as bars (side by side while they fit a tablet's width, else a row each), or "no recorded jobs". */
function GramsChart({ bars, label, testId, barWidth }: { bars: SwatchBar[]; label: string; testId: string; barWidth: number }) {
  const t = useT()
  if (bars.length === 0) return <p className="text-slate-600">{t('statistics.noJobs')}</p>
  const { layout, width, height } = itemChartLayout(bars.length, barWidth, 30)
  return (
    <div data-testid={testId}>
      <SwatchBarChart bars={bars} label={label} unit=" g" layout={layout} width={width} height={height} />
    </div>
  )
}

function MaterialsSection({ data }: { data: Data }) {
  const t = useT()
  const locale = useLocale()
  const m = data.materials
  return (
    <>
      <Section title={t('statistics.materialTitle')} kind="materials" data={data} testId="statistics-materials">
        <GramsChart
          testId="chart-materials"
          label={t('statistics.materialTitle')}
          barWidth={70}
          bars={m.byMaterial.map((x, i) => ({ label: x.material, value: grams(x.gramsMg), color: SERIES_COLOURS[i % SERIES_COLOURS.length] }))}
        />
        <DataTable
          rowHeader
          size="sm"
          caption={t('statistics.materialTitle')}
          testId="table-materials"
          rows={m.byMaterial}
          rowKey={(x) => x.material}
          empty={t('statistics.noJobs')}
          columns={[
            { header: t('statistics.material'), cell: (x) => x.material },
            { header: t('statistics.grams'), numeric: true, cell: (x) => formatGrams(locale, x.gramsMg, { trim: true }) },
            { header: t('statistics.share'), numeric: true, cell: (x) => formatPct(locale, m.totalMg > 0 ? (x.gramsMg * 100) / m.totalMg : null) },
            { header: t('statistics.jobs'), numeric: true, cell: (x) => formatNumber(locale, x.jobs) },
          ]}
        />
      </Section>
      <Section title={t('statistics.materialColourTitle')} kind="material-colours" data={data} testId="statistics-material-colours">
        <GramsChart
          testId="chart-material-colours"
          label={t('statistics.materialColourTitle')}
          barWidth={48}
          bars={m.byMaterialColour.map((x) => ({ label: `${x.material} ${x.colour}`, value: grams(x.gramsMg), color: x.colourHex ?? '#94a3b8' }))}
        />
        <DataTable
          rowHeader
          size="sm"
          caption={t('statistics.materialColourTitle')}
          testId="table-material-colours"
          rows={m.byMaterialColour}
          rowKey={(x) => `${x.material}|${x.colour}`}
          empty={t('statistics.noJobs')}
          columns={[
            { header: t('statistics.material'), cell: (x) => x.material },
            {
              header: t('statistics.colour'),
              cell: (x) => (
                <span className="inline-flex items-center gap-2">
                  <span className="inline-block h-3 w-3 rounded-full ring-1 ring-slate-400" style={{ backgroundColor: x.colourHex ?? '#94a3b8' }} aria-hidden="true" />
                  {x.colour}
                </span>
              ),
            },
            { header: t('statistics.grams'), numeric: true, cell: (x) => formatGrams(locale, x.gramsMg, { trim: true }) },
            { header: t('statistics.jobs'), numeric: true, cell: (x) => formatNumber(locale, x.jobs) },
          ]}
        />
      </Section>
    </>
  )
}

function TopList({ title, rows, value, testId, chartLabel, unit }: { title: string; rows: ProductOutput[]; value: (p: ProductOutput) => number; testId: string; chartLabel: string; unit: string }) {
  const t = useT()
  const locale = useLocale()
  return (
    <div data-testid={testId}>
      <h3 className="mb-2 font-medium">{title}</h3>
      {rows.length === 0 ? (
        <p className="text-slate-600">{t('statistics.noJobs')}</p>
      ) : (
        <SwatchBarChart
          bars={rows.map((p, i) => ({ label: p.name.length > 22 ? `${p.name.slice(0, 21)}…` : p.name, value: value(p), color: SERIES_COLOURS[i % SERIES_COLOURS.length] }))}
          label={chartLabel}
          layout="horizontal"
          unit={unit}
          width={440}
          height={40 + rows.length * 36}
        />
      )}
      <DataTable
        rowHeader
        size="sm"
        caption={title}
        rows={rows}
        rowKey={(p) => p.productId}
        empty={t('statistics.noJobs')}
        columns={[
          {
            header: t('statistics.product'),
            cell: (p) => (
              <Link to={`/products/${p.productId}`} className="inline-flex min-h-touch items-center gap-2 text-blue-800 underline">
                <Photo id={p.photoId} alt="" className="h-10 w-10 shrink-0" />
                {p.name}
              </Link>
            ),
          },
          { header: t('statistics.goodUnits'), numeric: true, cell: (p) => formatNumber(locale, p.goodUnits) },
          { header: t('statistics.grams'), numeric: true, cell: (p) => formatGrams(locale, p.gramsMg, { trim: true }) },
          { header: t('statistics.jobs'), numeric: true, cell: (p) => formatNumber(locale, p.jobs) },
        ]}
      />
    </div>
  )
}

function ProductsSection({ data }: { data: Data }) {
  const t = useT()
  return (
    <Section title={t('statistics.productsTitle')} kind="products" data={data} testId="statistics-products">
      <div className="grid gap-6 xl:grid-cols-2">
        <TopList title={t('statistics.topByUnits')} chartLabel={t('statistics.topByUnits')} rows={data.top.byUnits} value={(p) => p.goodUnits} unit="" testId="top-units" />
        <TopList title={t('statistics.topByGrams')} chartLabel={t('statistics.topByGrams')} rows={data.top.byGrams} value={(p) => grams(p.gramsMg)} unit=" g" testId="top-grams" />
      </div>
    </Section>
  )
}

function PrintersSection({ data }: { data: Data }) {
  const t = useT()
  const locale = useLocale()
  const list = data.printers.printers
  const fleet = data.printers.fleet
  // 50 printers side by side would shrink the labels below legibility on a tablet: then a row per printer.
  const single = itemChartLayout(list.length, 36, 26)
  const grouped = itemChartLayout(list.length, 36, 32)
  const jobsLabel = t('statistics.jobsRun')
  const unitsLabel = t('statistics.goodUnits')
  return (
    <Section title={t('statistics.printersTitle')} kind="printers" data={data} testId="statistics-printers">
      <p className="mb-3 text-sm text-slate-700" data-testid="fleet-utilisation">
        {t('statistics.fleet', { pct: formatPct(locale, fleet.utilisationPct), print: formatHours(locale, fleet.printHours), available: formatHours(locale, fleet.availableHours), printers: fleet.printerCount })}
      </p>
      {list.length === 0 ? (
        <p className="text-slate-600">{t('statistics.noPrinters')}</p>
      ) : (
        <div className={`grid gap-4 ${single.layout === 'horizontal' ? 'lg:grid-cols-2' : 'xl:grid-cols-2'}`}>
          <div data-testid="chart-utilisation">
            <h3 className="mb-1 font-medium">{t('statistics.utilisation')}</h3>
            <BarChart
              data={list.map((p) => ({ printer: p.assetId, pct: p.utilisationPct === null ? 0 : Math.round(p.utilisationPct * 10) / 10 }))}
              keys={['pct']}
              indexBy="printer"
              label={t('statistics.utilisation')}
              unit="%"
              colors={['#1d4ed8']}
              layout={single.layout}
              width={single.width}
              height={single.height}
            />
          </div>
          <div data-testid="chart-printer-output">
            <h3 className="mb-1 font-medium">{t('statistics.printerOutput')}</h3>
            <GroupedBarChart
              data={list.map((p) => ({ printer: p.assetId, [jobsLabel]: p.jobsRun, [unitsLabel]: p.goodUnits }))}
              keys={[jobsLabel, unitsLabel]}
              indexBy="printer"
              label={t('statistics.printerOutput')}
              colors={['#f59e0b', '#16a34a']}
              layout={grouped.layout}
              width={grouped.width}
              height={grouped.height}
            />
            <ChartLegend items={[[jobsLabel, '#f59e0b'], [unitsLabel, '#16a34a']]} />
          </div>
        </div>
      )}
      <DataTable
        rowHeader
        size="sm"
        caption={t('statistics.printersTitle')}
        testId="table-printers"
        rows={list}
        rowKey={(p) => p.printerId}
        empty={t('statistics.noPrinters')}
        columns={[
          {
            header: t('statistics.printer'),
            cell: (p) => (
              <Link to={`/printers/${p.printerId}`} className="link-touch">
                {`${p.assetId} · ${p.name}`}
              </Link>
            ),
          },
          { header: t('statistics.availableHours'), numeric: true, cell: (p) => formatHours(locale, p.availableHours) },
          { header: t('statistics.printHours'), numeric: true, cell: (p) => formatHours(locale, p.printHours) },
          { header: t('statistics.utilisation'), numeric: true, cell: (p) => formatPct(locale, p.utilisationPct) },
          { header: jobsLabel, numeric: true, cell: (p) => formatNumber(locale, p.jobsRun) },
          { header: t('statistics.jobsDone'), numeric: true, cell: (p) => formatNumber(locale, p.jobsEnded.done) },
          { header: t('statistics.failedJobs'), numeric: true, cell: (p) => formatNumber(locale, p.jobsEnded.failed) },
          { header: unitsLabel, numeric: true, cell: (p) => formatNumber(locale, p.goodUnits) },
          { header: t('statistics.scrapUnits'), numeric: true, cell: (p) => formatNumber(locale, p.scrapUnits) },
        ]}
      />
      <p className="mt-2 text-sm text-slate-600">{t('statistics.printersRule')}</p>
    </Section>
  )
}
