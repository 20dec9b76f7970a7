import type { LoaderFunctionArgs } from '@remix-run/node'
import { listMachines } from '~/models/vibration/machines.server'
import { requireApiToken } from '~/utils/api-auth.server'

/** GET /api/v1/machines (read scope): every machine with its sensors (resource route; described in app/utils/openapi.ts). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireApiToken(request, 'read')
  const machines = await listMachines()
  return Response.json(
    {
      data: machines.map((m) => ({
        id: m.id,
        name: m.name,
        location: m.location,
        description: m.description,
        nominal_rpm: m.nominalRpm,
        signal_unit: m.signalUnit,
        iso_group: m.isoGroup,
        iso_foundation: m.isoFoundation,
        baseline_seconds: m.baselineSeconds,
        sensors: m.sensors,
        recording_count: m.recordingCount,
      })),
    },
    { headers: { 'Cache-Control': 'no-store' } },
  )
}
