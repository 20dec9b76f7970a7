import type { LiveLineData } from '~/components/printers/live-card'
import type { DashboardOverview } from '~/models/dashboard.server'

/** What the dashboard's loader (route.tsx) hands the page; each section reads its part. */
export type DashboardData = DashboardOverview & {
  name: string
  now: Date
  timeZone: string
  can: { orders: boolean; audit: boolean }
  /** What connected printers report about themselves, by printer id (not cached: it changes by the second). */
  live: Record<string, LiveLineData>
  /** Some printer has a connection: the page follows the live events. */
  liveWatch: boolean
}
