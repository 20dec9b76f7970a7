import { Link, NavLink, useRevalidator } from '@remix-run/react'
import { useEffect, type ReactNode } from 'react'
import { Badge } from '~/components/ui/layout'
import { DataTable, type Column } from '~/components/ui/table'
import { missingText, reasonText, type DiagnosisReason, type ReasonPhrase } from '~/domain/vibration/diagnosis'
import { isMessageKey, type Locale, type MessageKey, type Translate } from '~/i18n/registry'
import { formatDateTime, formatFixed, formatNumber } from '~/utils/format'
import { useLocale, useT } from '~/utils/i18n'

export type FaultType = 0 | 1 | 2 | 3
export type Zone = 'A' | 'B' | 'C' | 'D' | 'not_zoned'
export type RunStatus = 'queued' | 'running' | 'done' | 'failed'

/** One colour per fault type, used by the timeline, the tiles' badges and the legend alike. */
export const FAULT_COLORS: Record<FaultType, string> = { 0: '#16a34a', 1: '#f59e0b', 2: '#2563eb', 3: '#dc2626' }
/** The timeline's state for a window not judged for want of a baseline (fault type null). */
export const NO_BASELINE_STATE = 4
/** Timeline colours: the fault types, and grey for "not judged — baseline needed". */
export const STATE_COLORS: Record<number, string> = { ...FAULT_COLORS, [NO_BASELINE_STATE]: '#94a3b8' }
const FAULT_TONES = { 0: 'green', 1: 'amber', 2: 'blue', 3: 'red' } as const
const ZONE_TONES = { A: 'green', B: 'green', C: 'amber', D: 'red', not_zoned: 'slate' } as const
const RUN_TONES = { queued: 'slate', running: 'blue', done: 'green', failed: 'red' } as const

export const faultKey = (f: number) => `vibration.fault.${f}` as MessageKey
export const channelKey = (c: string) => `vibration.channel.${c}` as MessageKey
/** A 0–1 share as a whole-number percentage without the sign ("87"); none → "—". */
export const percent = (locale: Locale, v: number | null | undefined) => (v == null ? '—' : formatNumber(locale, v * 100))

/** The i18n keys of an action's conform reply (form and field errors; other text is dropped), for FormErrors to translate. */
export function replyMessages(result: unknown): string[] {
  const error = result && typeof result === 'object' && 'error' in result ? (result as { error?: Record<string, string[] | null> | null }).error : null
  return Object.values(error ?? {})
    .flat()
    .filter((e): e is string => e !== null && isMessageKey(e))
}

const phrases = (t: Translate) => (phrase: ReasonPhrase, params?: Record<string, string | number>) => t(`vibration.reason.${phrase}` as MessageKey, params)

/** The reason sentence in the reader's language (phrases from app/i18n/vibration.ts). */
export function reasonLine(t: Translate, reason: DiagnosisReason): string {
  return reasonText(reason, phrases(t))
}

/** What a window left without a judgement lacked, in the reader's language. */
export function missingLine(t: Translate, reason: DiagnosisReason): string {
  return missingText(reason, phrases(t))
}

/** A window's or channel's fault; null (not judged for want of a baseline) reads "baseline needed". */
export function FaultBadge({ faultType }: { faultType: number | null }) {
  const t = useT()
  if (faultType === null)
    return (
      <Badge tone="slate">
        <span aria-hidden className="mr-1.5 inline-block h-2.5 w-2.5 rounded-full border-2 border-dashed border-slate-500" />
        {t('vibration.fault.none')}
      </Badge>
    )
  if (faultType < 0 || faultType > 3) return <Badge>—</Badge>
  return (
    <Badge tone={FAULT_TONES[faultType as FaultType]}>
      <span aria-hidden className="mr-1.5 inline-block h-2.5 w-2.5 rounded-full" style={{ background: FAULT_COLORS[faultType as FaultType] }} />
      {t(faultKey(faultType))}
    </Badge>
  )
}

export function ZoneBadge({ zone }: { zone: Zone }) {
  const t = useT()
  return <Badge tone={ZONE_TONES[zone] ?? 'slate'}>{t(`vibration.zone.${zone}` as MessageKey)}</Badge>
}

