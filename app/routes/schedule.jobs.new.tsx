import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { BackToSchedule } from '~/components/schedule/back-link'
import { NextSlotForm, type SlotSuggestion } from '~/components/schedule/next-slot-form'
import { problemError, suggestedStart, type Problem } from '~/components/schedule/problems'
import { keyed } from '~/utils/forms'
import { Button } from '~/components/ui/button'
import { Field, FormErrors, SelectField } from '~/components/ui/field'
import { Card, PageHeader } from '~/components/ui/layout'
import { localDate } from '~/domain/time/zoned'
import { listOrders } from '~/models/orders.server'
import { listPrinters } from '~/models/printers/printers.server'
import { createManualJob } from '~/models/scheduling/job-edits.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { parseDateTimeLocal } from '~/utils/datetime'
import { env } from '~/utils/env.server'
import { formatDateTime, formatWallClock } from '~/utils/format'
import { getTranslator } from '~/utils/i18n.server'
import { useT } from '~/utils/i18n'
import { readForm } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'
import { useIsPending } from '~/utils/use-is-pending'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, 'schedule:plan')
  const timeZone = env().SHOP_TIME_ZONE
  const now = new Date()
  const url = new URL(request.url)
  const [board, printers] = await Promise.all([listOrders({}, { sort: 'due', pageSize: 1000, today: localDate(now, timeZone) }), listPrinters()])
  const open = board.rows.filter((o) => o.status === 'planned' || o.status === 'in_progress')
  return {
    // A new job's plate quantity starts at one full plate of the order's product (fewer when less remains).
    orders: open.map((o) => ({ id: o.id, label: `${o.reference} · ${o.product.name} (${o.remaining})`, plateUnits: Math.max(1, Math.min(o.product.unitsPerPlate, o.remaining > 0 ? o.remaining : o.product.unitsPerPlate)) })),
    printers: printers.filter((p) => p.status !== 'retired').map((p) => ({ id: p.id, label: `${p.assetId} · ${p.name}` })),
    defaults: {
      orderId: url.searchParams.get('order') ?? '',
      printerId: url.searchParams.get('printer') ?? '',
      start: formatWallClock(Math.ceil(now.getTime() / 3_600_000) * 3_600_000, timeZone).slice(0, 16),
    },
  }
}

// Order, printer and start are required (the same messages the model gives for an unknown order/printer or a bad time);
// the rest of the slot (plate units, calendar, overlaps) is checked by the model against the order's product.
const NewJobSchema = z.object({
  orderId: z.string(keyed('schedule.error.unknown_order')).max(40),
  printerId: z.string(keyed('schedule.error.unknown_printer')).max(40),
  start: z.string(keyed('schedule.error.start')).max(40),
  end: z.string(keyed('schedule.error.start')).max(40).optional().default(''),
  units: z.number(keyed('schedule.error.units_whole')).int().min(1),
  locked: z.literal('on', keyed('error.badRequest')).optional(),
})

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, 'schedule:plan')
  const submission = parseWithZod(await readForm(request), { schema: NewJobSchema })
  if (submission.status !== 'success') return data({ ...submission.reply(), suggestion: null }, { status: 400 })
  const { t, locale } = await getTranslator(request)
  const timeZone = env().SHOP_TIME_ZONE
  const v = submission.value
  const start = parseDateTimeLocal(v.start, timeZone)
  const end = v.end.trim() ? parseDateTimeLocal(v.end, timeZone) : null
  if (!start || (v.end.trim() && !end)) return data({ ...submission.reply({ fieldErrors: { [start ? 'end' : 'start']: ['schedule.error.start'] } }), suggestion: null }, { status: 400 })
  const result = await createManualJob(actorOf(user, request), v.orderId, { printerId: v.printerId, start, end, units: v.units, locked: v.locked === 'on', now: new Date() })
  if (!result.ok) {
    const { field, message } = problemError(t, result.problem as Problem, { locale, timeZone })
    // The same job at the next free start (same length: an explicit end moves with it).
    const next = suggestedStart(result.problem as Problem)
    const wall = (d: Date) => formatWallClock(d.getTime(), timeZone).slice(0, 16)
    const suggestion: SlotSuggestion | null = next
      ? {
          fields: {
            orderId: v.orderId,
            printerId: v.printerId,
            start: wall(next),
            end: end ? wall(new Date(next.getTime() + (end.getTime() - start.getTime()))) : '',
            units: String(v.units),
            ...(v.locked === 'on' ? { locked: 'on' } : {}),
          },
          label: formatDateTime(next, timeZone),
        }
      : null
    return data({ ...submission.reply({ fieldErrors: { [field]: [message] } }), suggestion }, { status: 400 })
  }
  return redirectWithToast(`/schedule/jobs/${result.job.id}`, { type: 'success', key: 'schedule.job.created' })
}

