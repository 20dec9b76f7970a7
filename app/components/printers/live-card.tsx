import type { LiveSnapshot, LiveState } from '~/domain/printers/live/state'
import { formatDateTime, formatNumber, formatPct } from '~/utils/format'
import { useLocale, useT } from '~/utils/i18n'
import { useHydrated } from '~/utils/use-hydrated'
import { useLiveEvents } from '~/utils/use-live-events'
import { Link, useFetcher } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'
import { Badge, Card } from '../ui/layout'

/** A printer's live state as a loader sends it (dates as ISO strings after serialisation). */
export type LiveCardData = LiveSnapshot & { lastSeenAt: string | Date | null }

const tone: Record<LiveState, 'slate' | 'blue' | 'green' | 'red' | 'amber'> = {
  idle: 'slate',
  printing: 'blue',
  paused: 'amber',
  finished: 'green',
  error: 'red',
  offline: 'slate',
}

export function LiveStateBadge({ state, testId }: { state: LiveState; testId?: string }) {
  const t = useT()
  return (
    <span data-testid={testId} data-state={state}>
      <Badge tone={tone[state]}>{t(`printerLive.state.${state}`)}</Badge>
    </span>
  )
}

function TimeLeft({ seconds }: { seconds: number }) {
  const t = useT()
  const minutes = Math.round(seconds / 60)
  const h = Math.floor(minutes / 60)
  return <>{h > 0 ? t('printerLive.remainingValue', { hours: h, minutes: minutes % 60 }) : t('printerLive.remainingMinutes', { minutes })}</>
}

/**
 * The "Live" card of a printer: state, % done, time left, nozzle and bed temperatures, the printer's message and when it
 * was last heard from. `live` null: the printer has no connection. Current on every page load, and with JavaScript as
 * the printer reports (the page uses `useLiveEvents`).
 */
export function LiveCard({ live, connected, timeZone, className = '' }: { live: LiveCardData | null; connected: boolean; timeZone: string; className?: string }) {
  const t = useT()
  const locale = useLocale()
  const temp = (c: number | null) => (c === null ? t('common.none') : `${formatNumber(locale, c, 1)} °C`)
  const running = live && (live.state === 'printing' || live.state === 'paused')
  const hydrated = useHydrated()
  return (
    <Card className={className}>
      <section aria-labelledby="live-title" data-testid="live-card">
        <div className="flex flex-wrap items-center gap-3">
          <h2 id="live-title" className="text-lg font-semibold">
            {t('printerLive.title')}
          </h2>
          {connected && live ? <LiveStateBadge state={live.state} testId="live-state" /> : null}
        </div>
        {!connected ? (
          <p className="mt-2 text-slate-700 [word-break:keep-all]">{t('printerLive.notConnected')}</p>
        ) : !live ? (
          <p className="mt-2 text-slate-700 [word-break:keep-all]">{t('printerLive.noReport')}</p>
        ) : (
          <>
            {live.progress !== null && (running || live.state === 'finished') ? (
              <div className="mt-3">
                <div
                  className="h-3 w-full overflow-hidden rounded-full bg-slate-200"
                  role="progressbar"
                  aria-valuemin={0}
                  aria-valuemax={100}
                  aria-valuenow={Math.round(live.progress * 1000) / 10}
                  aria-label={t('printerLive.progress')}
                >
                  <div className="h-full bg-blue-700" style={{ width: `${live.progress * 100}%` }} />
                </div>
              </div>
            ) : null}
            <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2 sm:grid-cols-3">
              <div>
                <dt className="text-sm text-slate-600">{t('printerLive.progress')}</dt>
                <dd className="text-xl font-semibold whitespace-nowrap" data-testid="live-progress">
                  {live.progress === null ? t('common.none') : formatPct(locale, Math.round(live.progress * 1000) / 10)}
                </dd>
              </div>
              <div>
                <dt className="text-sm text-slate-600">{t('printerLive.remaining')}</dt>
                <dd className="text-xl font-semibold whitespace-nowrap" data-testid="live-remaining">
                  {live.remainingSeconds === null ? t('common.none') : <TimeLeft seconds={live.remainingSeconds} />}
                </dd>
              </div>
              <div>
                <dt className="text-sm text-slate-600">{t('printerLive.nozzle')}</dt>
                <dd className="whitespace-nowrap" data-testid="live-nozzle">
                  {temp(live.nozzleC)}
                </dd>
              </div>
              <div>
                <dt className="text-sm text-slate-600">{t('printerLive.bed')}</dt>
                <dd className="whitespace-nowrap" data-testid="live-bed">
                  {temp(live.bedC)}
                </dd>
              </div>
              <div className="col-span-2">
                <dt className="text-sm text-slate-600">{t('printerLive.file')}</dt>
                <dd className="break-all" data-testid="live-file">
                  {live.file ?? t('common.none')}
                </dd>
              </div>
              {live.message ? (
                <div className="col-span-2 sm:col-span-3">
                  <dt className="text-sm text-slate-600">{t('printerLive.message')}</dt>
                  <dd className={live.state === 'error' ? 'font-medium text-red-800' : ''} data-testid="live-message">
                    {live.message}
                  </dd>
                </div>
              ) : null}
              <div className="col-span-2 sm:col-span-3">
                <dt className="text-sm text-slate-600">{t('printerLive.lastSeen')}</dt>
                <dd className="whitespace-nowrap" data-testid="live-last-seen">
                  {live.lastSeenAt ? formatDateTime(live.lastSeenAt, timeZone, { seconds: true }) : t('printerLive.never')}
                </dd>
              </div>
            </dl>
            {/* With JavaScript the page follows the printer (server-sent events); without, it is as of its load. */}
            <p className="mt-2 text-sm text-slate-600 [word-break:keep-all]">{t(hydrated ? 'printerLive.following' : 'printerLive.asOf')}</p>
          </>
        )}
      </section>
    </Card>
  )
}