/** The ISO zone badge and, when known, the velocity RMS it was judged from. */
export function ZoneVelocity({ zone, velocityRms }: { zone: Zone; velocityRms: number | null }) {
  return (
    <>
      <ZoneBadge zone={zone} /> {velocityRms != null ? <span className="tabular-nums">{formatFixed(velocityRms)} mm/s</span> : null}
    </>
  )
}

function RunStatusBadge({ status }: { status: RunStatus }) {
  const t = useT()
  return <Badge tone={RUN_TONES[status] ?? 'slate'}>{t(`vibration.diagnosis.status.${status}` as MessageKey)}</Badge>
}

/** The colour key of the timeline (text, so the chart is never the only carrier of the meaning). */
export function FaultLegend() {
  const t = useT()
  return (
    <ul className="flex flex-wrap gap-4 text-sm text-slate-800" aria-label={t('vibration.diagnosis.col.diagnosis')}>
      {([0, 1, 2, 3] as const).map((f) => (
        <li key={f} className="flex items-center gap-1.5">
          <span aria-hidden className="inline-block h-3 w-5 rounded-sm" style={{ background: FAULT_COLORS[f] }} />
          {f} · {t(faultKey(f))}
        </li>
      ))}
      <li className="flex items-center gap-1.5">
        <span aria-hidden className="inline-block h-3 w-5 rounded-sm" style={{ background: STATE_COLORS[NO_BASELINE_STATE] }} />
        {t('vibration.diagnosis.state.noBaseline')}
      </li>
    </ul>
  )
}

/** Sub-navigation of the diagnosis pages. */
export function DiagnosisNav() {
  const t = useT()
  const link = ({ isActive }: { isActive: boolean }) => `flex min-h-touch items-center px-1 font-medium underline-offset-4 ${isActive ? 'text-slate-900 underline' : 'text-blue-800 underline'}`
  return (
    <nav className="mb-4 flex flex-wrap gap-4" aria-label={t('vibration.diagnosis.title')}>
      <NavLink to="/vibration/diagnosis" end className={link}>
        {t('vibration.diagnosis.title')}
      </NavLink>
      <NavLink to="/vibration/diagnosis/agreement" className={link}>
        {t('vibration.diagnosis.agreement')}
      </NavLink>
    </nav>
  )
}

export interface RunView {
  id: string
  recordingId: string
  machineName: string
  sensorNo: string
  collectedAt: string | Date
  trigger: string
  status: RunStatus
  attempts: number
  error: string | null
  windowCount: number
  createdAt: string | Date
}

/** Diagnosis runs: which recording, why, status, attempts, and a link to the results. */
export function RunsTable({ runs, timeZone, testId = 'diagnosis-runs' }: { runs: RunView[]; timeZone: string; testId?: string }) {
  const t = useT()
  if (runs.length === 0) return <p className="text-slate-700">{t('vibration.diagnosis.jobsEmpty')}</p>
  return (
    <DataTable
      size="sm"
      testId={testId}
      rows={runs}
      rowKey={(r) => r.id}
      columns={[
        { key: 'recording', header: t('vibration.diagnosis.job.recording'), cell: (r) => `${r.machineName} · ${r.sensorNo} · ${formatDateTime(r.collectedAt, timeZone, { seconds: true })}` },
        { key: 'trigger', header: t('vibration.diagnosis.job.trigger'), cell: (r) => t(`vibration.diagnosis.trigger.${r.trigger}` as MessageKey) },
        {
          key: 'status',
          header: t('vibration.diagnosis.job.status'),
          cell: (r) => (
            <>
              <RunStatusBadge status={r.status} />
              {r.error && r.status !== 'done' ? <span className="ml-2 text-red-800">{t(r.error as MessageKey)}</span> : null}
            </>
          ),
        },
        { key: 'attempts', header: t('vibration.diagnosis.job.attempts'), numeric: true, cell: (r) => r.attempts },
        { key: 'windows', header: t('vibration.diagnosis.job.windows'), numeric: true, cell: (r) => r.windowCount },
        { key: 'when', header: t('vibration.diagnosis.job.when'), cell: (r) => formatDateTime(r.createdAt, timeZone, { seconds: true }) },
        {
          key: 'results',
          header: t('vibration.diagnosis.job.results'),
          cell: (r) =>
            r.status === 'done' ? (
              <Link className="link-row" to={`/vibration/diagnosis/recordings/${r.recordingId}`}>
                {t('vibration.diagnosis.open')}
              </Link>
            ) : null,
        },
      ]}
    />
  )
}

