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
import { Badge, Card, PageHeader } from '~/components/ui/layout'
import { materialColourKey, mgToGramsString } from '~/domain/inventory'
import { isMessageKey, type MessageKey } from '~/i18n'
import { listSpools } from '~/models/inventory/spools.server'
import { listPrinters } from '~/models/printers/printers.server'
import { cancelJob, moveJob, setJobLocked, startJob } from '~/models/scheduling/job-edits.server'
import { correctJob, finishJob } from '~/models/scheduling/job-output.server'
import { getJob } from '~/models/scheduling/job-queries.server'
import { plannedGramsMg } from '~/domain/scheduling/output'
import { type JobResult } from '~/models/scheduling/job-guard.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { parseDateTimeLocal } from '~/utils/datetime'
import { env } from '~/utils/env.server'
import { getTranslator } from '~/utils/i18n.server'
import { useLocale, useT } from '~/utils/i18n'
import { can, type Permission } from '~/utils/permissions'
import { readForm } from '~/utils/request.server'
import { noNul } from '~/utils/text'
import { redirectWithToast } from '~/utils/toast.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'schedule:read')
  const job = await getJob(params.jobId ?? '')
  if (!job) throw new Response('Job not found', { status: 404 })
  const canRecord = can(user.role, 'production:record')
  const canPlan = can(user.role, 'schedule:plan')
  const key = materialColourKey(job.material, job.colour)
  const spools = canRecord ? (await listSpools({ status: 'active' })).filter((s) => materialColourKey(s.material, s.colourName) === key) : []
  const printers = canPlan && job.status === 'planned' ? (await listPrinters()).filter((p) => p.status !== 'retired') : []
  const timeZone = env().SHOP_TIME_ZONE
  return {
    job,
    plannedGrams: mgToGramsString(plannedGramsMg(job)),
    spools: spools.map((s) => ({ id: s.id, label: `${s.brand} · ${s.batch} · ${mgToGramsString(s.remainingMg)} g` })),
    printers: printers.map((p) => ({ id: p.id, label: `${p.assetId} · ${p.name}` })),
    startValue: formatWallClock(new Date(job.startsAt).getTime(), timeZone).slice(0, 16),
    timeZone,
    canRecord,
    canPlan,
  }
}

const version = z.number().int().nonnegative()
const count = z.number({ invalid_type_error: 'x' }).int().min(0).optional().default(0)
const output = { outcome: z.enum(['done', 'failed']).default('done'), goodUnits: count, scrapUnits: count, grams: z.string().max(20).optional().default('') }
const Action = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('start'), version }),
  z.object({ intent: z.literal('finish'), version, ...output, spoolId: z.string().max(40).optional().default(''), note: z.string().max(500).refine(...noNul).optional().default('') }),
  z.object({ intent: z.literal('correct'), version, ...output }),
  z.object({ intent: z.literal('lock'), version }),
  z.object({ intent: z.literal('unlock'), version }),
  z.object({ intent: z.literal('cancel'), version }),
  z.object({ intent: z.literal('move'), version, printerId: z.string().max(40).optional().default(''), start: z.string().max(40).optional().default('') }),
])

