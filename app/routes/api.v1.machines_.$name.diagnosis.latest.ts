import type { LoaderFunctionArgs } from '@remix-run/node'
import { latestDiagnoses } from '~/models/vibration/diagnosis-latest.server'
import { apiError, requireApiToken } from '~/utils/api-auth.server'
import { diagnosisJson } from '~/utils/diagnosis-api.server'

/** GET /api/v1/machines/{name}/diagnosis/latest (read scope): one machine (name case-insensitive, or id) and its latest diagnosis. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireApiToken(request, 'read')
  const name = (params.name ?? '').trim()
  const [m] = name ? await latestDiagnoses({ machineName: name }) : []
  const found = m ?? (name ? (await latestDiagnoses({ machineId: name }))[0] : undefined)
  if (!found) return apiError(404, 'not_found', 'no machine with this name')
  return Response.json(
    { machine_id: found.machineId, machine_name: found.machineName, latest: found.diagnosis ? diagnosisJson({ ...found.diagnosis, machineId: found.machineId, machineName: found.machineName }) : null },
    { headers: { 'Cache-Control': 'no-store' } },
  )
}
