import { useNavigate } from '@remix-run/react'
import type { MouseEvent } from 'react'
import type { GanttLayout } from '~/domain/scheduling/gantt'
import type { JobStatus } from '~/domain/scheduling/jobs'
import type { Locale, Translate } from '~/i18n'
import { formatWallClock, localeTag } from '~/utils/format'
import { useLocale, useT } from '~/utils/i18n'
import { dateTimeFormat } from '~/utils/intl'
import { CachedChart } from '../charts/cached-chart'

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

// Component classes in app/styles.css (short markup per bar).
const statusClass: Record<JobStatus, string> = {
  planned: 'gantt-planned',
  printing: 'gantt-printing',
  done: 'gantt-done',
  failed: 'gantt-failed',
  cancelled: 'gantt-cancelled',
}

const LANE_REM = 3

/**
 * The 7-day printer Gantt as HTML/CSS (server-rendered, no JavaScript needed): a sticky printer column, a horizontally
 * scrollable time area with day columns, shaded non-working time and maintenance, a "now" line and one link per job.
 */
export function Gantt({
  layout,
  printers,
  timeZone,
  renderKey = null,
}: {
  layout: GanttLayout<GanttJob>
  printers: Array<{ id: string; label: string; status: string }>
  timeZone: string
  /** Names this exact week's data (the loader's read-cache key): the server then renders the rows once per key. */
  renderKey?: string | null
}) {
  const locale = useLocale()
  const t = useT()
  const navigate = useNavigate()
  // The grid's links are plain <a data-nav> (thousands of <Link>s cost the server real time per render, and the memoised
  // markup is rendered outside the router); with JavaScript this one handler gives them client-side navigation.
  const onClick = (e: MouseEvent<HTMLDivElement>) => {
    const a = (e.target as Element).closest('a[data-nav]')
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return
    e.preventDefault()
    navigate(a.getAttribute('href')!)
  }
  const grid = <GanttGrid layout={layout} printers={printers} timeZone={timeZone} t={t} locale={locale} />
  return (
    <div className="overflow-x-auto rounded-xl bg-white shadow-sm ring-1 ring-slate-200" data-testid="gantt" onClick={onClick} role="presentation">
      {renderKey ? (
        <CachedChart name="gantt" props={{ renderKey, locale }}>
          {grid}
        </CachedChart>
      ) : (
        grid
      )}
    </div>
  )
}

/** The grid itself: a pure function of its props (no hooks), so the server can memoise its markup. */
function GanttGrid({
  layout,
  printers,
  timeZone,
  t,
  locale,
}: {
  layout: GanttLayout<GanttJob>
  printers: Array<{ id: string; label: string; status: string }>
  timeZone: string
  t: Translate
  locale: Locale
}) {
  // Day headers name the weekday in the reader's language (format.ts writes dates only as numbers).
  const dayFmt = dateTimeFormat(localeTag(locale), { weekday: 'short', month: 'numeric', day: 'numeric', timeZone })
  const time = (d: Date) => formatWallClock(d.getTime(), timeZone).slice(11, 16)
  const byId = new Map(printers.map((p) => [p.id, p]))
  return (
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
              <a href={`/printers/${row.id}`} className="font-semibold text-blue-800 underline" data-nav="">
                {printer?.label}
              </a>
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
                const label = t('schedule.barLabel', {
                  reference: j.reference,
                  product: j.product,
                  units: j.units,
                })
                return (
                  <a
                    key={j.id}
                    href={`/schedule/jobs/${j.id}`}
                    data-nav=""
                    data-testid="gantt-job"
                    data-status={j.status}
                    data-late={j.late ? 'true' : undefined}
                    className={`gantt-bar ${statusClass[j.status]}${j.late ? ' gantt-late' : ''}`}
                    style={{
                      left: `${b.left}%`,
                      width: `${b.width}%`,
                      top: `${b.lane * LANE_REM + 0.25}rem`,
                      borderLeft: `6px solid ${j.colourHex ?? '#94a3b8'}`,
                    }}
                    title={`${label} · ${time(new Date(j.start))}–${time(new Date(j.end))} · ${t(`schedule.status.${j.status}`)}${
                      j.late ? ` · ${t('schedule.late')}` : ''
                    }`}
                  >
                    {j.late ? <span className="font-bold text-red-700">!</span> : null}
                    {j.locked ? <span aria-label={t('schedule.locked')}>🔒</span> : null}
                    <span className="truncate">{label}</span>
                  </a>
                )
              })}
              {layout.now !== null ? (
                <div aria-hidden className="absolute inset-y-0 z-10 w-0.5 bg-red-600" style={{ left: `${layout.now}%` }} data-testid="now-line" />
              ) : null}
            </div>
          </div>
        )
      })}
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
      {item('bg-white ring-transparent gantt-late', t('schedule.legend.late'))}
      <span>🔒 {t('schedule.legend.locked')}</span>
      <span className="inline-flex items-center gap-1">
        <span aria-hidden className="inline-block h-4 w-0.5 bg-red-600" />
        {t('schedule.legend.now')}
      </span>
    </div>
  )
}
