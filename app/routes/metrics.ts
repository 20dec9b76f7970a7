import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireApiToken } from '~/utils/api-auth.server'
import { metricsContentType, registry } from '~/utils/metrics.server'

/** Prometheus scrape endpoint: `Authorization: Bearer <read-scope API token>` (Admin → API tokens). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireApiToken(request, 'read')
  return new Response(await registry.metrics(), { headers: { 'Content-Type': metricsContentType, 'Cache-Control': 'no-store' } })
}
