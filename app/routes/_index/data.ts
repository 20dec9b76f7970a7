import type { DashboardOverview } from '~/models/dashboard.server'

/** What the dashboard's loader (route.tsx) hands the page; each section reads its part. */
export type DashboardData = DashboardOverview & {
  name: string
  now: Date
  timeZone: string
  can: { orders: boolean; audit: boolean }
}