/** What the compact live line needs (a dashboard card, the fleet list). */
export type LiveLineData = Pick<LiveSnapshot, 'state' | 'progress' | 'remainingSeconds' | 'nozzleC' | 'message'>

/** Just what the line shows (a loader sends no more than that). */
export const liveLineOf = (l: LiveLineData): LiveLineData => ({ state: l.state, progress: l.progress, remainingSeconds: l.remainingSeconds, nozzleC: l.nozzleC, message: l.message })

/** One line of a connected printer's own report: state, % done, time left, nozzle temperature (or its message). */
export function LiveLine({ live, className = '' }: { live: LiveLineData; className?: string }) {
  const t = useT()
  const locale = useLocale()
  const running = live.state === 'printing' || live.state === 'paused'
  return (
    <p className={`flex flex-wrap items-center gap-x-2 gap-y-1 text-sm ${className}`} data-testid="printer-live" data-state={live.state}>
      <span className="sr-only">{t('printerLive.title')}:</span>
      <LiveStateBadge state={live.state} />
      {running && live.progress !== null ? <span className="font-semibold whitespace-nowrap">{formatPct(locale, Math.round(live.progress * 1000) / 10)}</span> : null}
      {running && live.remainingSeconds !== null ? (
        <span className="whitespace-nowrap">
          {t('printerLive.remaining')} <TimeLeft seconds={live.remainingSeconds} />
        </span>
      ) : null}
      {live.nozzleC !== null && live.state !== 'offline' ? <span className="whitespace-nowrap text-slate-600">{`${t('printerLive.nozzle')} ${formatNumber(locale, live.nozzleC, 0)} °C`}</span> : null}
      {live.state === 'error' && live.message ? <span className="font-medium text-red-800 break-keep">{live.message}</span> : null}
    </p>
  )
}

type StripItem = { id: string; label: string; live: LiveLineData }

/**
 * The connected printers' own reports in one strip (the planning board): each a link to its printer page. With
 * JavaScript it refreshes itself on the live events (/printers/live-lines, at most every 2 s) without reloading the
 * page around it — the board's week is not rendered again for a temperature or a percent.
 */
export function LiveStrip({ items: loaded, watch }: { items: StripItem[]; /** Some printer is connected: follow the live events even before any reported. */ watch: boolean }) {
  const t = useT()
  const fetcher = useFetcher<{ items: StripItem[] }>()
  const load = useRef(fetcher.load)
  load.current = fetcher.load
  useLiveEvents(watch || loaded.length > 0, { onLive: () => load.current('/printers/live-lines'), minGapMs: 2000 })
  // The newer of the two: the page's data when it (re)loads, else what the strip fetched since.
  const [fresh, setFresh] = useState<StripItem[] | null>(null)
  useEffect(() => setFresh(null), [loaded])
  useEffect(() => {
    if (fetcher.data) setFresh(fetcher.data.items)
  }, [fetcher.data])
  const items = fresh ?? loaded
  if (items.length === 0) return null
  return (
    <section aria-labelledby="live-strip" className="mb-3 rounded-lg bg-white p-3 ring-1 ring-slate-200" data-testid="live-strip">
      <h2 id="live-strip" className="mb-1 text-sm font-semibold text-slate-700 break-keep">
        {t('printerLive.strip')}
      </h2>
      <ul className="flex flex-wrap gap-x-6 gap-y-1">
        {items.map((i) => (
          <li key={i.id} className="flex flex-wrap items-center gap-x-2">
            <Link to={`/printers/${i.id}`} className="inline-flex min-h-touch items-center font-semibold text-blue-800 underline">
              {i.label}
            </Link>
            <LiveLine live={i.live} />
          </li>
        ))}
      </ul>
    </section>
  )
}
