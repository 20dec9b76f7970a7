import type { LoaderFunctionArgs } from '@remix-run/node'
import { ComingSoon } from '~/components/coming-soon'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { requireUser } from '~/utils/auth.server'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, 'vibration:read')
  return null
}

export default function VibrationPage() {
  return <ComingSoon module="nav.vibration" />
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
