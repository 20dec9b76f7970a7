/**
 * The raw-data retention card of /vibration/machines (issue 19 item 5): the policy, the last runs of the job (what each
 * removed and kept) and, for managers, "run now" (a plain POST form that asks first; works without JavaScript).
 */
import { IntentForm } from '~/components/ui/intent-form'
import { Card } from '~/components/ui/layout'
import { DataTable } from '~/components/ui/table'
import { formatDateTime, formatNumber } from '~/utils/format'
import { useLocale, useT } from '~/utils/i18n'

/** One run as the card shows it (vibration_retention_runs). */
export interface RetentionRunRow {
  id: string
  trigger: 'schedule' | 'manual'
  status: 'done' | 'failed'
  cutoff: string
  retentionDays: number
  partitionsDropped: number
  blocksRemoved: number
  blocksKept: number
  recordingsExpired: number
  error: string | null
  requestedByName: string | null
  finishedAt: string | Date
}

export function RetentionCard({ days, runs, timeZone, canRun }: { days: number; runs: RetentionRunRow[]; timeZone: string; canRun: boolean }) {
  const t = useT()
  const locale = useLocale()
  const n = (v: number) => formatNumber(locale, v, 0)
  return (
    <Card className="mt-6">
      <div data-testid="retention">
        <h2 className="mb-2 text-lg font-semibold break-keep">{t('vibration.retention.title')}</h2>
        <p className="break-keep">{days > 0 ? t('vibration.retention.policy', { days }) : t('vibration.retention.policyOff')}</p>
        {runs.length ? (
          <>
            <DataTable
              size="sm"
              className="mt-3"
              testId="retention-runs"
              rows={runs}
              rowKey={(r) => r.id}
              columns={[
                { key: 'finished', header: t('vibration.retention.col.finished'), nowrap: true, cell: (r) => formatDateTime(r.finishedAt, timeZone) },
                {
                  key: 'trigger',
                  header: t('vibration.retention.col.trigger'),
                  cell: (r) => (r.trigger === 'manual' ? t('vibration.retention.trigger.manual', { name: r.requestedByName ?? '—' }) : t('vibration.retention.trigger.schedule')),
                },
                { key: 'cutoff', header: t('vibration.retention.col.cutoff'), nowrap: true, cell: (r) => (r.retentionDays > 0 ? r.cutoff : '—') },
                { key: 'weeks', header: t('vibration.retention.col.weeks'), numeric: true, cell: (r) => n(r.partitionsDropped) },
                { key: 'removed', header: t('vibration.retention.col.removed'), numeric: true, cell: (r) => n(r.blocksRemoved) },
                { key: 'kept', header: t('vibration.retention.col.kept'), numeric: true, cell: (r) => n(r.blocksKept) },
                { key: 'recordings', header: t('vibration.retention.col.recordings'), numeric: true, cell: (r) => n(r.recordingsExpired) },
                {
                  key: 'status',
                  header: t('vibration.retention.col.status'),
                  cell: (r) => (r.status === 'done' ? t('vibration.retention.status.done') : <span className="text-red-800">{t('vibration.retention.status.failed', { error: r.error ?? '' })}</span>),
                },
              ]}
            />
            <p className="mt-2 text-sm text-slate-600 break-keep">{t('vibration.retention.blocksHint')}</p>
          </>
        ) : (
          <p className="mt-2 text-slate-600 break-keep">{t('vibration.retention.never')}</p>
        )}
        {canRun ? (
          <IntentForm
            id="retention"
            intent="retention"
            className="mt-3"
            variant="secondary"
            label={t('vibration.retention.runNow')}
            confirm={{ question: t('vibration.retention.confirm', { days }), testId: 'retention-confirm' }}
          />
        ) : null}
      </div>
    </Card>
  )
}
