import { NavLink } from '@remix-run/react'
import type { MessageKey, Translate } from '~/i18n'
import { isMessageKey } from '~/i18n'
import { Badge } from '~/components/ui/layout'
import { useT } from '~/utils/i18n'
import { formatWallClock } from './format'

/** The vibration module's tabs. */
export function VibrationTabs({ canUpload }: { canUpload: boolean }) {
  const t = useT()
  const tab = ({ isActive }: { isActive: boolean }) =>
    `flex min-h-touch items-center rounded-lg px-4 font-medium ${isActive ? 'bg-slate-900 text-white' : 'bg-white text-slate-800 ring-1 ring-slate-300'}`
  return (
    <nav className="mb-6 flex flex-wrap gap-2" aria-label={t('vibration.title')}>
      <NavLink to="/vibration" end className={tab}>
        {t('vibration.nav.browse')}
      </NavLink>
      <NavLink to="/vibration/diagnosis" className={tab}>
        {t('vibration.nav.diagnosis')}
      </NavLink>
      {canUpload ? (
        <NavLink to="/vibration/upload" className={tab}>
          {t('vibration.nav.upload')}
        </NavLink>
      ) : null}
      <NavLink to="/vibration/imports" className={tab}>
        {t('vibration.nav.imports')}
      </NavLink>
      <NavLink to="/vibration/machines" className={tab}>
        {t('vibration.nav.machines')}
      </NavLink>
    </nav>
  )
}

export type ImportStatus = 'running' | 'succeeded' | 'failed' | 'duplicate'

export function StatusBadge({ status }: { status: ImportStatus }) {
  const t = useT()
  const tone = status === 'succeeded' ? 'green' : status === 'failed' ? 'red' : status === 'duplicate' ? 'amber' : 'blue'
  return <Badge tone={tone}>{t(`vibration.status.${status}`)}</Badge>
}

export interface ProblemView {
  line: number | null
  column: number | null
  field: string | null
  code: string
  text?: string
  found?: number
  expected?: number | number[]
}

/** A problem's reason in the user's language (cell text is rendered as text, never as HTML). */
export function problemText(t: Translate, p: ProblemView): string {
  const key = `vibration.problem.${p.code}`
  const expected = Array.isArray(p.expected) ? p.expected.join(' / ') : (p.expected ?? '')
  if (!isMessageKey(key)) return p.code
  return t(key as MessageKey, { text: p.text ?? '', found: p.found ?? '', expected })
}

export function ProblemsTable({ problems, count }: { problems: ProblemView[]; count: number }) {
  const t = useT()
  if (problems.length === 0) return null
  return (
    <div className="mt-4 overflow-x-auto">
      <h3 className="font-semibold">{t('vibration.import.problems', { count })}</h3>
      {count > problems.length ? <p className="text-sm text-slate-600">{t('vibration.import.problemsFirst', { shown: problems.length, count })}</p> : null}
      <table className="mt-2 w-full text-left text-sm" data-testid="problems">
        <thead className="text-slate-600">
          <tr>
            <th className="py-1 pr-3">{t('vibration.import.line')}</th>
            <th className="py-1 pr-3">{t('vibration.import.column')}</th>
            <th className="py-1">{t('vibration.import.reason')}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {problems.map((p, i) => (
            <tr key={i}>
              <td className="py-1 pr-3 tabular-nums">{p.line ?? '—'}</td>
              <td className="py-1 pr-3 tabular-nums">{p.column ?? '—'}</td>
              <td className="py-1">{problemText(t, p)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

/**
 * `YYYY-MM-DD HH:MM:SS` in the shop's zone, the same in both languages. Built from numeric parts rather than a locale's
 * date style: the server's and the browser's ICU data differ (Node formats ko-KR with "AM", Chromium with "오전"), which
 * made the server-rendered text and the hydrated text disagree.
 */
export function formatDateTime(iso: string | Date, _locale: string, timeZone: string): string {
  return formatWallClock(new Date(iso).getTime(), timeZone).replace('T', ' ')
}

/** `HH:MM:SS` (short spans) or `MM-DD HH:MM` (longer ones) in the shop's zone, for chart axes; deterministic like formatDateTime. */
export function formatAxisTime(ms: number, timeZone: string, spanMs: number): string {
  const full = formatWallClock(ms, timeZone)
  return spanMs < 86_400_000 ? full.slice(11) : `${full.slice(5, 10)} ${full.slice(11, 16)}`
}
