import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData, useRevalidator } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { liveLineOf } from '~/components/printers/live-card'
import { buttonClass } from '~/components/ui/button'
import { PageHeader } from '~/components/ui/layout'
import { dashboardOverview } from '~/models/dashboard.server'
import { connectionCount } from '~/models/printers/live/connections.server'
import { liveOfMany } from '~/models/printers/live/store.server'
import { requireUser } from '~/utils/auth.server'
import { env } from '~/utils/env.server'
import { formatDateTime } from '~/utils/format'
import { useT } from '~/utils/i18n'
import { useLiveEvents } from '~/utils/use-live-events'
import { can } from '~/utils/permissions'
import { cachedRead, timeBucket } from '~/utils/read-cache.server'
import { FilamentAlerts, MachineDiagnoses, RecentActivity } from './activity'
import type { DashboardData } from './data'
import { DueOrders, Figures, WeekOutput } from './output'
import { MaintenanceAlerts, PrintersNow } from './printers'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

/** How often an open dashboard reloads its data (JavaScript only; without it the page is a plain snapshot). */
const REFRESH_MS = 30_000

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'dashboard:read')
  // Shared by every tablet for 10 s at most, and only while no data changes (read-cache.server.ts).
  const now = timeBucket(new Date(), 10_000)
  const timeZone = env().SHOP_TIME_ZONE
  const overview = await cachedRead('dashboard', `${timeZone}|${now.toISOString()}`, () => dashboardOverview(now, timeZone))
  const [live, connections] = await Promise.all([
    liveOfMany(
      overview.printers.map((p) => p.id),
      new Date(),
    ),
    connectionCount(),
  ])
  return {
    name: user.displayName,
    now,
    timeZone,
    ...overview,
    live: Object.fromEntries([...live].map(([id, l]) => [id, liveLineOf(l)])),
    // Some printer is connected (it may not have reported yet): the page listens for its reports.
    liveWatch: connections > 0,
    can: {
      orders: can(user.role, 'orders:read'),
      audit: can(user.role, 'admin:audit'),
    },
  } satisfies DashboardData
}

/**
 * Revalidates the page's data every `ms` while the tab is visible (no full reload, nothing while hidden), and once
 * when the tab becomes visible again after having missed a refresh.
 */
function useAutoRevalidate(ms: number) {
  const { revalidate } = useRevalidator()
  const latest = useRef(revalidate)
  latest.current = revalidate
  useEffect(() => {
    let missed = false
    const id = window.setInterval(() => {
      if (document.visibilityState === 'visible') latest.current()
      else missed = true
    }, ms)
    const onVisible = () => {
      if (document.visibilityState === 'visible' && missed) {
        missed = false
        latest.current()
      }
    }
    document.addEventListener('visibilitychange', onVisible)
    return () => {
      window.clearInterval(id)
      document.removeEventListener('visibilitychange', onVisible)
    }
  }, [ms])
}

export default function Dashboard() {
  const data: DashboardData = useLoaderData<typeof loader>()
  const t = useT()
  useAutoRevalidate(REFRESH_MS)
  // Connected printers: their reports show as they come (server-sent events; at most every 3 s: a fleet's percents
  // move often), not only on the 30 s refresh.
  useLiveEvents(data.liveWatch, { minGapMs: 3000 })
  return (
    <>
      <p className="mb-4 text-lg text-slate-700" data-testid="welcome">
        {t('dashboard.welcome', { name: data.name })}
      </p>
      <PageHeader
        title={t('dashboard.title')}
        actions={
          <>
            <span className="self-center text-sm text-slate-600" data-testid="dashboard-updated">
              {t('dashboard.updatedAt', { time: formatDateTime(data.now, data.timeZone) })}
            </span>
            <Link to="/" className={buttonClass('secondary')} reloadDocument>
              {t('dashboard.refresh')}
            </Link>
            <Link to="/statistics" className={buttonClass('secondary')}>
              {t('dashboard.toStatistics')}
            </Link>
          </>
        }
      />
      <div className="space-y-6">
        <Figures data={data} />
        <div className="grid gap-6 lg:grid-cols-2">
          <WeekOutput data={data} />
          <DueOrders data={data} />
        </div>
        <PrintersNow data={data} />
        <div className="grid gap-6 lg:grid-cols-2">
          <FilamentAlerts data={data} />
          <MaintenanceAlerts data={data} />
        </div>
        <div className="grid gap-6 lg:grid-cols-2">
          <MachineDiagnoses data={data} />
          <RecentActivity data={data} />
        </div>
      </div>
    </>
  )
}
