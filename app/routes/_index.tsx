import type { LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { ComingSoon } from '~/components/coming-soon'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { requireUser } from '~/utils/auth.server'
import { useT } from '~/utils/i18n'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'dashboard:read')
  return { name: user.displayName }
}

export default function Dashboard() {
  const { name } = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <>
      <p className="mb-4 text-lg text-slate-700" data-testid="welcome">
        {t('dashboard.welcome', { name })}
      </p>
      <ComingSoon module="nav.dashboard" />
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
