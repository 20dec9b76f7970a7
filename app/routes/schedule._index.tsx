import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useMemo, useRef, useState } from 'react'
import { LiveStrip, liveLineOf } from '~/components/printers/live-card'
import { Gantt, GanttLegend } from '~/components/schedule/gantt'
import { GanttAgenda } from '~/components/schedule/gantt-agenda'
import { GanttDrag } from '~/components/schedule/gantt-drag'
import { useBoardLive } from '~/components/schedule/gantt-live'
import { GanttSheet } from '~/components/schedule/gantt-sheet'
import { GanttToolbar } from '~/components/schedule/gantt-toolbar'
import { buttonClass } from '~/components/ui/button'
import { PageHeader } from '~/components/ui/layout'
import { parseZoom, ZOOM_DAYS } from '~/domain/scheduling/gantt'
import { DRAG_STEP_MIN } from '~/domain/scheduling/gantt-drag'
import { jobsInSheet, parseSheetParam, toBoardJob, type BoardData, type BoardJobSource } from '~/domain/scheduling/gantt-board'
import { addDays, isValidLocalDate, localDate, startOfLocalDate } from '~/domain/time/zoned'
import { connectionCount } from '~/models/printers/live/connections.server'
import { liveLines } from '~/models/printers/live/store.server'
import { scheduleAgenda, scheduleBoard } from '~/models/scheduling/schedule-views.server'
import { requireUser } from '~/utils/auth.server'
import { env } from '~/utils/env.server'
import { useT } from '~/utils/i18n'
import { can } from '~/utils/permissions'
import { cachedRead, timeBucket } from '~/utils/read-cache.server'
import { useHydrated } from '~/utils/use-hydrated'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

/** The agenda lists this many of a printer's later jobs of today; the rest are counted, with a link to the day view. */
const AGENDA_LATER = 4

/**
 * The planning board. GET parameters (all optional, so every state is a URL and works without JavaScript): `view`
 * (`agenda` for the per-printer list of today), `zoom` (`day`, `3d`, `week` — default week), `start` (first local day,
 * default today) and `sheet` (a group whose jobs are listed in a sheet).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'schedule:read')
  const timeZone = env().SHOP_TIME_ZONE
  const now = timeBucket(new Date(), 15_000)
  const today = localDate(now, timeZone)
  const params = new URL(request.url).searchParams
  const canPlan = can(user.role, 'schedule:plan')
  const zoom = parseZoom(params.get('zoom'))
  // What connected printers report (not cached: it changes by the second; the strip refreshes itself with JavaScript).
  const live = (await liveLines(new Date())).map((i) => ({ id: i.id, label: i.label, live: liveLineOf(i.live) }))
  const liveWatch = (await connectionCount()) > 0
  if (params.get('view') === 'agenda') {
    const agenda = await cachedRead('gantt-agenda', `${today}|${timeZone}|${now.toISOString()}`, () => scheduleAgenda(today, now, timeZone))
    const label = new Map(agenda.printers.map((p) => [p.id, p]))
    // Times as minutes from the start of today (compact: the agenda of 50 printers lists hundreds of jobs).
    const base = startOfLocalDate(today, timeZone).getTime()
    const entry = (e: { job: BoardJobSource; overdue: boolean } | null) => e && { job: toBoardJob(e.job, base), ...(e.overdue ? { o: 1 as const } : {}) }
    return {
      view: 'agenda' as const,
      zoom,
      start: today,
      prev: today,
      next: today,
      base,
      now: now.getTime(),
      timeZone,
      canPlan,
      printingNow: agenda.printingNow,
      live,
      liveWatch,
      rows: agenda.rows.map((r) => ({
        printerId: r.printerId,
        label: label.get(r.printerId)?.label ?? '',
        status: label.get(r.printerId)?.status ?? 'active',
        now: entry(r.now),
        next: entry(r.next),
        later: r.later.slice(0, AGENDA_LATER).map((e) => entry(e)!),
        more: Math.max(0, r.later.length - AGENDA_LATER),
      })),
    }
  }
  const raw = params.get('start') ?? ''
  const start = isValidLocalDate(raw) ? raw : today
  const board = await cachedRead('gantt', `${zoom}|${start}|${timeZone}|${now.toISOString()}`, async (renderKey) => ({
    ...(await scheduleBoard(start, zoom, now, timeZone)),
    renderKey,
  }))
  const sheetAt = parseSheetParam(params.get('sheet'))
  const from = board.board.from
  const sheet = sheetAt && {
    printer: board.printers.find((p) => p.id === sheetAt.printerId)?.label ?? '',
    base: from,
    s: sheetAt.s,
    e: sheetAt.e,
    jobs: jobsInSheet(board.jobs, sheetAt, from).map((j) => toBoardJob(j, from)),
  }
  return {
    view: 'gantt' as const,
    zoom,
    start,
    prev: addDays(start, -ZOOM_DAYS[zoom]),
    next: addDays(start, ZOOM_DAYS[zoom]),
    timeZone,
    canPlan,
    printingNow: board.printingNow,
    live,
    liveWatch,
    // The board as one JSON string: the data encoder would walk its thousands of small objects key by key (3 ms of the
    // server's time per request at 50 printers); the page parses it once.
    boardJson: JSON.stringify(board.board),
    renderKey: board.renderKey,
    overMaintenance: board.overMaintenance,
    overlaps: board.overlaps,
    sheet,
  }
}

export default function SchedulePage() {
  const d = useLoaderData<typeof loader>()
  const t = useT()
  const boardRef = useRef<HTMLDivElement>(null)
  const [dragging, setDragging] = useState(false)
  // The drag and its keyboard hint exist only once JavaScript runs (without it each job page has the Move form).
  const hydrated = useHydrated()
  const boardJson = d.view === 'gantt' ? d.boardJson : null
  const board = useMemo(() => (boardJson === null ? null : (JSON.parse(boardJson) as BoardData)), [boardJson])
  useBoardLive({ paused: dragging, period: board ? { from: board.from, to: board.to } : null })
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
      <GanttToolbar view={d.view} zoom={d.zoom} start={d.start} prev={d.prev} next={d.next} printingNow={d.printingNow} />
      <LiveStrip items={d.live} watch={d.liveWatch} />
      {d.view === 'agenda' ? (
        d.rows.length === 0 ? (
          <p className="text-slate-700">{t('schedule.noPrinters')}</p>
        ) : (
          <GanttAgenda rows={d.rows} base={d.base} timeZone={d.timeZone} now={d.now} dayHref={`?zoom=day&start=${d.start}`} />
        )
      ) : (
        <>
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
          {!board || board.rows.length === 0 ? (
            <p className="text-slate-700">{t('schedule.noPrinters')}</p>
          ) : (
            <>
              {d.canPlan ? <GanttDrag boardRef={boardRef} board={board} timeZone={d.timeZone} onActive={setDragging} /> : null}
              <Gantt board={board} renderKey={d.renderKey} boardRef={boardRef} />
              {board.rows.every((r) => r.items.length === 0) ? <p className="mt-3 text-slate-700">{t('schedule.emptyPeriod')}</p> : null}
              <GanttLegend />
              {d.canPlan && hydrated ? (
                <p className="mt-2 break-keep text-sm text-slate-700" data-testid="drag-hint">
                  {t('schedule.drag.hint', { step: DRAG_STEP_MIN[d.zoom] })}
                </p>
              ) : null}
            </>
          )}
          {d.sheet ? <GanttSheet sheet={d.sheet} timeZone={d.timeZone} closeHref={`?zoom=${d.zoom}&start=${d.start}`} /> : null}
        </>
      )}
    </>
  )
}
