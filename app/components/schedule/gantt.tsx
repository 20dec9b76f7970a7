import { Link } from '@remix-run/react'
import type { GanttLayout } from '~/domain/scheduling/gantt'
import type { JobStatus } from '~/domain/scheduling/jobs'
import { useLocale, useT } from '~/utils/i18n'

export interface GanttJob {
  id: string
  start: Date
  end: Date
  status: JobStatus
  locked: boolean
  late: boolean
  reference: string
  product: string
  units: number
  colourHex: string | null
  colour: string
}

const statusClass: Record<JobStatus, string> = {
  planned: 'bg-blue-50 text-blue-950 ring-blue-400',
  printing: 'bg-green-100 text-green-950 ring-green-600 ring-2',
  done: 'bg-slate-200 text-slate-700 ring-slate-400',
  failed: 'bg-red-100 text-red-900 ring-red-500 line-through',
  cancelled: 'bg-white text-slate-500 ring-slate-300',
}

const LANE_REM = 3

/**
 * The 7-day printer Gantt as HTML/CSS (server-rendered, no JavaScript needed): a sticky printer column, a horizontally
 * scrollable time area with day columns, shaded non-working time and maintenance, a "now" line and one link per job.
 */
export function Gantt({ layout, printers, timeZone }: { layout: GanttLayout<GanttJob>; printers: Array<{ id: string; label: string; status: string }>; timeZone: string }) {
  const t = useT()
  const locale = useLocale()
  const dayFmt = new Intl.DateTimeFormat(locale === 'ko' ? 'ko-KR' : 'en-GB', { weekday: 'short', month: 'numeric', day: 'numeric', timeZone })
  const timeFmt = new Intl.DateTimeFormat(locale === 'ko' ? 'ko-KR' : 'en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone })
  const byId = new Map(printers.map((p) => [p.id, p]))
  return (
    <div className="overflow-x-auto rounded-xl bg-white shadow-sm ring-1 ring-slate-200" data-testid="gantt">
      <div className="min-w-[112rem]">
        <div className="flex border-b border-slate-200 text-sm font-medium text-slate-700">
          <div className="sticky left-0 z-20 w-36 shrink-0 bg-white px-3 py-2">{t('schedule.printer')}</div>
          <div className="relative h-9 flex-1">
            {layout.dayColumns.map((d) => (
              <div key={d.date} className="absolute top-0 h-full border-l border-slate-200 px-2 py-2" style={{ left: `${d.left}%`, width: `${d.width}%` }}>
                {dayFmt.format(new Date(d.start))}
              </div>
            ))}
          </div>
        </div>
        {layout.rows.map((row) => {
          const printer = byId.get(row.id)
          return (
            <div key={row.id} className="flex border-b border-slate-100" data-testid="gantt-row" data-printer={printer?.label}>
              <div className="sticky left-0 z-20 w-36 shrink-0 bg-white px-3 py-2 text-sm">
                <Link to={`/printers/${row.id}`} className="font-semibold text-blue-800 underline">
                  {printer?.label}
                </Link>
                {printer && printer.status !== 'active' ? <p className="text-xs text-amber-800">{t(`printers.status.${printer.status}` as never)}</p> : null}
              </div>
              <div className="relative flex-1" style={{ height: `${row.lanes * LANE_REM + 0.5}rem` }}>
                {row.offHours.map((s, i) => (
                  <div key={`off${i}`} aria-hidden className="absolute inset-y-0 bg-slate-100" style={{ left: `${s.left}%`, width: `${s.width}%` }} />
                ))}
                {row.maintenance.map((s, i) => (
                  <div
                    key={`m${i}`}
                    className="absolute inset-y-0 bg-[repeating-linear-gradient(45deg,#fde68a_0,#fde68a_6px,#fef3c7_6px,#fef3c7_12px)]"
                    style={{ left: `${s.left}%`, width: `${s.width}%` }}
                    title={t('schedule.legend.maintenance')}
                  />
                ))}
                {layout.dayColumns.map((d) => (
                  <div key={d.date} aria-hidden className="absolute inset-y-0 border-l border-slate-200" style={{ left: `${d.left}%` }} />
                ))}
                {row.bars.map((b) => {
                  const j = b.job
                  const label = t('schedule.barLabel', { reference: j.reference, product: j.product, units: j.units })
                  return (
                    <Link
                      key={j.id}
                      to={`/schedule/jobs/${j.id}`}
                      data-testid="gantt-job"
                      data-status={j.status}
                      data-late={j.late ? 'true' : undefined}
                      className={`absolute flex min-h-[2.5rem] items-center gap-1 overflow-hidden rounded-md px-1.5 text-xs ring-1 ring-inset ${statusClass[j.status]} ${j.late ? 'outline outline-2 outline-red-600' : ''}`}
                      style={{ left: `${b.left}%`, width: `${b.width}%`, top: `${b.lane * LANE_REM + 0.25}rem`, borderLeft: `6px solid ${j.colourHex ?? '#94a3b8'}` }}
                      title={`${label} · ${timeFmt.format(new Date(j.start))}–${timeFmt.format(new Date(j.end))} · ${t(`schedule.status.${j.status}`)}${j.late ? ` · ${t('schedule.late')}` : ''}`}
                    >
                      {j.late ? <span className="font-bold text-red-700">!</span> : null}
                      {j.locked ? <span aria-label={t('schedule.locked')}>🔒</span> : null}
                      <span className="truncate">{label}</span>
                    </Link>
                  )
                })}
                {layout.now !== null ? <div aria-hidden className="absolute inset-y-0 z-10 w-0.5 bg-red-600" style={{ left: `${layout.now}%` }} data-testid="now-line" /> : null}
              </div>
            </div>
          )
        })}
      </div>
    </div>
  )
}

export function GanttLegend() {
  const t = useT()
  const item = (cls: string, label: string) => (
    <span className="inline-flex items-center gap-1">
      <span aria-hidden className={`inline-block h-4 w-6 rounded ring-1 ring-inset ${cls}`} />
      {label}
    </span>
  )
  return (
    <div className="mt-3 flex flex-wrap gap-4 text-sm text-slate-700" aria-label={t('schedule.legend')}>
      {item(statusClass.planned, t('schedule.status.planned'))}
      {item(statusClass.printing, t('schedule.status.printing'))}
      {item(statusClass.done, t('schedule.status.done'))}
      {item(statusClass.failed, t('schedule.status.failed'))}
      {item('bg-slate-100 ring-slate-200', t('schedule.legend.offHours'))}
      {item('bg-amber-200 ring-amber-300', t('schedule.legend.maintenance'))}
      {item('bg-white outline outline-2 outline-red-600 ring-transparent', t('schedule.legend.late'))}
      <span>🔒 {t('schedule.legend.locked')}</span>
      <span className="inline-flex items-center gap-1">
        <span aria-hidden className="inline-block h-4 w-0.5 bg-red-600" />
        {t('schedule.legend.now')}
      </span>
    </div>
  )
}
