import type { LoaderFunctionArgs } from '@remix-run/node'
import { latestDiagnoses } from '~/models/vibration/diagnosis-latest.server'
import { requireApiToken } from '~/utils/api-auth.server'
import { diagnosisJson } from '~/utils/diagnosis-api.server'

/** GET /api/v1/machines/diagnosis/latest (read scope): every machine with its latest diagnosis (null when none yet). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireApiToken(request, 'read')
  const machines = await latestDiagnoses()
  return Response.json(
    { data: machines.map((m) => ({ machine_id: m.machineId, machine_name: m.machineName, latest: m.diagnosis ? diagnosisJson({ ...m.diagnosis, machineId: m.machineId, machineName: m.machineName }) : null })) },
    { headers: { 'Cache-Control': 'no-store' } },
  )
}