const permissionOf: Record<string, Permission> = { start: 'production:record', finish: 'production:record', correct: 'production:record' }

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request)
  const intent = String(form.get('intent') ?? '')
  const user = await requireUser(request, permissionOf[intent] ?? 'schedule:plan')
  const id = params.jobId ?? ''
  const { t, locale } = await getTranslator(request)
  const timeZone = env().SHOP_TIME_ZONE
  const fail = (status: number, errors: Record<string, string[]>, current: Awaited<ReturnType<typeof getJob>> = null) =>
    data({ intent, errors, values: Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)])), current }, { status })
  const submission = parseWithZod(form, { schema: Action })
  if (submission.status !== 'success') {
    const errors: Record<string, string[]> = {}
    for (const [field, messages] of Object.entries(submission.error ?? {})) {
      // A schema message that is a message key (the note's NUL check) is the field's error; the rest by field.
      const own = messages?.[0]
      const key: MessageKey =
        own && isMessageKey(own)
          ? own
          : field === 'goodUnits' || field === 'scrapUnits' ? 'schedule.error.output_above_plate' : field === 'start' ? 'schedule.error.start' : field === 'grams' ? 'schedule.error.invalid_grams' : 'error.badRequest'
      errors[field] = [t(key, { max: '?' })]
    }
    return fail(400, errors)
  }
  const v = submission.value
  const actor = actorOf(user, request)
  const now = new Date()
  let result: JobResult
  switch (v.intent) {
    case 'start':
      result = await startJob(actor, id, v.version, now)
      break
    case 'finish':
      result = await finishJob(actor, id, v.version, { outcome: v.outcome, goodUnits: v.goodUnits, scrapUnits: v.scrapUnits, grams: v.grams, spoolId: v.spoolId || null, note: v.note }, now)
      break
    case 'correct':
      result = await correctJob(actor, id, v.version, { outcome: v.outcome, goodUnits: v.goodUnits, scrapUnits: v.scrapUnits, grams: v.grams })
      break
    case 'lock':
    case 'unlock':
      result = await setJobLocked(actor, id, v.version, v.intent === 'lock')
      break
    case 'cancel':
      result = await cancelJob(actor, id, v.version)
      break
    case 'move': {
      const start = parseDateTimeLocal(v.start, timeZone)
      if (!start) return fail(400, { start: [t('schedule.error.start')] })
      result = await moveJob(actor, id, v.version, { printerId: v.printerId, start, now })
      break
    }
  }
  if (!result.ok) {
    const p = result.problem
    if (p.code === 'not_found') throw new Response('Job not found', { status: 404 })
    const { field, message } = problemError(t, p as Problem, (d) => formatDateTime(locale, d, timeZone))
    return fail(p.code === 'conflict' ? 409 : 400, { [field]: [message] }, p.code === 'conflict' ? p.current : null)
  }
  const n = result.notice ?? {}
  const toast = ((): { key: MessageKey; params?: Record<string, number> } => {
    switch (v.intent) {
      case 'start':
        return n.released ? { key: 'schedule.job.startedReleased', params: { count: Number(n.released) } } : { key: 'schedule.job.started' }
      case 'finish':
        if (Number(n.surplus) > 0) return { key: 'schedule.job.finishedSurplus', params: { surplus: Number(n.surplus) } }
        if (Number(n.removed) + Number(n.shrunk) > 0) return { key: 'schedule.job.finishedReduced', params: { removed: Number(n.removed), shrunk: Number(n.shrunk) } }
        return { key: 'schedule.job.finished', params: { good: v.goodUnits, scrap: v.scrapUnits } }
      case 'correct':
        return Number(n.surplusDeficit) > 0 ? { key: 'schedule.job.correctedDeficit', params: { count: Number(n.surplusDeficit) } } : { key: 'schedule.job.corrected' }
      case 'lock':
        return { key: 'schedule.job.locked' }
      case 'unlock':
        return { key: 'schedule.job.unlocked' }
      case 'cancel':
        return { key: 'schedule.job.cancelled' }
      case 'move':
        return { key: 'schedule.job.moved' }
    }
  })()
  return redirectWithToast(`/schedule/jobs/${id}`, { type: 'success', ...toast })
}

const statusTone = { planned: 'blue', printing: 'green', done: 'slate', failed: 'red', cancelled: 'slate' } as const

