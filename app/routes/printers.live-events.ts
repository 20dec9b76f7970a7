/**
 * Server-sent events for the pages that show what printers report (dashboard, printer page, planning board): an event
 * `live` whenever the stored live state changes, so a page with JavaScript reloads its data at once. Without JavaScript
 * the pages are current on every load. Any signed-in user (the pages it serves are open to every role).
 */
import type { LoaderFunctionArgs } from '@remix-run/node'
import { printerEventStream } from '~/models/printers/live/events.server'
import { requireUser } from '~/utils/auth.server'
import { liveEventResponse } from '~/utils/sse.server'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, 'printers:read')
  return liveEventResponse(printerEventStream(request.signal))
}
