import type { DueBadgeResult, OrderStatus } from '~/domain/orders'
import { formatPct } from '~/utils/format'
import { useLocale, useT } from '~/utils/i18n'
import { Badge } from '../ui/layout'

/** Stock / produced / remaining in one bar (widths relative to the larger of target and covered units). */
export function OrderProgressBar({
  targetQuantity,
  stockOnHand,
  producedGood,
  remaining,
  surplus,
  progressPercent,
}: {
  targetQuantity: number
  stockOnHand: number
  producedGood: number
  remaining: number
  surplus: number
  progressPercent: number
}) {
  const t = useT()
  const locale = useLocale()
  const whole = Math.max(targetQuantity, stockOnHand + producedGood, 1)
  // Two decimals are finer than a pixel of any bar, and keep the markup short.
  const pct = (n: number) => `${Math.round((n * 10_000) / whole) / 100}%`
  const legend = t('orders.progressLegend', { stock: stockOnHand, produced: producedGood, remaining, target: targetQuantity })
  return (
    <div className="min-w-40">
      <div
        className="flex h-3 w-full overflow-hidden rounded-full bg-slate-200"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={progressPercent}
        aria-label={legend}
      >
        <div className="h-full bg-sky-500" style={{ width: pct(stockOnHand) }} />
        <div className="h-full bg-green-600" style={{ width: pct(producedGood) }} />
        <div className="h-full bg-slate-200" style={{ width: pct(remaining) }} />
      </div>
      <div className="mt-1 flex flex-wrap gap-x-2 text-xs text-slate-700">
        <span>{formatPct(locale, progressPercent)}</span>
        <span>{legend}</span>
        {surplus > 0 ? <span className="font-semibold text-amber-800">{t('orders.surplus', { count: surplus })}</span> : null}
      </div>
    </div>
  )
}

const statusTone: Record<OrderStatus, 'slate' | 'blue' | 'green' | 'red'> = {
  planned: 'slate',
  in_progress: 'blue',
  completed: 'green',
  cancelled: 'red',
}

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const t = useT()
  return <Badge tone={statusTone[status]}>{t(`orders.status.${status}`)}</Badge>
}

export function DueDateBadge({ due }: { due: DueBadgeResult }) {
  const t = useT()
  if (!due.badge || due.daysUntilDue === null) return null
  if (due.badge === 'late') return <Badge tone="red">{t('orders.badge.late', { days: -due.daysUntilDue })}</Badge>
  return <Badge tone="amber">{due.daysUntilDue === 0 ? t('orders.badge.today') : t('orders.badge.due_soon', { days: due.daysUntilDue })}</Badge>
}
