import type { LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { PageHeader } from '~/components/ui/layout'
import { ImportReport, type ImportView } from '~/components/vibration/import-report'
import { VibrationTabs } from '~/components/vibration/ui'
import { getImport } from '~/models/vibration.server'
import { requireUser } from '~/utils/auth.server'
import { env } from '~/utils/env.server'
import { useT } from '~/utils/i18n'
import { can } from '~/utils/permissions'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'vibration:read')
  const imp = await getImport(params.importId ?? '')
  if (!imp) throw new Response('Import not found', { status: 404 })
  return { imp: imp as unknown as ImportView, timeZone: env().SHOP_TIME_ZONE, canUpload: can(user.role, 'vibration:upload') }
}

export default function ImportPage() {
  const { imp, timeZone, canUpload } = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <>
      <PageHeader title={t('vibration.import.title')} />
      <VibrationTabs canUpload={canUpload} />
      <ImportReport imp={imp} timeZone={timeZone} />
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
