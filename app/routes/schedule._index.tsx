import type { LoaderFunctionArgs } from '@remix-run/node'
import { ComingSoon } from '~/components/coming-soon'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { requireUser } from '~/utils/auth.server'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, 'schedule:read')
  return null
}

export default function SchedulePage() {
  return <ComingSoon module="nav.schedule" />
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
