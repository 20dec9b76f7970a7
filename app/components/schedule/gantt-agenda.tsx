import { Link } from '@remix-run/react'
import { useT } from '~/utils/i18n'
import type { BoardJob } from '~/domain/scheduling/gantt-board'
import { ListedJobLink, shortTime } from './gantt-sheet'

export interface AgendaEntryData {
  job: BoardJob
  /** 1 when overdue (a late start, or printing past its end). */
  o?: 1
}

export interface AgendaRowData {
  printerId: string
  label: string
  status: string
  now: AgendaEntryData | null
  next: AgendaEntryData | null
  later: AgendaEntryData[]
  /** Later jobs of today not listed. */
  more: number
}

/**
 * The board's agenda view, for a tablet held upright: one card per printer with the job on it now, the next one and the
 * rest of today's, each a link to its job page.
 */
export function GanttAgenda({ rows, base, timeZone, now, dayHref }: { rows: AgendaRowData[]; base: number; timeZone: string; now: number; dayHref: string }) {
  const t = useT()
  const at = (minutes: number) => shortTime(base, minutes, timeZone)
  const when = (e: AgendaEntryData, slot: 'now' | 'next' | 'later') => {
    const j = e.job
    if (j.st === 'printing') return t(e.o ? 'schedule.upNext.overdue' : 'schedule.upNext.until', { time: at(j.e) })
    if (slot === 'now' && base + j.s * 60_000 <= now) return t('schedule.agenda.plannedNow', { time: at(j.s) })
    return t(e.o ? 'schedule.upNext.startOverdue' : 'schedule.upNext.at', { time: at(j.s) })
  }
  const entry = (e: AgendaEntryData, slot: 'now' | 'next' | 'later') => (
    <div className={e.o ? 'g-due' : undefined}>
      <ListedJobLink job={e.job} base={base} timeZone={timeZone} times={when(e, slot)} />
    </div>
  )
  return (
    <div className="grid gap-3 md:grid-cols-2 xl:grid-cols-3" data-testid="gantt-agenda">
      {rows.map((r) => (
        <section key={r.printerId} aria-labelledby={`agenda-${r.printerId}`} className="rounded-xl bg-white p-3 shadow-sm ring-1 ring-slate-200" data-testid="agenda-printer" data-printer={r.label}>
          <h2 id={`agenda-${r.printerId}`} className="flex flex-wrap items-center gap-2">
            <Link to={`/printers/${r.printerId}`} className="inline-flex min-h-touch min-w-touch items-center font-semibold text-blue-800 underline">
              {r.label}
            </Link>
            {r.status !== 'active' ? <span className="text-sm text-amber-800">{t(`printers.status.${r.status}` as never)}</span> : null}
          </h2>
          <dl className="mt-1 space-y-1 text-sm">
            <dt className="font-medium text-slate-600">{t('schedule.agenda.now')}</dt>
            <dd>{r.now ? entry(r.now, 'now') : <p className="px-2 py-1 text-slate-600">{t('schedule.agenda.idle')}</p>}</dd>
            <dt className="font-medium text-slate-600">{t('schedule.agenda.next')}</dt>
            <dd>{r.next ? entry(r.next, 'next') : <p className="px-2 py-1 text-slate-600">{t('schedule.agenda.noneNext')}</p>}</dd>
            {r.later.length > 0 ? (
              <>
                <dt className="font-medium text-slate-600">{t('schedule.agenda.later')}</dt>
                <dd>
                  <ul>
                    {r.later.map((e) => (
                      <li key={e.job.id}>{entry(e, 'later')}</li>
                    ))}
                  </ul>
                  {r.more > 0 ? (
                    <Link to={dayHref} className="inline-flex min-h-touch items-center px-2 font-medium text-blue-800 underline">
                      {t('schedule.agenda.more', { count: r.more })}
                    </Link>
                  ) : null}
                </dd>
              </>
            ) : null}
          </dl>
        </section>
      ))}
    </div>
  )
}
