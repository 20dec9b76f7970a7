import { Link } from '@remix-run/react'
import { Card } from '~/components/ui/layout'
import type { MessageKey } from '~/i18n'
import { isMessageKey } from '~/i18n'
import { formatBytes, formatDateTime, formatSeconds } from '~/utils/format'
import { useT } from '~/utils/i18n'
import { importTarget, ProblemsTable, StatusBadge, type ImportStatus, type ProblemView } from './ui'

export interface ImportView {
  id: string
  fileName: string
  sizeBytes: number
  contentHash: string | null
  layout: string | null
  machineName: string | null
  sensorNo: string | null
  rowsImported: number
  rowsSkipped: number
  recordingCount: number
  problemCount: number
  problems: ProblemView[]
  message: string | null
  messageParams: Record<string, string | number> | null
  status: ImportStatus
  username: string | null
  startedAt: string
  durationMs: number | null
}

/** One import's report: what was stored, or why nothing was. */
export function ImportReport({ imp, timeZone }: { imp: ImportView; timeZone: string }) {
  const t = useT()
  const layoutKey = `vibration.layout.${imp.layout}`
  return (
    <Card className="mb-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-lg font-semibold break-all">{imp.fileName}</h2>
        <StatusBadge status={imp.status} />
      </div>
      <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4">
        <dt className="text-slate-600">{t('vibration.import.size')}</dt>
        <dd>{formatBytes(imp.sizeBytes)}</dd>
        <dt className="text-slate-600">{t('vibration.import.layout')}</dt>
        <dd>{isMessageKey(layoutKey) ? t(layoutKey as MessageKey) : '—'}</dd>
        <dt className="text-slate-600">{t('vibration.import.rows')}</dt>
        <dd className="tabular-nums" data-testid="rows-imported">{imp.rowsImported}</dd>
        <dt className="text-slate-600">{t('vibration.import.skipped')}</dt>
        <dd className="tabular-nums">{imp.rowsSkipped}</dd>
        <dt className="text-slate-600">{t('vibration.import.target')}</dt>
        <dd>{importTarget(imp)}</dd>
        <dt className="text-slate-600">{t('vibration.import.duration')}</dt>
        <dd>{formatSeconds(imp.durationMs)}</dd>
        <dt className="text-slate-600">{t('vibration.import.who')}</dt>
        <dd>{imp.username ?? '—'}</dd>
        <dt className="text-slate-600">{t('vibration.import.when')}</dt>
        <dd>{formatDateTime(imp.startedAt, timeZone, { seconds: true })}</dd>
        <dt className="text-slate-600">{t('vibration.import.hash')}</dt>
        <dd className="col-span-3 truncate font-mono text-xs" title={imp.contentHash ?? ''}>
          {imp.contentHash ?? '—'}
        </dd>
      </dl>
      {imp.status === 'succeeded' ? (
        <p className="mt-3" role="status">
          {t('vibration.import.stored', { rows: imp.rowsImported, recordings: imp.recordingCount, skipped: imp.rowsSkipped })}{' '}
          <Link className="font-medium text-blue-800 underline" to={`/vibration?import=${imp.id}`}>
            {t('vibration.import.browse')}
          </Link>
        </p>
      ) : imp.status === 'duplicate' ? (
        <p className="mt-3" role="status">
          {t('vibration.import.alreadyImported')}
        </p>
      ) : imp.status === 'failed' ? (
        <div className="mt-3 text-red-800" role="alert">
          {imp.message && isMessageKey(imp.message) ? <p>{t(imp.message as MessageKey, imp.messageParams ?? undefined)}</p> : null}
          <p>{t('vibration.import.nothingStored')}</p>
        </div>
      ) : null}
      <ProblemsTable problems={imp.problems} count={imp.problemCount} />
    </Card>
  )
}
