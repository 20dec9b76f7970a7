import { getCollectionProps, getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { z } from 'zod'
import { BackToSchedule } from '~/components/schedule/back-link'
import { NextSlotForm, type SlotSuggestion } from '~/components/schedule/next-slot-form'
import { problemError, suggestedStart, type Problem } from '~/components/schedule/problems'
import { keyed, resultFor } from '~/utils/forms'
import { Button } from '~/components/ui/button'
import { Field, FormErrors, SelectField } from '~/components/ui/field'
import { Badge, Card, PageHeader } from '~/components/ui/layout'
import { gramsNumericToMg, materialColourKey, mgToGramsString } from '~/domain/inventory'
import { plannedGramsMg } from '~/domain/scheduling/output'
import type { MessageKey } from '~/i18n'
import { listSpools } from '~/models/inventory/spools.server'
import { listPrinters } from '~/models/printers/printers.server'
import { cancelJob, moveJob, setJobLocked, startJob } from '~/models/scheduling/job-edits.server'
import type { JobResult } from '~/models/scheduling/job-guard.server'
import { correctJob, finishJob } from '~/models/scheduling/job-output.server'
import { getJob, type JobView } from '~/models/scheduling/job-queries.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { parseDateTimeLocal } from '~/utils/datetime'
import { env } from '~/utils/env.server'
import { formatDate, formatDateTime, formatGrams, formatWallClock } from '~/utils/format'
import { getTranslator } from '~/utils/i18n.server'
import { useLocale, useT } from '~/utils/i18n'
import { can, type Permission } from '~/utils/permissions'
import { readForm } from '~/utils/request.server'
import { noNul } from '~/utils/text'
import { redirectWithToast } from '~/utils/toast.server'
import { useIsPending } from '~/utils/use-is-pending'
import { ConfirmStep } from '~/components/ui/confirm'
import { LockIcon } from '~/components/ui/icons'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

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
    plannedMg: plannedGramsMg(job),
    spools: spools.map((s) => ({ id: s.id, brand: s.brand, batch: s.batch, remainingMg: s.remainingMg })),
    printers: printers.map((p) => ({ id: p.id, label: `${p.assetId} · ${p.name}` })),
    startValue: formatWallClock(new Date(job.startsAt).getTime(), timeZone).slice(0, 16),
    timeZone,
    canRecord,
    canPlan,
  }
}

const version = z.number(keyed('error.badRequest')).int().nonnegative()
const count = z.number(keyed('schedule.error.output_whole')).int().min(0)
// The model checks good + scrap against the plate and the grams against the spools (output_above_plate, invalid_grams …).
const output = {
  outcome: z.enum(['done', 'failed'], keyed('error.badRequest')).default('done'),
  goodUnits: count,
  scrapUnits: count.optional().default(0),
  grams: z.string(keyed('schedule.error.invalid_grams')).max(20).optional().default(''),
}
const FinishSchema = z.object({
  intent: z.literal('finish'),
  version,
  ...output,
  spoolId: z.string(keyed('schedule.error.unknown_spool')).max(40).optional().default(''),
  note: z.string(keyed('error.badRequest')).max(500).refine(...noNul).optional().default(''),
})
const CorrectSchema = z.object({ intent: z.literal('correct'), version, ...output })
const MoveSchema = z.object({
  intent: z.literal('move'),
  version,
  printerId: z.string(keyed('schedule.error.unknown_printer')).max(40).optional().default(''),
  start: z.string(keyed('schedule.error.start')).max(40),
  /** A new end (a resize); empty: the job keeps its length. */
  end: z.string(keyed('schedule.error.start')).max(40).optional().default(''),
})
const Action = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('start'), version }),
    FinishSchema,
    CorrectSchema,
    z.object({ intent: z.literal('lock'), version }),
    z.object({ intent: z.literal('unlock'), version }),
    z.object({ intent: z.literal('cancel'), version }),
    MoveSchema,
  ],
  keyed('error.badRequest'),
)

