import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { Gantt, GanttLegend } from '~/components/schedule/gantt'
import { buttonClass } from '~/components/ui/button'
import { inputClass } from '~/components/ui/field'
import { PageHeader } from '~/components/ui/layout'
import { addDays, isValidLocalDate, localDate } from '~/domain/time/zoned'
import { ganttWeek } from '~/models/scheduling/schedule-views.server'
import { requireUser } from '~/utils/auth.server'
import { env } from '~/utils/env.server'
import { formatDateTime } from '~/utils/format'
import { useT } from '~/utils/i18n'
import { can } from '~/utils/permissions'
import { cachedRead, timeBucket } from '~/utils/read-cache.server'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'schedule:read')
  const timeZone = env().SHOP_TIME_ZONE
  const now = timeBucket(new Date(), 15_000)
  const today = localDate(now, timeZone)
  const raw = new URL(request.url).searchParams.get('start') ?? ''
  const startDate = isValidLocalDate(raw) ? raw : today
  const week = await cachedRead('gantt', `${startDate}|${timeZone}|${now.toISOString()}`, async (renderKey) => ({ ...(await ganttWeek(startDate, now, timeZone)), renderKey }))
  return {
    ...week,
    startDate,
    today,
    prev: addDays(startDate, -7),
    next: addDays(startDate, 7),
    timeZone,
    canPlan: can(user.role, 'schedule:plan'),
  }
}

export default function SchedulePage() {
  const d = useLoaderData<typeof loader>()
  const t = useT()
  const layout = {
    ...d.layout,
    from: new Date(d.layout.from),
    to: new Date(d.layout.to),
    dayColumns: d.layout.dayColumns.map((c) => ({ ...c, start: new Date(c.start) })),
    rows: d.layout.rows.map((r) => ({ ...r, bars: r.bars.map((b) => ({ ...b, job: { ...b.job, start: new Date(b.job.start), end: new Date(b.job.end) } })) })),
  }
  const empty = layout.rows.every((r) => r.bars.length === 0)
  const time = (v: Date | string) => formatDateTime(v, d.timeZone)
  return (
    <>
      <PageHeader
        title={t('schedule.title')}
        actions={
          d.canPlan ? (
            <>
              <Link to="/schedule/plan" className={buttonClass('primary')}>
                {t('schedule.plan')}
              </Link>
              <Link to="/schedule/jobs/new" className={buttonClass('secondary')}>
                {t('schedule.newJob')}
              </Link>
            </>
          ) : undefined
        }
      />
      <div className="mb-4 flex flex-wrap items-end gap-2">
        <Link to={`/schedule?start=${d.prev}`} className={buttonClass('secondary')} rel="prev">
          ← {t('schedule.prevWeek')}
        </Link>
        <Link to="/schedule" className={buttonClass('ghost')}>
          {t('schedule.thisWeek')}
        </Link>
        <Link to={`/schedule?start=${d.next}`} className={buttonClass('secondary')} rel="next">
          {t('schedule.nextWeek')} →
        </Link>
        <Form method="get" className="flex items-end gap-2">
          <label className="text-sm font-medium text-slate-800">
            {t('schedule.startDate')}
            <input type="date" name="start" defaultValue={d.startDate} className={`mt-1 ${inputClass}`} />
          </label>
          <button type="submit" className={buttonClass('secondary')}>
            {t('schedule.show')}
          </button>
        </Form>
        {d.printingNow > 0 ? <span className="ml-auto rounded-full bg-green-100 px-3 py-1 text-sm font-medium text-green-900">{t('schedule.printingNow')}: {d.printingNow}</span> : null}
      </div>
      {d.overMaintenance > 0 ? (
        <p role="alert" className="mb-3 rounded-lg bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">
          {t('schedule.warning.overMaintenance', { count: d.overMaintenance })}
        </p>
      ) : null}
      {d.overlaps.map((o, i) => (
        <p key={i} role="alert" className="mb-3 rounded-lg bg-red-50 p-3 text-sm text-red-900 ring-1 ring-red-200">
          {t('schedule.warning.overlap', { printer: o.printer, a: o.a, b: o.b })}
        </p>
      ))}
      {d.startDate === d.today && d.upNext.some((u) => u.printing || u.next) ? (
        <section aria-label={t('schedule.upNext')} className="mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-5" data-testid="up-next">
          {d.upNext
            .filter((u) => u.printing || u.next)
            .map((u) => (
              <div key={u.printerId} className="rounded-xl bg-white p-3 text-sm shadow-sm ring-1 ring-slate-200">
                <p className="font-semibold">{u.label}</p>
                {u.printing ? (
                  <Link to={`/schedule/jobs/${u.printing.id}`} className="mt-1 block rounded-lg bg-green-50 p-2 text-green-950 ring-1 ring-green-300">
                    <span className="font-medium">{t('schedule.status.printing')}</span> · {u.printing.reference} × {u.printing.units}
                    <span className={`block ${u.printing.overdue ? 'font-semibold text-red-700' : 'text-green-800'}`}>
                      {t(u.printing.overdue ? 'schedule.upNext.overdue' : 'schedule.upNext.until', { time: time(u.printing.endsAt) })} — {t('schedule.job.finish')}
                    </span>
                  </Link>
                ) : null}
                {u.next ? (
                  <Link to={`/schedule/jobs/${u.next.id}`} className="mt-1 block rounded-lg bg-blue-50 p-2 text-blue-950 ring-1 ring-blue-200">
                    <span className="font-medium">{t('schedule.upNext.next')}</span> · {u.next.reference} × {u.next.units}
                    <span className={`block ${u.next.overdue ? 'font-semibold text-red-700' : 'text-blue-800'}`}>
                      {t(u.next.overdue ? 'schedule.upNext.startOverdue' : 'schedule.upNext.at', { time: time(u.next.startsAt) })}
                    </span>
                  </Link>
                ) : null}
              </div>
            ))}
        </section>
      ) : null}
      {d.printers.length === 0 ? (
        <p className="text-slate-700">{t('schedule.noPrinters')}</p>
      ) : (
        <>
          <Gantt layout={layout} printers={d.printers.map((p) => ({ id: p.id, label: p.label, status: p.status }))} timeZone={d.timeZone} renderKey={d.renderKey} />
          {empty ? <p className="mt-3 text-slate-700">{t('schedule.emptyWeek')}</p> : null}
          <GanttLegend />
        </>
      )}
    </>
  )
}
