import { Link } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import type { BoardJob } from '~/domain/scheduling/gantt-board'
import { formatDateTime } from '~/utils/format'
import { useT } from '~/utils/i18n'
import { buttonClass } from '../ui/button'
import { stateClass } from './gantt-html'

export interface SheetData {
  printer: string
  /** Epoch ms the jobs' `s`/`e` minutes count from. */
  base: number
  /** The group's span, in minutes from `base`. */
  s: number
  e: number
  jobs: BoardJob[]
}

/** `MM-DD HH:MM` in the shop's zone of `base` + `minutes`. */
export const shortTime = (base: number, minutes: number, timeZone: string) => formatDateTime(base + minutes * 60_000, timeZone).slice(5)

/**
 * One job as a ≥ 44 px row (short classes: a day of 50 printers lists hundreds): state glyph, order number, product ×
 * units, then its times (or `times`) and state in words.
 */
export function ListedJobLink({ job, base, timeZone, times }: { job: BoardJob; base: number; timeZone: string; times?: string }) {
  const t = useT()
  return (
    <Link to={`/schedule/jobs/${job.id}`} data-testid="gantt-job" className="g-li">
      <i aria-hidden className={`g-key ${stateClass[job.st]}`} />
      <b>
        {job.late ? <em>! </em> : null}
        {job.r}
      </b>
      <span>{t('schedule.barRest', { product: job.p, units: job.u })}</span>
      <small>
        {times ?? `${shortTime(base, job.s, timeZone)} – ${shortTime(base, job.e, timeZone)}`} · {t(`schedule.status.${job.st}`)}
        {job.lk ? (
          <>
            {' · '}
            <i aria-hidden className="g-lock" /> {t('schedule.locked')}
          </>
        ) : null}
        {job.late ? ` · ${t('schedule.late')}` : ''}
      </small>
    </Link>
  )
}

/**
 * The sheet of a group of short jobs (`?sheet=` in the URL, so it opens without JavaScript too): a panel fixed to the
 * bottom of the screen listing the group's jobs, each a link to its job page; "Close" goes back to the board as it was.
 */
export function GanttSheet({ sheet, timeZone, closeHref }: { sheet: SheetData; timeZone: string; closeHref: string }) {
  const t = useT()
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [sheet.printer, sheet.base, sheet.s, sheet.e])
  return (
    <section
      aria-labelledby="gantt-sheet-title"
      className="fixed inset-x-0 bottom-0 z-40 max-h-[70vh] overflow-y-auto rounded-t-2xl bg-white p-4 shadow-2xl ring-1 ring-slate-300 md:mx-auto md:max-w-3xl"
      data-testid="gantt-sheet"
    >
      <div className="mb-2 flex items-start justify-between gap-3">
        <h2 id="gantt-sheet-title" ref={heading} tabIndex={-1} className="pt-2 text-lg font-semibold">
          {t('schedule.sheet.title', { printer: sheet.printer, from: shortTime(sheet.base, sheet.s, timeZone), to: shortTime(sheet.base, sheet.e, timeZone) })}
          <span className="ml-2 whitespace-nowrap text-base font-normal text-slate-700">{t('schedule.group.count', { count: sheet.jobs.length })}</span>
        </h2>
        <Link to={closeHref} preventScrollReset className={buttonClass('secondary')}>
          {t('schedule.sheet.close')}
        </Link>
      </div>
      {sheet.jobs.length === 0 ? (
        <p className="text-slate-700">{t('schedule.sheet.gone')}</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {sheet.jobs.map((j) => (
            <li key={j.id}>
              <ListedJobLink job={j} base={sheet.base} timeZone={timeZone} />
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