const permissionOf: Record<string, Permission> = { start: 'production:record', finish: 'production:record', correct: 'production:record' }

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request)
  const user = await requireUser(request, permissionOf[String(form.get('intent') ?? '')] ?? 'schedule:plan')
  const id = params.jobId ?? ''
  const submission = parseWithZod(form, { schema: Action })
  // Every answer but a redirect carries `current`: the job as it is now after a conflict (null otherwise), and
  // `suggestion`: the same move at the next free start when the time was refused (null otherwise).
  const reply = (status: number, options?: Parameters<typeof submission.reply>[0], current: JobView | null = null, suggestion: SlotSuggestion | null = null) =>
    data({ ...submission.reply(options), current, suggestion }, { status })
  if (submission.status !== 'success') return reply(400)
  const { t, locale } = await getTranslator(request)
  const timeZone = env().SHOP_TIME_ZONE
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
      if (!start) return reply(400, { fieldErrors: { start: ['schedule.error.start'] } })
      const end = v.end ? parseDateTimeLocal(v.end, timeZone) : null
      if (v.end && !end) return reply(400, { fieldErrors: { end: ['schedule.error.start'] } })
      result = await moveJob(actor, id, v.version, { printerId: v.printerId, start, end: end ?? undefined, now })
      break
    }
  }
  if (!result.ok) {
    const p = result.problem
    if (p.code === 'not_found') throw new Response('Job not found', { status: 404 })
    const { field, message } = problemError(t, p as Problem, { locale, timeZone })
    if (p.code === 'conflict') return reply(409, { fieldErrors: { [field]: [message] } }, p.current)
    const next = v.intent === 'move' ? suggestedStart(p as Problem) : null
    const suggestion = next && v.intent === 'move' ? { fields: { version: String(v.version), printerId: v.printerId, start: formatWallClock(next.getTime(), timeZone).slice(0, 16) }, label: formatDateTime(next, timeZone) } : null
    return reply(400, { fieldErrors: { [field]: [message] } }, null, suggestion)
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

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>
type Job = Loaded['job']
type Result = SubmissionResult<string[]> | undefined

const statusTone = { planned: 'blue', printing: 'green', done: 'slate', failed: 'red', cancelled: 'slate' } as const
/** The intents whose form is a conform form (it shows its own errors); the others are buttons only. */
const FORMS = ['finish', 'correct', 'move']

export default function JobPage() {
  const loaded = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const current = actionData?.current ?? null
  const job = current ?? loaded.job
  // After a conflict the forms start over from the job as it is now and the message stands above them.
  const result = current ? undefined : actionData
  const intent = String(actionData?.initialValue?.intent ?? '')
  const pageErrors = current || !FORMS.includes(intent) ? actionData?.error?.[''] : undefined
  const { canRecord, canPlan } = loaded
  const suggestion = current ? null : (actionData?.suggestion ?? null)
  return (
    <>
      <PageHeader title={t('schedule.job.title', { reference: job.orderReference })} actions={<BackToSchedule week={formatDate(job.startsAt, loaded.timeZone)} />} />
      <div className="grid gap-6 lg:grid-cols-3" key={job.version}>
        <JobFacts job={job} loaded={loaded} />
        <div className="space-y-6 lg:col-span-2">
          <FormErrors errors={pageErrors} />
          {canRecord && job.status === 'planned' ? (
            <Card>
              <VersionForm version={job.version}>
                {(busy) => (
                  <Button type="submit" name="intent" value="start" disabled={busy} className="w-full sm:w-auto">
                    ▶ {t('schedule.job.start')}
                  </Button>
                )}
              </VersionForm>
            </Card>
          ) : null}
          {canRecord && job.status === 'printing' ? <OutputForm intent="finish" job={job} loaded={loaded} lastResult={resultFor(result, 'finish')} /> : null}
          {canRecord && (job.status === 'done' || job.status === 'failed') ? <OutputForm intent="correct" job={job} loaded={loaded} lastResult={resultFor(result, 'correct')} /> : null}
          {canPlan && job.status === 'planned' ? (
            <Card className="space-y-4">
              <MoveForm job={job} loaded={loaded} lastResult={resultFor(result, 'move')} />
              {suggestion ? <NextSlotForm suggestion={suggestion} intent="move" /> : null}
              <p className="break-keep text-sm font-medium text-slate-800" data-testid="lock-state">
                {t(job.locked ? 'schedule.lock.on' : 'schedule.lock.off')}
              </p>
              <VersionForm version={job.version} className="flex flex-wrap gap-2 border-t border-slate-200 pt-4">
                {(busy) => (
                  <>
                    {job.locked ? (
                      <Button type="submit" name="intent" value="unlock" variant="secondary" disabled={busy}>
                        {t('schedule.job.unlock')}
                      </Button>
                    ) : (
                      <Button type="submit" name="intent" value="lock" variant="secondary" disabled={busy}>
                        <LockIcon /> {t('schedule.job.lock')}
                      </Button>
                    )}
                    <ConfirmStep label={t('schedule.job.cancel')} question={t('schedule.job.cancelQuestion')} testId="confirm-cancel">
                      <Button type="submit" name="intent" value="cancel" variant="danger" disabled={busy}>
                        {t('schedule.job.cancelConfirm')}
                      </Button>
                    </ConfirmStep>
                  </>
                )}
              </VersionForm>
            </Card>
          ) : null}
        </div>
      </div>
    </>
  )
}

function JobFacts({ job, loaded }: { job: Job; loaded: Loaded }) {
  const t = useT()
  const locale = useLocale()
  const fmt = (d: Date | string | null) => (d ? formatDateTime(d, loaded.timeZone) : '—')
  const facts: Array<[string, ReactNode]> = [
    [
      t('schedule.col.order'),
      <Link key="order" to={`/orders/${job.orderId}`} className="font-semibold text-blue-800 underline">
        {job.orderReference}
      </Link>,
    ],
    [t('schedule.col.product'), job.productName],
    [
      t('schedule.col.printer'),
      <Link key="printer" to={`/printers/${job.printerId}`} className="text-blue-800 underline">
        {job.printerAssetId} · {job.printerName}
      </Link>,
    ],
    [t('schedule.col.start'), fmt(job.startsAt)],
    [t('schedule.col.end'), fmt(job.endsAt)],
    [t('schedule.col.units'), `${job.units} / ${job.unitsPerPlate}`],
    [
      t('schedule.job.filament'),
      <span key="filament" className="flex items-center gap-1">
        <span aria-hidden className="inline-block h-3 w-3 rounded-full ring-1 ring-slate-300" style={{ background: job.colourHex ?? '#e2e8f0' }} />
        {job.material} {job.colour}
      </span>,
    ],
    [t('schedule.job.plannedGrams'), formatGrams(locale, loaded.plannedMg)],
  ]
  const actuals: Array<[string, ReactNode]> = [
    [t('schedule.job.actualStart'), fmt(job.actualStart)],
    [t('schedule.job.actualEnd'), fmt(job.actualEnd)],
    ...(job.goodUnits !== null
      ? ([
          [t('schedule.job.good'), job.goodUnits],
          [t('schedule.job.scrap'), job.scrapUnits],
          [t('schedule.job.grams'), job.gramsUsed === null ? '—' : formatGrams(locale, gramsNumericToMg(job.gramsUsed), { unit: false })],
        ] satisfies Array<[string, ReactNode]>)
      : []),
  ]
  return (
    <Card className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={statusTone[job.status]}>
          <span data-testid="job-status">{t(`schedule.status.${job.status}`)}</span>
        </Badge>
        {job.locked ? <Badge tone="amber">
            <LockIcon /> {t('schedule.locked')}
          </Badge> : null}
        <span className="text-sm text-slate-600">{t(`schedule.job.source.${job.source === 'manual' ? 'manual' : 'auto'}`)}</span>
      </div>
      <Facts items={facts} />
      {job.actualStart ? (
        <Facts items={actuals} testId="job-actuals" className="border-t border-slate-200 pt-3">
          {job.finishedByName ? <dd className="col-span-2 text-slate-600">{t('schedule.job.finishedBy', { name: job.finishedByName })}</dd> : null}
        </Facts>
      ) : null}
    </Card>
  )
}

function Facts({ items, testId, className = '', children }: { items: Array<[string, ReactNode]>; testId?: string; className?: string; children?: ReactNode }) {
  return (
    <dl className={`grid grid-cols-2 gap-2 text-sm ${className}`} data-testid={testId}>
      {items.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-slate-600">{label}</dt>
          <dd className="tabular-nums">{value}</dd>
        </div>
      ))}
      {children}
    </dl>
  )
}

