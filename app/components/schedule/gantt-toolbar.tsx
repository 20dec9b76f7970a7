import { Form, Link } from '@remix-run/react'
import { GANTT_ZOOMS, type GanttZoom } from '~/domain/scheduling/gantt'
import { useT } from '~/utils/i18n'
import { buttonClass } from '../ui/button'
import { inputClass } from '../ui/field'

const tab = (current: boolean) =>
  `inline-flex min-h-touch min-w-touch items-center justify-center whitespace-nowrap rounded-md px-3 text-base font-semibold focus-visible:outline focus-visible:outline-2 focus-visible:outline-blue-700 ${
    current ? 'bg-slate-900 text-white' : 'text-slate-800 hover:bg-slate-100'
  }`

/**
 * The board's controls, all links and one GET form (the URL holds the view, the zoom and the first day; everything
 * works without JavaScript): timeline or agenda, day / 3 days / week, earlier / today / later, a start date.
 */
export function GanttToolbar({
  view,
  zoom,
  start,
  prev,
  next,
  printingNow,
}: {
  view: 'gantt' | 'agenda'
  zoom: GanttZoom
  start: string
  prev: string
  next: string
  printingNow: number
}) {
  const t = useT()
  return (
    <div className="mb-4 space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <div role="group" aria-label={t('schedule.view')} className="inline-flex gap-0.5 rounded-lg bg-white p-0.5 ring-1 ring-slate-300">
          <Link to={`?zoom=${zoom}&start=${start}`} className={tab(view === 'gantt')} aria-current={view === 'gantt' ? 'page' : undefined} data-testid="view-gantt">
            {t('schedule.view.gantt')}
          </Link>
          <Link to="?view=agenda" className={tab(view === 'agenda')} aria-current={view === 'agenda' ? 'page' : undefined} data-testid="view-agenda">
            {t('schedule.view.agenda')}
          </Link>
        </div>
        {view === 'gantt' ? (
          <div role="group" aria-label={t('schedule.zoom')} className="inline-flex gap-0.5 rounded-lg bg-white p-0.5 ring-1 ring-slate-300">
            {GANTT_ZOOMS.map((z) => (
              <Link key={z} to={`?zoom=${z}&start=${start}`} className={tab(z === zoom)} aria-current={z === zoom ? 'page' : undefined} data-testid={`zoom-${z}`}>
                {t(`schedule.zoom.${z}`)}
              </Link>
            ))}
          </div>
        ) : null}
        {printingNow > 0 ? (
          <span className="ml-auto whitespace-nowrap rounded-full bg-green-100 px-3 py-1 text-sm font-medium text-green-900">
            {t('schedule.printingNow')}: {printingNow}
          </span>
        ) : null}
      </div>
      {view === 'gantt' ? (
        <div className="flex flex-wrap items-end gap-2">
          <Link to={`?zoom=${zoom}&start=${prev}`} className={buttonClass('secondary')} rel="prev">
            ← {t('schedule.prev')}
          </Link>
          <Link to={`?zoom=${zoom}`} className={buttonClass('ghost')}>
            {t('schedule.today')}
          </Link>
          <Link to={`?zoom=${zoom}&start=${next}`} className={buttonClass('secondary')} rel="next">
            {t('schedule.next')} →
          </Link>
          <Form method="get" className="flex items-end gap-2">
            <input type="hidden" name="zoom" value={zoom} />
            <label className="text-sm font-medium text-slate-800">
              {t('schedule.startDate')}
              <input type="date" name="start" defaultValue={start} key={start} className={`mt-1 ${inputClass}`} />
            </label>
            <button type="submit" className={buttonClass('secondary')}>
              {t('schedule.show')}
            </button>
          </Form>
        </div>
      ) : null}
    </div>
  )
}
