/**
 * The connected printers' reports as the compact lines the planning board's strip shows (`{ items }`), for that strip
 * to refresh itself on the live events without reloading the board. Any signed-in user.
 */
import type { LoaderFunctionArgs } from '@remix-run/node'
import { liveLineOf } from '~/components/printers/live-card'
import { liveLines } from '~/models/printers/live/store.server'
import { requireUser } from '~/utils/auth.server'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, 'printers:read')
  const items = (await liveLines(new Date())).map((i) => ({ id: i.id, label: i.label, live: liveLineOf(i.live) }))
  return Response.json({ items }, { headers: { 'Cache-Control': 'no-store' } })
}