/** A form of buttons only (start, lock, unlock, cancel): the job's version and the pressed intent. */
function VersionForm({ version, className, children }: { version: number; className?: string; children: (busy: boolean) => ReactNode }) {
  const busy = useIsPending()
  return (
    <Form method="post" className={className}>
      <input type="hidden" name="version" value={version} />
      {children(busy)}
    </Form>
  )
}

/** Record output of a printing job (finish) or correct a finished one: result, good and scrap units, grams used. */
function OutputForm({ intent, job, loaded, lastResult }: { intent: 'finish' | 'correct'; job: Job; loaded: Loaded; lastResult: Result }) {
  const t = useT()
  const locale = useLocale()
  const busy = useIsPending()
  const saving = useIsPending({ intent })
  const finishing = intent === 'finish'
  const plannedGrams = mgToGramsString(loaded.plannedMg)
  const [form, fields] = useForm<z.input<typeof FinishSchema>>({
    defaultNoValidate: false,
    id: intent,
    lastResult,
    constraint: getZodConstraint(finishing ? FinishSchema : CorrectSchema),
    defaultValue: finishing
      ? { version: job.version, outcome: 'done', goodUnits: job.units, scrapUnits: 0, grams: plannedGrams, spoolId: '', note: job.note }
      : { version: job.version, outcome: job.status === 'failed' ? 'failed' : 'done', goodUnits: job.goodUnits ?? 0, scrapUnits: job.scrapUnits ?? 0, grams: job.gramsUsed ?? '' },
  })
  return (
    <Card>
      <h2 className="mb-3 text-lg font-semibold">{t(`schedule.job.${intent}`)}</h2>
      <Form method="post" className="space-y-4" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input {...getInputProps(fields.version, { type: 'hidden' })} />
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">{t('schedule.job.outcome')}</legend>
          <div className="mt-1 flex gap-4">
            {getCollectionProps(fields.outcome, { type: 'radio', options: ['done', 'failed'] }).map(({ key, ...radio }) => (
              <label key={key} className="flex min-h-touch items-center gap-2">
                <input {...radio} className="h-5 w-5" />
                {t(`schedule.job.outcome.${radio.value as 'done' | 'failed'}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="grid grid-cols-2 gap-3">
          {/* The plate's size bounds each count in the browser; the model checks good + scrap against it. */}
          <Field label={t('schedule.job.good')} inputMode="numeric" max={job.unitsPerPlate} errors={fields.goodUnits.errors} {...getInputProps(fields.goodUnits, { type: 'number' })} />
          <Field label={t('schedule.job.scrap')} inputMode="numeric" max={job.unitsPerPlate} errors={fields.scrapUnits.errors} {...getInputProps(fields.scrapUnits, { type: 'number' })} />
        </div>
        <Field
          label={t('schedule.job.grams')}
          inputMode="decimal"
          hint={t('schedule.job.gramsHint', { grams: formatGrams(locale, loaded.plannedMg, { unit: false }) })}
          errors={fields.grams.errors}
          {...getInputProps(fields.grams, { type: 'text' })}
        />
        {finishing ? (
          <>
            <SelectField
              label={t('schedule.job.spool')}
              options={[
                { value: '', label: t('schedule.job.spoolFifo') },
                ...loaded.spools.map((s) => ({ value: s.id, label: `${s.brand} · ${s.batch} · ${formatGrams(locale, s.remainingMg)}` })),
              ]}
              errors={fields.spoolId.errors}
              {...getSelectProps(fields.spoolId)}
            />
            <Field label={t('schedule.job.note')} errors={fields.note.errors} {...getInputProps(fields.note, { type: 'text' })} />
          </>
        ) : null}
        <Button type="submit" name="intent" value={intent} variant={finishing ? 'primary' : 'secondary'} disabled={busy}>
          {finishing && saving ? t('common.saving') : t(`schedule.job.${intent}`)}
        </Button>
      </Form>
    </Card>
  )
}

/** Move a planned job to another printer or time (it is locked there). */
function MoveForm({ job, loaded, lastResult }: { job: Job; loaded: Loaded; lastResult: Result }) {
  const t = useT()
  const busy = useIsPending()
  const [form, fields] = useForm<z.input<typeof MoveSchema>>({
    defaultNoValidate: false,
    id: 'move',
    lastResult,
    constraint: getZodConstraint(MoveSchema),
    defaultValue: { version: job.version, printerId: job.printerId, start: loaded.startValue },
  })
  return (
    <Form method="post" className="space-y-3" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input {...getInputProps(fields.version, { type: 'hidden' })} />
      {/* Two columns at most: a date-and-time field needs ~16 rem to show in full on a tablet. */}
      <div className="grid gap-3 sm:grid-cols-2 sm:items-start">
        <SelectField label={t('schedule.new.printer')} options={loaded.printers.map((p) => ({ value: p.id, label: p.label }))} errors={fields.printerId.errors} {...getSelectProps(fields.printerId)} />
        <Field label={t('schedule.new.start')} errors={fields.start.errors} {...getInputProps(fields.start, { type: 'datetime-local' })} />
        <Field label={t('schedule.move.end')} errors={fields.end.errors} {...getInputProps(fields.end, { type: 'datetime-local' })} />
      </div>
      <Button type="submit" name="intent" value="move" variant="secondary" disabled={busy}>
        {t('schedule.job.move')}
      </Button>
      <p className="text-sm text-slate-600">{t('schedule.job.moveHint')}</p>
    </Form>
  )
}
