import type { DayFigures, UtilisationFigures } from '~/domain/printers'
import { useLocale, useT } from '~/utils/i18n'
import { formatHours, formatPct } from '~/utils/format'
import { BarChart } from '../charts/bar-chart'
import { DataTable } from '../ui/table'

/** The period's figures as a definition list. */
export function UtilisationFiguresList({ figures }: { figures: UtilisationFigures }) {
  const t = useT()
  const locale = useLocale()
  const items: Array<[string, string]> = [
    [t('printers.util.jobsRun'), String(figures.jobsRun)],
    [t('printers.util.goodUnits'), String(figures.goodUnits)],
    [t('printers.util.scrapUnits'), String(figures.scrapUnits)],
    [t('printers.util.printHours'), formatHours(locale, figures.printHours)],
    [t('printers.util.availableHours'), formatHours(locale, figures.availableHours)],
    [t('printers.util.utilisation'), formatPct(locale, figures.utilisationPct)],
  ]
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6" data-testid="utilisation-figures">
      {items.map(([label, value]) => (
        <div key={label} className="rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200">
          <dt className="text-sm text-slate-600">{label}</dt>
          <dd className="text-xl font-semibold">{value}</dd>
        </div>
      ))}
    </dl>
  )
}

/**
 * Per-day bars: print hours, stacked with the idle part of the available hours (so a bar's height is the available time,
 * or the print time when a printer ran outside its calendar), and the same numbers as a table.
 */
export function DailyChart({ days }: { days: DayFigures[] }) {
  const t = useT()
  const locale = useLocale()
  const print = t('printers.util.printHours')
  const idle = t('printers.util.idleHours')
  const data = days.map((d) => ({
    day: d.date.slice(5),
    [print]: Math.round(d.printHours * 10) / 10,
    [idle]: Math.round(Math.max(0, d.availableHours - d.printHours) * 10) / 10,
  }))
  return (
    <div className="space-y-3">
      <BarChart data={data} keys={[print, idle]} indexBy="day" label={t('printers.util.chartLabel')} unit="h" colors={['#1d4ed8', '#cbd5e1']} width={Math.max(360, 40 + days.length * 22)} />
      <p className="flex gap-4 text-sm text-slate-700" aria-hidden="true">
        <span className="inline-flex items-center gap-1">
          <span className="inline-block h-3 w-3 rounded-sm bg-blue-700" /> {print}
        </span>
        <span className="inline-flex items-center gap-1">
          <span className="inline-block h-3 w-3 rounded-sm bg-slate-300" /> {idle}
        </span>
      </p>
      <details>
        <summary className="flex min-h-touch cursor-pointer items-center font-medium text-blue-800">{t('printers.util.chartLabel')}</summary>
        <DataTable
          className="mt-2"
          size="sm"
          rowHeader
          rows={days}
          rowKey={(d) => d.date}
          columns={[
            { key: 'day', header: t('printers.util.day'), nowrap: true, cell: (d) => d.date },
            { key: 'available', header: t('printers.util.availableHours'), numeric: true, cell: (d) => formatHours(locale, d.availableHours) },
            { key: 'print', header: t('printers.util.printHours'), numeric: true, cell: (d) => formatHours(locale, d.printHours) },
          ]}
        />
      </details>
    </div>
  )
}