/** With JavaScript, reloads the page's data every few seconds while diagnosis jobs are queued or running (without it, a Refresh link does). */
export function useRefreshWhile(waiting: boolean, everyMs = 3000) {
  const { revalidate, state } = useRevalidator()
  useEffect(() => {
    if (!waiting || state !== 'idle') return
    const timer = setTimeout(revalidate, everyMs)
    return () => clearTimeout(timer)
  }, [waiting, state, revalidate, everyMs])
}

/** A channel's summary as the tables show it. */
export interface ChannelSummaryView {
  recordingId: string
  collectedAt: string | Date
  sensorNo: string
  channel: string
  status?: string
  faultType: number | null
  confidence: number | null
  problem: string | null
  votes: number[]
  velocityRms: number | null
  isoZone: Zone
  shaftHz: number | null
  speedEstimated: boolean
  baselineSource: string
}

/**
 * Channel summaries (diagnosis or why not analysed, confidence, window votes, zone, baseline). `withRecording` adds when
 * and which sensor (a machine's list), `withSpeed` the shaft speed (one recording); `channelCell` and `action` fill the
 * channel cell and a last cell.
 */
export function ChannelSummaryTable({
  rows,
  timeZone,
  testId,
  withRecording = false,
  withSpeed = false,
  current,
  channelCell,
  action,
}: {
  rows: ChannelSummaryView[]
  timeZone: string
  testId: string
  withRecording?: boolean
  withSpeed?: boolean
  current?: string | null
  channelCell?: (row: ChannelSummaryView) => ReactNode
  action?: (row: ChannelSummaryView) => ReactNode
}) {
  const t = useT()
  const locale = useLocale()
  const columns: Column<ChannelSummaryView>[] = [
    ...(withRecording
      ? [
          { key: 'collectedAt', header: t('vibration.diagnosis.col.collectedAt'), nowrap: true, cell: (s: ChannelSummaryView) => formatDateTime(s.collectedAt, timeZone, { seconds: true }) },
          { key: 'sensor', header: t('vibration.diagnosis.col.sensor'), cell: (s: ChannelSummaryView) => s.sensorNo },
        ]
      : []),
    { key: 'channel', header: t('vibration.diagnosis.col.channel'), cell: (s) => (channelCell ? channelCell(s) : t(channelKey(s.channel))) },
    {
      key: 'diagnosis',
      header: t('vibration.diagnosis.col.diagnosis'),
      cell: (s) => (s.problem ? t('vibration.diagnosis.notAnalysed', { reason: t(`vibration.diagnosis.problem.${s.problem}` as MessageKey) }) : <FaultBadge faultType={s.faultType} />),
    },
    { key: 'confidence', header: t('vibration.diagnosis.col.confidence'), numeric: true, cell: (s) => (s.confidence != null ? `${percent(locale, s.confidence)}%` : '—') },
    { key: 'votes', header: t('vibration.diagnosis.col.votes'), className: 'tabular-nums', cell: (s) => s.votes.join(' / ') },
    { key: 'zone', header: t('vibration.diagnosis.col.zone'), cell: (s) => <ZoneVelocity zone={s.isoZone} velocityRms={s.velocityRms} /> },
    ...(withSpeed
      ? [
          {
            key: 'speed',
            header: t('vibration.diagnosis.col.speed'),
            className: 'tabular-nums',
            cell: (s: ChannelSummaryView) => (
              <>
                {s.shaftHz != null ? t('vibration.diagnosis.speedValue', { hz: formatFixed(s.shaftHz, 1), rpm: Math.round(s.shaftHz * 60) }) : '—'}
                {s.speedEstimated && s.shaftHz != null ? ` (${t('vibration.diagnosis.speedEstimated')})` : ''}
              </>
            ),
          },
        ]
      : []),
    { key: 'baseline', header: t('vibration.diagnosis.col.baseline'), cell: (s) => t(`vibration.baselineSource.${s.baselineSource}` as MessageKey) },
    ...(action ? [{ key: 'action', header: '', cell: action }] : []),
  ]
  return (
    <DataTable
      size="sm"
      testId={testId}
      rows={rows}
      rowKey={(s) => `${s.recordingId}-${s.channel}`}
      rowProps={(s) => (s.channel === current ? { 'aria-current': 'true', className: 'bg-blue-50' } : {})}
      columns={columns}
    />
  )
}
