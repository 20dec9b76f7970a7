/**
 * Server-sent events for the vibration pages (latest status per machine, a machine's page): an event `live` whenever a
 * live stream judged new windows (data: the machines' ids), so a page with JavaScript reloads its data at once.
 * Without JavaScript the pages are current on every load.
 */
import type { LoaderFunctionArgs } from '@remix-run/node'
import { vibrationEventStream } from '~/models/vibration/stream/events.server'
import { requireUser } from '~/utils/auth.server'
import { liveEventResponse } from '~/utils/sse.server'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, 'vibration:read')
  return liveEventResponse(vibrationEventStream(request.signal))
}
