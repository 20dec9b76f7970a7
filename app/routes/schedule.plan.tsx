import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { BackToSchedule } from '~/components/schedule/back-link'
import { Button, buttonClass } from '~/components/ui/button'
import { Card, PageHeader } from '~/components/ui/layout'
import { DataTable } from '~/components/ui/table'
import { DEFAULT_HORIZON_DAYS } from '~/domain/scheduling'
import type { MessageKey } from '~/i18n'
import { inventoryOutlook, plannedFilamentUse } from '~/models/inventory/outlook.server'
import { applyPlan, LOAD_WINDOW_DAYS, previewPlan } from '~/models/scheduling/plan.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { env } from '~/utils/env.server'
import { formatDateTime, formatGrams, formatPct } from '~/utils/format'
import { useLocale, useT } from '~/utils/i18n'
import { readForm } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'
import { useIsPending } from '~/utils/use-is-pending'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

/** How many changed jobs the page lists (the counts always cover everything). */
const LIST_LIMIT = 200

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, 'schedule:plan')
  const now = new Date()
  const p = await previewPlan(now)
  const kept = await plannedFilamentUse({ lockedOnly: true })
  const { outlook } = await inventoryOutlook([], now, [...kept, ...p.filamentJobs])
  const ref = (orderId: string) => p.orderRefs.get(orderId)?.reference ?? '?'
  const printer = (id: string) => p.printerNames.get(id) ?? '?'
  const product = (orderId: string) => p.productNames.get(p.orderRefs.get(orderId)?.productId ?? '') ?? '?'
  const row = (j: { orderId: string; printerId: string; start: Date; end: Date; units: number }) => ({
    order: ref(j.orderId),
    orderId: j.orderId,
    product: product(j.orderId),
    printer: printer(j.printerId),
    start: j.start,
    end: j.end,
    units: j.units,
  })
  const changes = [
    ...p.diff.added.map((j) => ({ change: 'added' as const, ...row(j) })),
    ...p.diff.moved.map((m) => ({ change: 'moved' as const, ...row(m.to), from: { start: m.from.start, end: m.from.end, printer: printer(m.from.printerId), units: m.from.units } })),
    ...p.diff.removed.map((j) => ({ change: 'removed' as const, ...row(j) })),
  ].sort((a, b) => new Date(a.start).getTime() - new Date(b.start).getTime())
  return {
    previewAt: now.getTime(),
    fingerprint: p.fingerprint,
    timeZone: env().SHOP_TIME_ZONE,
    horizonDays: DEFAULT_HORIZON_DAYS,
    loadDays: LOAD_WINDOW_DAYS,
    counts: { added: p.diff.added.length, moved: p.diff.moved.length, removed: p.diff.removed.length, unchanged: p.diff.unchanged.length, total: p.result.jobs.length },
    changes: changes.slice(0, LIST_LIMIT),
    moreChanges: Math.max(0, changes.length - LIST_LIMIT),
    late: p.result.late.map((l) => ({ order: ref(l.orderId), orderId: l.orderId, due: p.orderRefs.get(l.orderId)?.dueDate ?? '', finish: l.projectedFinish, hours: Math.ceil(l.latenessMs / 3_600_000), fullyScheduled: l.fullyScheduled })),
    unscheduled: p.result.unscheduled.map((u) => ({ order: ref(u.orderId), orderId: u.orderId, units: u.units, reason: u.reason })),
    load: p.result.load.map((l) => ({ printer: printer(l.printerId), loadPct: l.loadPct })).sort((a, b) => a.printer.localeCompare(b.printer)),
    filament: outlook.groups
      .filter((g) => g.plannedUseMg > 0)
      .map((g) => ({ key: g.key, material: g.material, colour: g.colour, colourHex: g.colourHex, status: g.status, shortfallMg: g.shortfallMg, projectedRemainingMg: g.projectedRemainingMg, runsOutOn: g.runsOutOn?.localDate ?? null })),
  }
}

