import type { LoaderFunctionArgs } from '@remix-run/node'
import { changeMark } from '~/utils/audit.server'
import { requireUser } from '~/utils/auth.server'

/**
 * The planning board's live check (issue 17, item 3): `{ v }`, a mark that moves when a change is committed — a plan, a
 * move, a recorded job, a job a printer started … (`changeMark`: every such change writes its audit row). The board
 * polls it every few seconds and reloads its data only when it moved. Not the database snapshot: connected printers
 * commit their live state several times a second, and every tablet on the board would reload its week each poll.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, 'schedule:read')
  return new Response(JSON.stringify({ v: await changeMark() }), {
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  })
}
