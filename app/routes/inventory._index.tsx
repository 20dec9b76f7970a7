import type { LoaderFunctionArgs } from '@remix-run/node'
import { ComingSoon } from '~/components/coming-soon'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { requireUser } from '~/utils/auth.server'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, 'inventory:read')
  return null
}

export default function InventoryPage() {
  return <ComingSoon module="nav.inventory" />
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
