import type { LoaderFunctionArgs } from '@remix-run/node'
import { uploadProgress } from '~/models/vibration/import-progress.server'
import { requireUser } from '~/utils/auth.server'

/**
 * GET /vibration/imports/progress?batch=<uuid> (resource route): how far the signed-in user's upload of that batch got —
 * rows read while each file streams in, then stored or failed, then its diagnosis runs — as JSON. The upload page polls
 * it while its request runs (app/components/vibration/upload-progress.tsx). An unknown batch answers an empty list.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'vibration:upload')
  const batch = new URL(request.url).searchParams.get('batch') ?? ''
  const files = await uploadProgress(batch, user.id)
  return Response.json({ files }, { headers: { 'Cache-Control': 'no-store' } })
}
