import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { Card, PageHeader } from '~/components/ui/layout'
import { ImportReport, type ImportView } from '~/components/vibration/import-report'
import { formatBytes, formatDateTime, StatusBadge, VibrationTabs } from '~/components/vibration/ui'
import { listImports } from '~/models/vibration/import-history.server'
import { requireUser } from '~/utils/auth.server'
import { env } from '~/utils/env.server'
import { useLocale, useT } from '~/utils/i18n'
import { can } from '~/utils/permissions'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'vibration:read')
  const batch = new URL(request.url).searchParams.get('batch')
  const [history, batchImports] = await Promise.all([listImports({ limit: 200 }), batch ? listImports({ batchId: batch }) : Promise.resolve([])])
  return {
    history: history as unknown as ImportView[],
    batch: batchImports.reverse() as unknown as ImportView[],
    timeZone: env().SHOP_TIME_ZONE,
    canUpload: can(user.role, 'vibration:upload'),
  }
}

export default function ImportsPage() {
  const { history, batch, timeZone, canUpload } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  return (
    <>
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
      <Card className="overflow-x-auto">
        {history.length === 0 ? (
          <p>{t('vibration.import.empty')}</p>
        ) : (
          <table className="w-full text-left text-sm" data-testid="import-history">
            <thead className="text-slate-600">
              <tr>
                <th className="py-2 pr-3">{t('vibration.import.when')}</th>
                <th className="py-2 pr-3">{t('vibration.import.file')}</th>
                <th className="py-2 pr-3">{t('vibration.import.size')}</th>
                <th className="py-2 pr-3">{t('vibration.import.hash')}</th>
                <th className="py-2 pr-3">{t('vibration.import.layout')}</th>
                <th className="py-2 pr-3">{t('vibration.import.target')}</th>
                <th className="py-2 pr-3 text-right">{t('vibration.import.rows')}</th>
                <th className="py-2 pr-3 text-right">{t('vibration.import.skipped')}</th>
                <th className="py-2 pr-3 text-right">{t('vibration.import.duration')}</th>
                <th className="py-2 pr-3">{t('vibration.import.who')}</th>
                <th className="py-2">{t('vibration.import.status')}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {history.map((imp) => (
                <tr key={imp.id}>
                  <td className="py-1 pr-3 whitespace-nowrap">{formatDateTime(imp.startedAt, locale, timeZone)}</td>
                  <td className="py-1 pr-3">
                    <Link className="flex min-h-touch items-center font-medium text-blue-800 underline" to={`/vibration/imports/${imp.id}`}>
                      {imp.fileName}
                    </Link>
                  </td>
                  <td className="py-1 pr-3 whitespace-nowrap">{formatBytes(imp.sizeBytes)}</td>
                  <td className="py-1 pr-3 font-mono text-xs" title={imp.contentHash ?? ''}>
                    {imp.contentHash?.slice(0, 12) ?? '—'}
                  </td>
                  <td className="py-1 pr-3">{imp.layout ?? '—'}</td>
                  <td className="py-1 pr-3">{imp.machineName ? `${imp.machineName} / ${imp.sensorNo ?? ''}` : '—'}</td>
                  <td className="py-1 pr-3 text-right tabular-nums">{imp.rowsImported}</td>
                  <td className="py-1 pr-3 text-right tabular-nums">{imp.rowsSkipped}</td>
                  <td className="py-1 pr-3 text-right tabular-nums">{imp.durationMs != null ? `${(imp.durationMs / 1000).toFixed(1)} s` : '—'}</td>
                  <td className="py-1 pr-3">{imp.username ?? '—'}</td>
                  <td className="py-1">
                    <StatusBadge status={imp.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