const ApplySchema = z.object({
  intent: z.literal('apply'),
  fingerprint: z.string().regex(/^v1-[0-9a-f]{16}$/),
  previewAt: z.number().int().positive(),
})

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, 'schedule:plan')
  const submission = parseWithZod(await readForm(request), { schema: ApplySchema })
  if (submission.status !== 'success') return redirectWithToast('/schedule/plan', { type: 'error', key: 'schedule.plan.stale' })
  const { fingerprint, previewAt } = submission.value
  const result = await applyPlan(actorOf(user, request), new Date(previewAt), fingerprint, new Date())
  if (!result.ok) {
    const key: MessageKey = result.reason === 'expired' ? 'schedule.plan.expired' : 'schedule.plan.stale'
    return redirectWithToast('/schedule/plan', { type: 'error', key })
  }
  const changed = result.added + result.moved + result.removed
  return redirectWithToast('/schedule', changed ? { type: 'success', key: 'schedule.plan.applied', params: { added: result.added, moved: result.moved, removed: result.removed } } : { type: 'info', key: 'schedule.plan.upToDate' })
}

const changeTone = { added: 'text-green-800', moved: 'text-blue-800', removed: 'text-red-800 line-through' } as const

export default function PlanPreviewPage() {
  const d = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const busy = useIsPending({ intent: 'apply' })
  const fmt = (v: Date | string | number) => formatDateTime(v, d.timeZone)
  const hasChanges = d.counts.added + d.counts.moved + d.counts.removed > 0
  return (
    <>
      <PageHeader
        title={t('schedule.plan.title')}
        actions={
          <>
            <Link to="/schedule/plan" className={buttonClass('secondary')}>
              {t('schedule.plan.refresh')}
            </Link>
            <BackToSchedule />
          </>
        }
      />
      <p className="mb-1 text-slate-700">{t('schedule.plan.intro', { days: d.horizonDays })}</p>
      <p className="mb-1 break-keep text-slate-700">{t('schedule.plan.keepsSlots')}</p>
      <p className="mb-4 text-sm text-slate-600">{t('schedule.plan.computedAt', { time: fmt(d.previewAt) })}</p>
      <div className="mb-6 grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="plan-counts">
        {(['added', 'moved', 'removed', 'unchanged'] as const).map((k) => (
          <Card key={k} className="text-center">
            <p className="text-sm text-slate-600">{t(`schedule.plan.${k}`)}</p>
            <p className="text-3xl font-bold tabular-nums" data-testid={`count-${k}`}>
              {d.counts[k]}
            </p>
          </Card>
        ))}
      </div>
      {/* No fields to fill in: the preview's fingerprint and time, always those of the preview on screen. */}
      <Form method="post" className="mb-6">
        <input type="hidden" name="fingerprint" value={d.fingerprint} />
        <input type="hidden" name="previewAt" value={d.previewAt} />
        {hasChanges ? (
          <Button type="submit" name="intent" value="apply" disabled={busy}>
            {busy ? t('schedule.plan.applying') : t('schedule.plan.apply')}
          </Button>
        ) : (
          <p className="text-slate-700">{t('schedule.plan.noChanges')}</p>
        )}
      </Form>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <h2 className="mb-2 font-semibold">{t('schedule.plan.late')}</h2>
          {d.late.length === 0 ? (
            <p className="text-sm text-slate-700">{t('schedule.plan.noLate')}</p>
          ) : (
            <ul className="space-y-1 text-sm" data-testid="late-orders">
              {d.late.map((l) => (
                <li key={l.orderId}>
                  <Link to={`/orders/${l.orderId}`} className="font-semibold text-red-800 underline">
                    {l.order}
                  </Link>{' '}
                  {t('schedule.plan.lateBy', { due: l.due, finish: fmt(l.finish), hours: l.hours })}
                  {l.fullyScheduled ? null : ` · ${t('schedule.plan.partlyUnscheduled')}`}
                </li>
              ))}
            </ul>
          )}
          {d.unscheduled.length ? (
            <>
              <h2 className="mb-2 mt-4 font-semibold">{t('schedule.plan.unscheduled')}</h2>
              <ul className="space-y-1 text-sm" data-testid="unscheduled">
                {d.unscheduled.map((u) => (
                  <li key={u.orderId}>
                    <Link to={`/orders/${u.orderId}`} className="font-semibold text-blue-800 underline">
                      {u.order}
                    </Link>{' '}
                    {t('schedule.plan.unscheduledUnits', { units: u.units })} · {t(`schedule.reason.${u.reason}`)}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </Card>
        <Card>
          <h2 className="mb-2 font-semibold">{t('schedule.plan.filament')}</h2>
          <ul className="space-y-1 text-sm" data-testid="plan-filament">
            {d.filament.map((f) => (
              <li key={f.key} className="flex items-center gap-2">
                <span aria-hidden className="inline-block h-4 w-4 rounded-full ring-1 ring-slate-300" style={{ background: f.colourHex ?? '#e2e8f0' }} />
                <span className="font-medium">
                  {f.material} {f.colour}
                </span>
                {f.shortfallMg > 0 ? (
                  <span className="font-semibold text-red-800">{t('schedule.plan.filamentShort', { grams: formatGrams(locale, f.shortfallMg, { unit: false }), date: f.runsOutOn ?? '' })}</span>
                ) : (
                  <span className="text-green-800">{t('schedule.plan.filamentOk', { grams: formatGrams(locale, f.projectedRemainingMg, { unit: false }) })}</span>
                )}
              </li>
            ))}
          </ul>
          <h2 className="mb-2 mt-4 font-semibold">{t('schedule.plan.loadNextDays', { days: d.loadDays })}</h2>
          <ul className="space-y-1 text-sm" data-testid="plan-load">
            {d.load.map((l) => (
              <li key={l.printer} className="flex items-center gap-2">
                <span className="w-44 shrink-0 break-keep sm:w-56">{l.printer}</span>
                {l.loadPct === null ? (
                  <span className="text-slate-600">{t('schedule.plan.loadNone')}</span>
                ) : (
                  <>
                    <span className="h-2 flex-1 overflow-hidden rounded bg-slate-200">
                      <span className="block h-full bg-blue-600" style={{ width: `${Math.min(100, l.loadPct)}%` }} />
                    </span>
                    <span className="w-14 text-right tabular-nums">{formatPct(locale, Math.round(l.loadPct))}</span>
                  </>
                )}
              </li>
            ))}
          </ul>
        </Card>
      </div>
      {d.changes.length ? (
        <Card className="mt-6">
          <h2 className="mb-2 font-semibold">{t('schedule.plan.changes')}</h2>
          <DataTable
            size="sm"
            testId="plan-changes"
            rows={d.changes}
            rowKey={(_, i) => String(i)}
            columns={[
              { header: t('schedule.col.change'), cell: (c) => <span className={`font-medium ${changeTone[c.change]}`}>{t(`schedule.plan.${c.change}`)}</span> },
              { header: t('schedule.col.order'), nowrap: true, cell: (c) => c.order },
              { header: t('schedule.col.product'), cell: (c) => c.product },
              { header: t('schedule.col.printer'), cell: (c) => <FromTo from={c.change === 'moved' ? c.from.printer : null} to={c.printer} /> },
              { header: t('schedule.col.start'), cell: (c) => <FromTo from={c.change === 'moved' ? fmt(c.from.start) : null} to={fmt(c.start)} nowrap /> },
              { header: t('schedule.col.end'), cell: (c) => <FromTo from={c.change === 'moved' ? fmt(c.from.end) : null} to={fmt(c.end)} nowrap /> },
              { header: t('schedule.col.units'), numeric: true, cell: (c) => <FromTo from={c.change === 'moved' ? String(c.from.units) : null} to={String(c.units)} nowrap /> },
            ]}
          />
          {d.moreChanges ? <p className="mt-2 text-sm text-slate-600">+{d.moreChanges}</p> : null}
        </Card>
      ) : null}
    </>
  )
}

/** A moved job's value: "old → new" when it changed (old struck through), otherwise just the value. */
function FromTo({ from, to, nowrap = false }: { from: string | null; to: string; nowrap?: boolean }) {
  const t = useT()
  const keep = nowrap ? 'whitespace-nowrap' : 'break-keep'
  if (from === null || from === to) return <span className={keep}>{to}</span>
  return (
    <span className="inline-flex flex-wrap items-baseline gap-x-1" data-testid="plan-from-to">
      <span className={`${keep} text-slate-600 line-through`}>
        <span className="sr-only">{t('schedule.plan.before')} </span>
        {from}
      </span>
      <span aria-hidden>→</span>
      <span className={`${keep} font-medium`}>
        <span className="sr-only">{t('schedule.plan.after')} </span>
        {to}
      </span>
    </span>
  )
}