export default function JobPage() {
  const loaded = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const locale = useLocale()
  const busy = useNavigation().state === 'submitting'
  const job = actionData?.current ?? loaded.job
  const { canRecord, canPlan, timeZone } = loaded
  const fmt = (d: Date | string | null) => (d ? formatDateTime(locale, new Date(d), timeZone) : '—')
  const errors = (actionData?.errors ?? {}) as Record<string, string[] | undefined>
  const values = (actionData && !actionData.current ? actionData.values : {}) as Record<string, string | undefined>
  const mine = (intent: string) => actionData?.intent === intent
  const outputFields = (intent: 'finish' | 'correct') => (
    <>
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">{t('schedule.job.outcome')}</legend>
        <div className="mt-1 flex gap-4">
          {(['done', 'failed'] as const).map((o) => (
            <label key={o} className="flex min-h-touch items-center gap-2">
              <input type="radio" name="outcome" value={o} defaultChecked={(mine(intent) ? values.outcome : intent === 'correct' ? job.status : 'done') === o} className="h-5 w-5" />
              {t(`schedule.job.outcome.${o}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="grid grid-cols-2 gap-3">
        <Field
          label={t('schedule.job.good')}
          name="goodUnits"
          type="number"
          inputMode="numeric"
          min={0}
          max={job.unitsPerPlate}
          required
          defaultValue={mine(intent) ? values.goodUnits : String(intent === 'correct' ? (job.goodUnits ?? 0) : job.units)}
          errors={mine(intent) ? errors.goodUnits : undefined}
        />
        <Field
          label={t('schedule.job.scrap')}
          name="scrapUnits"
          type="number"
          inputMode="numeric"
          min={0}
          max={job.unitsPerPlate}
          defaultValue={mine(intent) ? values.scrapUnits : String(intent === 'correct' ? (job.scrapUnits ?? 0) : 0)}
          errors={mine(intent) ? errors.scrapUnits : undefined}
        />
      </div>
      <Field
        label={t('schedule.job.grams')}
        name="grams"
        inputMode="decimal"
        defaultValue={mine(intent) ? values.grams : intent === 'correct' ? (job.gramsUsed ?? '') : loaded.plannedGrams}
        hint={t('schedule.job.gramsHint', { grams: loaded.plannedGrams })}
        errors={mine(intent) ? errors.grams : undefined}
      />
    </>
  )
  return (
    <>
      <PageHeader
        title={t('schedule.job.title', { reference: job.orderReference })}
        actions={
          <Link to={`/schedule?start=${formatWallClock(new Date(job.startsAt).getTime(), timeZone).slice(0, 10)}`} className={buttonClass('ghost')}>
            {t('schedule.job.back')}
          </Link>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3" key={job.version}>
        <Card className="space-y-3">
          <div className="flex flex-wrap items-center gap-2">
            <Badge tone={statusTone[job.status]}>
              <span data-testid="job-status">{t(`schedule.status.${job.status}`)}</span>
            </Badge>
            {job.locked ? <Badge tone="amber">🔒 {t('schedule.locked')}</Badge> : null}
            <span className="text-sm text-slate-600">{t(`schedule.job.source.${job.source === 'manual' ? 'manual' : 'auto'}`)}</span>
          </div>
          <dl className="grid grid-cols-2 gap-2 text-sm">
            <dt className="text-slate-600">{t('schedule.col.order')}</dt>
            <dd>
              <Link to={`/orders/${job.orderId}`} className="font-semibold text-blue-800 underline">
                {job.orderReference}
              </Link>
            </dd>
            <dt className="text-slate-600">{t('schedule.col.product')}</dt>
            <dd>{job.productName}</dd>
            <dt className="text-slate-600">{t('schedule.col.printer')}</dt>
            <dd>
              <Link to={`/printers/${job.printerId}`} className="text-blue-800 underline">
                {job.printerAssetId} · {job.printerName}
              </Link>
            </dd>
            <dt className="text-slate-600">{t('schedule.col.start')}</dt>
            <dd>{fmt(job.startsAt)}</dd>
            <dt className="text-slate-600">{t('schedule.col.end')}</dt>
            <dd>{fmt(job.endsAt)}</dd>
            <dt className="text-slate-600">{t('schedule.col.units')}</dt>
            <dd className="tabular-nums">
              {job.units} / {job.unitsPerPlate}
            </dd>
            <dt className="text-slate-600">{t('schedule.job.filament')}</dt>
            <dd className="flex items-center gap-1">
              <span aria-hidden className="inline-block h-3 w-3 rounded-full ring-1 ring-slate-300" style={{ background: job.colourHex ?? '#e2e8f0' }} />
              {job.material} {job.colour}
            </dd>
            <dt className="text-slate-600">{t('schedule.job.plannedGrams')}</dt>
            <dd className="tabular-nums">{loaded.plannedGrams} g</dd>
          </dl>
          {job.actualStart ? (
            <dl className="grid grid-cols-2 gap-2 border-t border-slate-200 pt-3 text-sm" data-testid="job-actuals">
              <dt className="text-slate-600">{t('schedule.job.actualStart')}</dt>
              <dd>{fmt(job.actualStart)}</dd>
              <dt className="text-slate-600">{t('schedule.job.actualEnd')}</dt>
              <dd>{fmt(job.actualEnd)}</dd>
              {job.goodUnits !== null ? (
                <>
                  <dt className="text-slate-600">{t('schedule.job.good')}</dt>
                  <dd className="tabular-nums">{job.goodUnits}</dd>
                  <dt className="text-slate-600">{t('schedule.job.scrap')}</dt>
                  <dd className="tabular-nums">{job.scrapUnits}</dd>
                  <dt className="text-slate-600">{t('schedule.job.grams')}</dt>
                  <dd className="tabular-nums">{job.gramsUsed}</dd>
                </>
              ) : null}
              {job.finishedByName ? <dd className="col-span-2 text-slate-600">{t('schedule.job.finishedBy', { name: job.finishedByName })}</dd> : null}
            </dl>
          ) : null}
        </Card>
        <div className="space-y-6 lg:col-span-2">
          <FormErrors errors={errors['']} />
          {canRecord && job.status === 'planned' ? (
            <Card>
              <Form method="post">
                <input type="hidden" name="version" value={job.version} />
                <Button type="submit" name="intent" value="start" disabled={busy} className="w-full sm:w-auto">
                  ▶ {t('schedule.job.start')}
                </Button>
              </Form>
            </Card>
          ) : null}
          {canRecord && job.status === 'printing' ? (
            <Card>
              <h2 className="mb-3 text-lg font-semibold">{t('schedule.job.finish')}</h2>
              <Form method="post" className="space-y-4">
                <input type="hidden" name="version" value={job.version} />
                {outputFields('finish')}
                <SelectField
                  label={t('schedule.job.spool')}
                  name="spoolId"
                  defaultValue={mine('finish') ? values.spoolId : ''}
                  options={[{ value: '', label: t('schedule.job.spoolFifo') }, ...loaded.spools.map((s) => ({ value: s.id, label: s.label }))]}
                  errors={mine('finish') ? errors.spoolId : undefined}
                />
                <Field label={t('schedule.job.note')} name="note" maxLength={500} defaultValue={mine('finish') ? values.note : job.note} />
                <Button type="submit" name="intent" value="finish" disabled={busy}>
                  {busy ? t('common.saving') : t('schedule.job.finish')}
                </Button>
              </Form>
            </Card>
          ) : null}
          {canRecord && (job.status === 'done' || job.status === 'failed') ? (
            <Card>
              <h2 className="mb-3 text-lg font-semibold">{t('schedule.job.correct')}</h2>
              <Form method="post" className="space-y-4">
                <input type="hidden" name="version" value={job.version} />
                {outputFields('correct')}
                <Button type="submit" name="intent" value="correct" variant="secondary" disabled={busy}>
                  {t('schedule.job.correct')}
                </Button>
              </Form>
            </Card>
          ) : null}
          {canPlan && job.status === 'planned' ? (
            <Card className="space-y-4">
              <Form method="post" className="grid gap-3 sm:grid-cols-3 sm:items-end">
                <input type="hidden" name="version" value={job.version} />
                <SelectField
                  label={t('schedule.new.printer')}
                  name="printerId"
                  defaultValue={mine('move') ? values.printerId : job.printerId}
                  options={loaded.printers.map((p) => ({ value: p.id, label: p.label }))}
                  errors={mine('move') ? errors.printerId : undefined}
                />
                <Field
                  label={t('schedule.new.start')}
                  name="start"
                  type="datetime-local"
                  required
                  defaultValue={mine('move') ? values.start : loaded.startValue}
                  errors={mine('move') ? errors.start : undefined}
                />
                <Button type="submit" name="intent" value="move" variant="secondary" disabled={busy}>
                  {t('schedule.job.move')}
                </Button>
                <p className="text-sm text-slate-600 sm:col-span-3">{t('schedule.job.moveHint')}</p>
              </Form>
              <Form method="post" className="flex flex-wrap gap-2 border-t border-slate-200 pt-4">
                <input type="hidden" name="version" value={job.version} />
                {job.locked ? (
                  <Button type="submit" name="intent" value="unlock" variant="secondary" disabled={busy}>
                    {t('schedule.job.unlock')}
                  </Button>
                ) : (
                  <Button type="submit" name="intent" value="lock" variant="secondary" disabled={busy}>
                    🔒 {t('schedule.job.lock')}
                  </Button>
                )}
                <Button type="submit" name="intent" value="cancel" variant="danger" disabled={busy}>
                  {t('schedule.job.cancel')}
                </Button>
              </Form>
            </Card>
          ) : null}
        </div>
      </div>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
