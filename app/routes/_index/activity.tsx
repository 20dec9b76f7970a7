import { Link } from '@remix-run/react'
import { Badge, Card } from '~/components/ui/layout'
import { FaultBadge, ZoneBadge } from '~/components/vibration/diagnosis'
import type { MessageKey } from '~/i18n'
import { formatDateTime, formatGrams } from '~/utils/format'
import { useLocale, useT } from '~/utils/i18n'
import type { DashboardData } from './data'

/** Filament colours that run short for the plan or are low on the shelf. */
export function FilamentAlerts({ data }: { data: DashboardData }) {
  const t = useT()
  const locale = useLocale()
  return (
    <Card>
      <h2 className="mb-2 text-lg font-semibold">{t('dashboard.filamentTitle')}</h2>
      {data.filaments.length === 0 ? (
        <p className="text-slate-600" data-testid="filament-alerts-empty">
          {t('dashboard.filamentNone')}
        </p>
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="filament-alerts">
          {data.filaments.map((f) => (
            <li key={f.key} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span className="inline-flex items-center gap-2">
                <span className="inline-block h-4 w-4 rounded-full ring-1 ring-slate-400" style={{ backgroundColor: f.colourHex ?? '#cbd5e1' }} aria-hidden="true" />
                <span className="font-medium">
                  {f.material} · {f.colour}
                </span>
              </span>
              <span className="text-sm">
                <Badge tone={f.status === 'short' ? 'red' : 'amber'}>
                  {f.status === 'short' ? '✖ ' : '! '}
                  {t(`inventory.outlook.status.${f.status}`)}
                </Badge>{' '}
                {f.status === 'short'
                  ? t('dashboard.filamentShort', { grams: formatGrams(locale, f.shortfallMg), date: f.runsOutOn?.date ?? '—', ref: f.runsOutOn?.ref ?? '—' })
                  : t('dashboard.filamentLow', { grams: formatGrams(locale, f.onHandMg) })}
              </span>
            </li>
          ))}
        </ul>
      )}
      <Link to="/inventory/outlook" className="mt-3 link-touch">
        {t('dashboard.toOutlook')}
      </Link>
    </Card>
  )
}

/** Each vibration machine's latest diagnosis. */
export function MachineDiagnoses({ data }: { data: DashboardData }) {
  const t = useT()
  return (
    <Card>
      <h2 className="mb-2 text-lg font-semibold">{t('dashboard.machinesTitle')}</h2>
      {data.machines.length === 0 ? (
        <p className="text-slate-600">{t('dashboard.machinesNone')}</p>
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="machine-diagnoses">
          {data.machines.map((m) => (
            <li key={m.machineId} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <Link to={`/vibration/diagnosis/${m.machineId}`} className="inline-flex min-h-touch items-center font-semibold text-blue-800 underline">
                {m.machineName}
              </Link>
              {m.diagnosis ? (
                <span className="flex flex-wrap items-center gap-2 text-sm">
                  <FaultBadge faultType={m.diagnosis.faultType} />
                  <ZoneBadge zone={m.diagnosis.isoZone} />
                  <span className="whitespace-nowrap text-slate-600">{formatDateTime(m.diagnosis.detectedAt, data.timeZone)}</span>
                </span>
              ) : (
                <span className="text-sm text-slate-600">{t('dashboard.machineNoDiagnosis')}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  )
}

/** Where an activity row links to (pages every role can read), by the audit entry's record type. */
const entityPaths: Record<string, string> = {
  order: '/orders/',
  print_job: '/schedule/jobs/',
  printer: '/printers/',
  spool: '/inventory/spools/',
  filament: '/inventory/filaments/',
  product: '/products/',
  vibration_machine: '/vibration/machines/',
}

/** The latest audit entries: when, who, what, and a link to the record. */
export function RecentActivity({ data }: { data: DashboardData }) {
  const t = useT()
  const actionLabel = (action: string) => {
    // The dashboard's own phrase ("moved a job"), else the audit log's name of the action, else the action as written.
    for (const key of [`dashboard.action.${action}`, `audit.action.${action}`] as MessageKey[]) {
      const text = t(key)
      if (text !== key) return text
    }
    return action
  }
  return (
    <Card>
      <h2 className="mb-2 text-lg font-semibold">{t('dashboard.activityTitle')}</h2>
      {data.activity.length === 0 ? (
        <p className="text-slate-600">{t('dashboard.activityNone')}</p>
      ) : (
        <ol className="divide-y divide-slate-100" data-testid="recent-activity">
          {data.activity.map((a) => {
            const base = entityPaths[a.entityType]
            const what = a.label ?? ''
            return (
              <li key={a.id} className="py-2 text-sm">
                <span className="whitespace-nowrap text-slate-600">{formatDateTime(a.at, data.timeZone)}</span> · <span className="font-medium">{a.username ?? t('common.none')}</span> ·{' '}
                {actionLabel(a.action)}
                {what ? (
                  <>
                    {' '}
                    {base && a.entityId ? (
                      <Link to={`${base}${a.entityId}`} className="text-blue-800 underline">
                        {what}
                      </Link>
                    ) : (
                      <span>{what}</span>
                    )}
                  </>
                ) : null}
              </li>
            )
          })}
        </ol>
      )}
      {data.can.audit ? (
        <Link to="/admin/audit" className="mt-3 link-touch">
          {t('dashboard.toAudit')}
        </Link>
      ) : null}
    </Card>
  )
}
