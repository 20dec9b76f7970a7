import { Link } from '@remix-run/react'
import { Card } from '~/components/ui/layout'
import type { MessageKey, Translate } from '~/i18n'
import { isMessageKey } from '~/i18n/registry'
import { formatBytes, formatDateTime, formatNumber, formatSeconds } from '~/utils/format'
import { useLocale, useT } from '~/utils/i18n'
import { importTarget, problemText, ProblemsTable, StatusBadge, type ImportStatus, type ProblemView } from './ui'

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
  startedAt: Date | string
  durationMs: number | null
}

/** Problems that concern the whole file's target (no row is at fault): the headline names them as they are. */
const TARGET_CAUSES = ['unknown_machine', 'machine_required', 'sensor_required', 'bad_machine', 'bad_sensor', 'channels_mismatch'] as const
type TargetCause = (typeof TARGET_CAUSES)[number]
const isTargetCause = (code: string): code is TargetCause => (TARGET_CAUSES as readonly string[]).includes(code)

/**
 * A failed import's headline: the real cause — the machine that is not registered, the first unreadable line and why, the
 * layout the first line does not fit — rather than a generic "rows cannot be read"; plus a line of help where there is one.
 */
export function failureHeadline(t: Translate, imp: Pick<ImportView, 'message' | 'messageParams' | 'problems' | 'problemCount'>): { text: string; help: string | null } {
  const first = imp.problems[0]
  const generic = imp.message && isMessageKey(imp.message) ? t(imp.message as MessageKey, imp.messageParams ?? undefined) : t('vibration.import.nothingStored')
  if (imp.message === 'vibration.error.problems' && first) {
    const target = imp.problems.find((p) => isTargetCause(p.code))
    if (target && isTargetCause(target.code)) {
      const text = t(`vibrationUpload.cause.${target.code}`, { name: target.text ?? '' })
      return { text, help: target.code === 'unknown_machine' ? t('vibrationUpload.cause.unknown_machineHelp') : null }
    }
    const text = first.line !== null ? t('vibrationUpload.cause.row', { line: first.line, reason: problemText(t, first) }) : problemText(t, first)
    return { text, help: imp.problemCount > 1 ? t('vibrationUpload.cause.more', { count: imp.problemCount }) : null }
  }
  if (imp.message === 'vibration.error.layout' && first) return { text: t('vibrationUpload.cause.layout', { reason: problemText(t, first) }), help: null }
  return { text: generic, help: null }
}

/** One import's report: what was stored, or why nothing was. */
export function ImportReport({ imp, timeZone }: { imp: ImportView; timeZone: string }) {
  const t = useT()
  const locale = useLocale()
  const n = (v: number) => formatNumber(locale, v)
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
        <dd className="tabular-nums" data-testid="rows-imported">{n(imp.rowsImported)}</dd>
        <dt className="text-slate-600">{t('vibration.import.skipped')}</dt>
        <dd className="tabular-nums">{n(imp.rowsSkipped)}</dd>
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
      {imp.status === 'running' ? (
        <p className="mt-3 break-keep" role="status">
          {t('vibrationUpload.runningNote')}
        </p>
      ) : imp.status === 'succeeded' ? (
        <p className="mt-3" role="status">
          {t('vibration.import.stored', { rows: n(imp.rowsImported), recordings: n(imp.recordingCount), skipped: n(imp.rowsSkipped) })}{' '}
          <Link className="font-medium text-blue-800 underline" to={`/vibration?import=${imp.id}`}>
            {t('vibration.import.browse')}
          </Link>
        </p>
      ) : imp.status === 'duplicate' ? (
        <p className="mt-3" role="status">
          {t('vibration.import.alreadyImported')}
        </p>
      ) : imp.status === 'failed' ? (
        <FailureNote imp={imp} />
      ) : null}
      <ProblemsTable problems={imp.problems} count={imp.problemCount} />
    </Card>
  )
}

function FailureNote({ imp }: { imp: ImportView }) {
  const t = useT()
  const { text, help } = failureHeadline(t, imp)
  return (
    <div className="mt-3 break-keep text-red-800" role="alert">
      <p className="text-lg font-semibold" data-testid="import-headline">
        {text}
      </p>
      {help ? <p className="mt-1">{help}</p> : null}
      {text === t('vibration.import.nothingStored') ? null : <p className="mt-1">{t('vibration.import.nothingStored')}</p>}
    </div>
  )
}
