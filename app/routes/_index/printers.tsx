import { Link } from '@remix-run/react'
import { DueBadge, PrinterStatusBadge } from '~/components/printers/badges'
import { LiveLine } from '~/components/printers/live-card'
import { buttonClass } from '~/components/ui/button'
import { Badge, Card } from '~/components/ui/layout'
import type { PrinterNowState } from '~/domain/statistics'
import { formatDateTime } from '~/utils/format'
import { useT } from '~/utils/i18n'
import type { DashboardData } from './data'

const stateTone: Record<PrinterNowState, 'green' | 'amber' | 'slate'> = { printing: 'green', maintenance: 'amber', idle: 'slate' }

/** Every printer's state now: what it prints and how far along, maintenance, the next job. */
export function PrintersNow({ data }: { data: DashboardData }) {
  const t = useT()
  const time = (d: Date | string) => formatDateTime(d, data.timeZone)
  const counts = { printing: 0, idle: 0, maintenance: 0 }
  for (const p of data.printers) counts[p.state] += 1
  return (
    <Card>
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-lg font-semibold">{t('dashboard.printersTitle')}</h2>
        <p className="text-sm text-slate-600" data-testid="printers-now-counts">
          {t('dashboard.printersCounts', counts)}
        </p>
      </div>
      {data.printers.length === 0 ? (
        <p className="text-slate-600">{t('dashboard.printersNone')}</p>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3" data-testid="printers-now">
          {data.printers.map((p) => (
            <li key={p.id} className="rounded-lg p-3 ring-1 ring-slate-200" data-state={p.state} data-testid="printer-now">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <Link to={`/printers/${p.id}`} className="inline-flex min-h-touch items-center font-semibold text-blue-800 underline">
                  {p.assetId} · {p.name}
                </Link>
                <Badge tone={stateTone[p.state]}>{t(`dashboard.state.${p.state}`)}</Badge>
              </div>
              {data.live[p.id] ? <LiveLine live={data.live[p.id]!} className="mt-2" /> : null}
              {p.printing ? (
                <div className="mt-2">
                  <p className="text-sm">
                    {p.printing.reference} · {p.printing.productName} · {t('dashboard.units', { count: p.printing.units })}
                  </p>
                  <div
                    className="mt-1 h-2 w-full overflow-hidden rounded-full bg-slate-200"
                    role="progressbar"
                    aria-valuemin={0}
                    aria-valuemax={100}
                    aria-valuenow={p.printing.elapsedPct}
                    aria-label={t('dashboard.elapsed', { pct: p.printing.elapsedPct })}
                  >
                    <div className={`h-full ${p.printing.overdue ? 'bg-red-600' : 'bg-blue-700'}`} style={{ width: `${p.printing.elapsedPct}%` }} />
                  </div>
                  <p className="mt-1 text-sm text-slate-700">
                    {t('dashboard.elapsed', { pct: p.printing.elapsedPct })} · {t('dashboard.endsAt', { time: time(p.printing.endsAt) })}
                    {p.printing.overdue ? <span className="ml-1 font-semibold text-red-800">{t('dashboard.overrun')}</span> : null}
                  </p>
                </div>
              ) : null}
              {p.state === 'maintenance' ? (
                <p className="mt-2 text-sm text-amber-900">
                  {p.maintenanceUntil ? t('dashboard.maintenanceUntil', { time: time(p.maintenanceUntil) }) : <PrinterStatusBadge status={p.status} />}
                </p>
              ) : null}
              <p className="mt-2 text-sm text-slate-600">
                {p.next
                  ? t('dashboard.nextJob', { reference: p.next.reference, product: p.next.productName, time: time(p.next.startsAt) })
                  : t('dashboard.noNextJob')}
              </p>
              {/* Straight to the bench view of this printer, named by what there is to do. */}
              <Link
                to={`/printers/${p.id}#bench`}
                className={buttonClass(p.printing || (p.next && p.state !== 'maintenance') ? 'primary' : 'secondary', 'mt-3 w-full break-keep')}
                data-testid="printer-now-action"
              >
                {p.printing ? t('printers.bench.record') : p.next && p.state !== 'maintenance' ? `▶ ${t('printers.bench.start')}` : t('printers.bench.open')}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Card>
  )
}

/** Printers with maintenance overdue or due soon, one badge per kind of maintenance. */
export function MaintenanceAlerts({ data }: { data: DashboardData }) {
  const t = useT()
  const due = data.printers.filter((p) => p.due.overdue + p.due.dueSoon > 0)
  return (
    <Card>
      <h2 className="mb-2 text-lg font-semibold">{t('dashboard.maintenanceTitle')}</h2>
      {due.length === 0 ? (
        <p className="text-slate-600" data-testid="maintenance-alerts-empty">
          {t('dashboard.maintenanceNone')}
        </p>
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="maintenance-alerts">
          {due.map((p) => (
            <li key={p.id} className="py-2">
              <Link to={`/printers/${p.id}`} className="inline-flex min-h-touch items-center font-semibold text-blue-800 underline">
                {p.assetId} · {p.name}
              </Link>
              <div className="mt-1 flex flex-wrap gap-2">
                {p.due.items.map((i) => (
                  <DueBadge key={i.type} status={i.status}>
                    {t(`printers.type.${i.type}`)} · {t(`printers.due.${i.status}`)}
                  </DueBadge>
                ))}
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  )
}
