import type { LoaderFunctionArgs } from '@remix-run/node'
import { connectionTypeOf } from '~/models/printers/live/connections.server'
import { liveOf, printerIdByAssetId } from '~/models/printers/live/store.server'
import { apiError, requireApiToken } from '~/utils/api-auth.server'

/**
 * GET /api/v1/printers/{assetId}/live (read scope): the printer's live state as the connectors last stored it, with
 * "offline" when it has not been heard from for 30 s (described in app/utils/openapi.ts). A printer without a
 * connection answers 404 `not_connected`.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireApiToken(request, 'read')
  const printerId = await printerIdByAssetId(params.assetId ?? '')
  if (!printerId) return apiError(404, 'not_found', 'no printer with this asset id')
  if ((await connectionTypeOf(printerId)) === 'none') return apiError(404, 'not_connected', 'this printer has no connection')
  const live = await liveOf(printerId, new Date())
  return Response.json(
    {
      state: live?.state ?? 'offline',
      progress: live?.progress ?? null,
      remainingSeconds: live?.remainingSeconds ?? null,
      file: live?.file ?? null,
      nozzleC: live?.nozzleC ?? null,
      bedC: live?.bedC ?? null,
      lastSeenAt: live?.lastSeenAt?.toISOString() ?? null,
      message: live?.message ?? null,
    },
    { headers: { 'Cache-Control': 'no-store' } },
  )
}
