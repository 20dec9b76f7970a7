import type { LoaderFunctionArgs } from '@remix-run/node'
import { filterFromSearch } from '~/domain/vibration/filters'
import { exportSamplesCsv } from '~/models/vibration/sample-export.server'
import { requireUser } from '~/utils/auth.server'
import { env } from '~/utils/env.server'

/** The browser's filtered samples as a CSV download, streamed page by page (resource route). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, 'vibration:read')
  const filter = filterFromSearch(new URL(request.url).searchParams, env().SHOP_TIME_ZONE)
  const stamp = new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '')
  return new Response(exportSamplesCsv(filter), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="vibration-${stamp}.csv"`,
      'Cache-Control': 'no-store',
    },
  })
}
