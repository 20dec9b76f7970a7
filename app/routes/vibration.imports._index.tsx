import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Card, PageHeader } from '~/components/ui/layout'
import { DataTable } from '~/components/ui/table'
import { useRefreshWhile } from '~/components/vibration/diagnosis'
import { ImportReport } from '~/components/vibration/import-report'
import { importTarget, StatusBadge, VibrationTabs } from '~/components/vibration/ui'
import { listImports } from '~/models/vibration/import-history.server'
import { requireUser } from '~/utils/auth.server'
import { env } from '~/utils/env.server'
import { formatBytes, formatDateTime, formatSeconds } from '~/utils/format'
import { useT } from '~/utils/i18n'
import { can } from '~/utils/permissions'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'vibration:read')
  const batch = new URL(request.url).searchParams.get('batch')
  const [history, batchImports] = await Promise.all([listImports({ limit: 200 }), batch ? listImports({ batchId: batch }) : Promise.resolve([])])
  return {
    history,
    batch: batchImports.reverse(),
    timeZone: env().SHOP_TIME_ZONE,
    canUpload: can(user.role, 'vibration:upload'),
  }
}

export default function ImportsPage() {
  const { history, batch, timeZone, canUpload } = useLoaderData<typeof loader>()
  const t = useT()
  const waiting = batch.some((imp) => imp.status === 'running')
  useRefreshWhile(waiting)
  return (
    <>
      {/* Without JavaScript the page reloads itself while a file of this upload is still being imported. */}
      {waiting ? (
        <noscript>
          <meta httpEquiv="refresh" content="5" />
        </noscript>
      ) : null}
      <PageHeader title={t('vibration.import.history')} />
      <VibrationTabs canUpload={canUpload} />
      {batch.length > 0 ? (
        <section aria-label={t('vibration.import.batch')} className="mb-6">
          <h2 className="mb-2 text-xl font-semibold">{t('vibration.import.batch')}</h2>
          {batch.map((imp) => (
            <ImportReport key={imp.id} imp={imp} timeZone={timeZone} />
          ))}
        </section>
      ) : null}
      <Card>
        <DataTable
          size="sm"
          testId="import-history"
          rows={history}
          rowKey={(imp) => imp.id}
          empty={t('vibration.import.empty')}
          columns={[
            { key: 'when', header: t('vibration.import.when'), nowrap: true, cell: (imp) => formatDateTime(imp.startedAt, timeZone, { seconds: true }) },
            {
              key: 'file',
              header: t('vibration.import.file'),
              cell: (imp) => (
                <Link className="link-row" to={`/vibration/imports/${imp.id}`}>
                  {imp.fileName}
                </Link>
              ),
            },
            { key: 'size', header: t('vibration.import.size'), nowrap: true, cell: (imp) => formatBytes(imp.sizeBytes) },
            {
              key: 'hash',
              header: t('vibration.import.hash'),
              className: 'font-mono text-xs',
              cell: (imp) => <span title={imp.contentHash ?? ''}>{imp.contentHash?.slice(0, 12) ?? '—'}</span>,
            },
            { key: 'layout', header: t('vibration.import.layout'), cell: (imp) => imp.layout ?? '—' },
            { key: 'target', header: t('vibration.import.target'), cell: importTarget },
            { key: 'rows', header: t('vibration.import.rows'), numeric: true, cell: (imp) => imp.rowsImported },
            { key: 'skipped', header: t('vibration.import.skipped'), numeric: true, cell: (imp) => imp.rowsSkipped },
            { key: 'duration', header: t('vibration.import.duration'), numeric: true, cell: (imp) => formatSeconds(imp.durationMs) },
            { key: 'who', header: t('vibration.import.who'), cell: (imp) => imp.username ?? '—' },
            { key: 'status', header: t('vibration.import.status'), cell: (imp) => <StatusBadge status={imp.status} /> },
          ]}
        />
      </Card>
    </>
  )
}
