import { NavLink } from '@remix-run/react'
import type { MessageKey, Translate } from '~/i18n'
import { isMessageKey } from '~/i18n/registry'
import { Badge } from '~/components/ui/layout'
import { DataTable } from '~/components/ui/table'
import { useT } from '~/utils/i18n'

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
    <div className="mt-4">
      <h3 className="font-semibold">{t('vibration.import.problems', { count })}</h3>
      {count > problems.length ? <p className="text-sm text-slate-600">{t('vibration.import.problemsFirst', { shown: problems.length, count })}</p> : null}
      <DataTable
        className="mt-2"
        size="sm"
        testId="problems"
        rows={problems}
        rowKey={(_, i) => String(i)}
        columns={[
          { key: 'line', header: t('vibration.import.line'), className: 'tabular-nums', cell: (p) => p.line ?? '—' },
          { key: 'column', header: t('vibration.import.column'), className: 'tabular-nums', cell: (p) => p.column ?? '—' },
          { key: 'reason', header: t('vibration.import.reason'), cell: (p) => problemText(t, p) },
        ]}
      />
    </div>
  )
}



/** Which machine and sensor an import went to ("g1 / 3"); none → "—". */
export function importTarget(imp: { machineName: string | null; sensorNo: string | null }): string {
  return imp.machineName ? `${imp.machineName} / ${imp.sensorNo ?? ''}` : '—'
}
