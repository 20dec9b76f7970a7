import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { formatDateTime } from '~/components/printers/format'
import { problemError, type Problem } from '~/components/schedule/problems'
import { formatWallClock } from '~/components/vibration/format'
import { Button, buttonClass } from '~/components/ui/button'
import { Field, FormErrors, SelectField } from '~/components/ui/field'
import { Card, PageHeader } from '~/components/ui/layout'
import { listOrders } from '~/models/orders.server'
import { listPrinters } from '~/models/printers/printers.server'
import { createManualJob } from '~/models/scheduling/job-edits.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { parseDateTimeLocal } from '~/utils/datetime'
import { env } from '~/utils/env.server'
import { getTranslator } from '~/utils/i18n.server'
import { useT } from '~/utils/i18n'
import { readForm } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'
import { localDate } from '~/domain/time/zoned'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, 'schedule:plan')
  const timeZone = env().SHOP_TIME_ZONE
  const now = new Date()
  const url = new URL(request.url)
  const [board, printers] = await Promise.all([listOrders({}, { sort: 'due', pageSize: 1000, today: localDate(now, timeZone) }), listPrinters()])
  const open = board.rows.filter((o) => o.status === 'planned' || o.status === 'in_progress')
  return {
    orders: open.map((o) => ({ id: o.id, label: `${o.reference} · ${o.product.name} (${o.remaining})` })),
    printers: printers.filter((p) => p.status !== 'retired').map((p) => ({ id: p.id, label: `${p.assetId} · ${p.name}` })),
    defaults: {
      orderId: url.searchParams.get('order') ?? '',
      printerId: url.searchParams.get('printer') ?? '',
      start: formatWallClock(Math.ceil(now.getTime() / 3_600_000) * 3_600_000, timeZone).slice(0, 16),
    },
  }
}

const Schema = z.object({
  orderId: z.string().max(40).optional().default(''),
  printerId: z.string().max(40).optional().default(''),
  start: z.string().max(40).optional().default(''),
  end: z.string().max(40).optional().default(''),
  units: z.number().int().min(-1e6).max(1e6).optional().default(0),
  locked: z.literal('on').optional(),
})

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, 'schedule:plan')
  const form = await readForm(request)
  const { t, locale } = await getTranslator(request)
  const timeZone = env().SHOP_TIME_ZONE
  const values = Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)]))
  const fail = (errors: Record<string, string[]>) => data({ errors, values }, { status: 400 })
  const submission = parseWithZod(form, { schema: Schema })
  if (submission.status !== 'success') return fail({ units: [t('schedule.error.units_range', { max: '…' })] })
  const v = submission.value
  const start = parseDateTimeLocal(v.start, timeZone)
  if (!start) return fail({ start: [t('schedule.error.start')] })
  let end: Date | null = null
  if (v.end.trim()) {
    end = parseDateTimeLocal(v.end, timeZone)
    if (!end) return fail({ end: [t('schedule.error.start')] })
  }
  const result = await createManualJob(actorOf(user, request), v.orderId, { printerId: v.printerId, start, end, units: v.units, locked: v.locked === 'on', now: new Date() })
  if (!result.ok) {
    const { field, message } = problemError(t, result.problem as Problem, (d) => formatDateTime(locale, d, timeZone))
    return fail({ [field]: [message] })
  }
  return redirectWithToast(`/schedule/jobs/${result.job.id}`, { type: 'success', key: 'schedule.job.created' })
}

export default function NewJobPage() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const busy = useNavigation().state === 'submitting'
  const errors = (actionData?.errors ?? {}) as Record<string, string[] | undefined>
  const values = (actionData?.values ?? {}) as Record<string, string | undefined>
  return (
    <>
      <PageHeader
        title={t('schedule.new.title')}
        actions={
          <Link to="/schedule" className={buttonClass('ghost')}>
            {t('schedule.job.back')}
          </Link>
        }
      />
      <Card className="max-w-2xl">
        {d.orders.length === 0 ? <p className="mb-3 text-slate-700">{t('schedule.new.noOrders')}</p> : null}
        <FormErrors errors={errors['']} />
        <Form method="post" className="space-y-4">
          <SelectField
            label={t('schedule.new.order')}
            name="orderId"
            required
            defaultValue={values.orderId ?? d.defaults.orderId}
            options={[{ value: '', label: '—' }, ...d.orders.map((o) => ({ value: o.id, label: o.label }))]}
            errors={errors.orderId}
          />
          <SelectField
            label={t('schedule.new.printer')}
            name="printerId"
            required
            defaultValue={values.printerId ?? d.defaults.printerId}
            options={[{ value: '', label: '—' }, ...d.printers.map((p) => ({ value: p.id, label: p.label }))]}
            errors={errors.printerId}
          />
          <div className="grid gap-3 sm:grid-cols-2">
            <Field label={t('schedule.new.start')} name="start" type="datetime-local" required defaultValue={values.start ?? d.defaults.start} errors={errors.start} />
            <Field label={t('schedule.new.end')} name="end" type="datetime-local" defaultValue={values.end ?? ''} hint={t('schedule.new.endHint')} errors={errors.end} />
          </div>
          <Field label={t('schedule.new.units')} name="units" type="number" inputMode="numeric" min={1} required defaultValue={values.units ?? '1'} errors={errors.units} />
          <label className="flex min-h-touch items-center gap-2">
            <input type="checkbox" name="locked" value="on" defaultChecked={values.locked ? values.locked === 'on' : true} className="h-5 w-5" />
            {t('schedule.new.locked')}
          </label>
          <Button type="submit" disabled={busy}>
            {busy ? t('common.saving') : t('common.create')}
          </Button>
        </Form>
      </Card>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
