import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Card, PageHeader } from '~/components/ui/layout'
import { RunsTable, useRefreshWhile } from '~/components/vibration/diagnosis'
import { ImportReport } from '~/components/vibration/import-report'
import { VibrationTabs } from '~/components/vibration/ui'
import { listRuns } from '~/models/vibration/diagnosis-runs.server'
import { getImport } from '~/models/vibration/import-history.server'
import { requireUser } from '~/utils/auth.server'
import { env } from '~/utils/env.server'
import { useT } from '~/utils/i18n'
import { can } from '~/utils/permissions'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'vibration:read')
  const imp = await getImport(params.importId ?? '')
  if (!imp) throw new Response('Import not found', { status: 404 })
  const runs = await listRuns({ importId: imp.id }, 200)
  return { imp, runs, timeZone: env().SHOP_TIME_ZONE, canUpload: can(user.role, 'vibration:upload') }
}

export default function ImportPage() {
  const { imp, runs, timeZone, canUpload } = useLoaderData<typeof loader>()
  const t = useT()
  const diagnosing = runs.some((r) => r.status === 'queued' || r.status === 'running')
  const waiting = diagnosing || imp.status === 'running'
  useRefreshWhile(waiting)
  return (
    <>
      {/* Without JavaScript the page reloads itself while the import or its diagnosis runs (with it: useRefreshWhile). */}
      {waiting ? (
        <noscript>
          <meta httpEquiv="refresh" content="5" />
        </noscript>
      ) : null}
      <PageHeader title={t('vibration.import.title')} />
      <VibrationTabs canUpload={canUpload} />
      <ImportReport imp={imp} timeZone={timeZone} />
      {runs.length > 0 ? (
        <Card>
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 className="text-lg font-semibold">{t('vibration.diagnosis.importRuns')}</h2>
            {waiting ? (
              <Link to={`/vibration/imports/${imp.id}`} className="flex min-h-touch min-w-touch items-center font-medium text-blue-800 underline">
                {t('vibration.diagnosis.refresh')}
              </Link>
            ) : null}
          </div>
          {diagnosing ? <p className="mt-1 break-keep text-sm text-slate-700">{t('vibrationUpload.diagnosisNote')}</p> : null}
          <RunsTable runs={runs} timeZone={timeZone} testId="import-diagnosis-runs" />
        </Card>
      ) : null}
    </>
  )
}
