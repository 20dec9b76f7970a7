import type { ActionFunctionArgs } from '@remix-run/node'
import { drawSurplus } from '~/models/scheduling/surplus.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { readForm } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'

/** POST only: an order takes its product's surplus (over-production of earlier orders) as stock on hand. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, 'orders:write')
  const id = params.orderId ?? ''
  const version = Number((await readForm(request)).get('version'))
  const result = await drawSurplus(actorOf(user, request), id, Number.isSafeInteger(version) ? version : -1)
  if (!result.ok) {
    if (result.reason === 'not_found') throw new Response('Order not found', { status: 404 })
    return redirectWithToast(`/orders/${id}`, { type: 'error', key: result.reason === 'conflict' ? 'error.conflict' : 'orders.error.nothingToDraw' })
  }
  return redirectWithToast(`/orders/${id}`, { type: 'success', key: 'orders.drewSurplus', params: { count: result.units } })
}