export default function NewJobPage() {
  const d = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const t = useT()
  const isPending = useIsPending()
  const plateUnits = (orderId: unknown) => d.orders.find((o) => o.id === orderId)?.plateUnits ?? null
  const [form, fields] = useForm<z.input<typeof NewJobSchema>>({
    defaultNoValidate: false,
    id: 'new-job',
    lastResult,
    constraint: getZodConstraint(NewJobSchema),
    defaultValue: { ...d.defaults, units: plateUnits(d.defaults.orderId) ?? 1, locked: 'on' },
  })
  const orderUnits = plateUnits(fields.orderId.value)
  return (
    <>
      <PageHeader title={t('schedule.new.title')} actions={<BackToSchedule />} />
      <Card className="max-w-2xl">
        {d.orders.length === 0 ? <p className="mb-3 text-slate-700">{t('schedule.new.noOrders')}</p> : null}
        <Form method="post" className="space-y-4" {...getFormProps(form)}>
          <FormErrors id={form.errorId} errors={form.errors} />
          <SelectField
            label={t('schedule.new.order')}
            options={[{ value: '', label: '—' }, ...d.orders.map((o) => ({ value: o.id, label: o.label }))]}
            errors={fields.orderId.errors}
            {...getSelectProps(fields.orderId)}
            onChange={(e) => {
              // With JavaScript, choosing an order fills in one full plate of its product (still editable).
              const units = plateUnits(e.currentTarget.value)
              if (units !== null) form.update({ name: fields.units.name, value: String(units) })
            }}
          />
          <SelectField
            label={t('schedule.new.printer')}
            options={[{ value: '', label: '—' }, ...d.printers.map((p) => ({ value: p.id, label: p.label }))]}
            errors={fields.printerId.errors}
            {...getSelectProps(fields.printerId)}
          />
          <div className="grid gap-3 sm:grid-cols-2">
            <Field label={t('schedule.new.start')} errors={fields.start.errors} {...getInputProps(fields.start, { type: 'datetime-local' })} />
            <Field label={t('schedule.new.end')} hint={t('schedule.new.endHint')} errors={fields.end.errors} {...getInputProps(fields.end, { type: 'datetime-local' })} />
          </div>
          <Field
            label={t('schedule.new.units')}
            inputMode="numeric"
            hint={orderUnits !== null ? t('schedule.new.unitsDefault', { units: orderUnits }) : undefined}
            errors={fields.units.errors}
            {...getInputProps(fields.units, { type: 'number' })}
          />
          <label className="flex min-h-touch items-center gap-2">
            <input className="h-5 w-5" {...getInputProps(fields.locked, { type: 'checkbox', value: 'on' })} />
            {t('schedule.new.locked')}
          </label>
          <Button type="submit" disabled={isPending}>
            {isPending ? t('common.saving') : t('common.create')}
          </Button>
        </Form>
        {lastResult?.suggestion ? (
          <div className="mt-4">
            <NextSlotForm suggestion={lastResult.suggestion} />
          </div>
        ) : null}
      </Card>
    </>
  )
}
