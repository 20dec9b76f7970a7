import { getFormProps, getInputProps, useForm, type FieldMetadata, type FormMetadata } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { z } from 'zod'
import { gramsField, spoolInput, spoolShape, version } from '~/components/inventory/schemas'
import { spoolDefaults, SpoolFields } from '~/components/inventory/spool-fields'
import { ArchiveForm, InventoryTabs, SpoolStatusBadge, Swatch, useGrams, usageKindLabel } from '~/components/inventory/ui'
import { Button, buttonClass } from '~/components/ui/button'
import { Field, FormErrors } from '~/components/ui/field'
import { Card, PageHeader } from '~/components/ui/layout'
import { DataTable } from '~/components/ui/table'
import type { StockChangeError } from '~/domain/inventory'
import type { MessageKey } from '~/i18n'
import { changeSpool, getSpool, spoolFacets } from '~/models/inventory/spools.server'
import { changeStock, spoolUsageHistory } from '~/models/inventory/stock.server'
import { inventoryOutlook } from '~/models/inventory/outlook.server'
import { type Spool } from '~/models/inventory/shapes.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { env } from '~/utils/env.server'
import { formatDateTime, formatGrams } from '~/utils/format'
import { resultFor } from '~/utils/forms'
import { useT } from '~/utils/i18n'
import { getLocale } from '~/utils/i18n.server'
import { can } from '~/utils/permissions'
import { readForm } from '~/utils/request.server'
import { noNul } from '~/utils/text'
import { redirectWithToast } from '~/utils/toast.server'
import { useIsPending } from '~/utils/use-is-pending'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

/** One schema per form of the page; the action reads them as one union on `intent`. */
const stockChange = {
  version,
  reason: z.string().trim().max(200, 'inventory.error.reason').refine(...noNul).default(''),
}
const Weigh = z.object({
  intent: z.literal('weigh'),
  grossGrams: gramsField(),
  ...stockChange,
})
const Deduct = z.object({
  intent: z.literal('deduct'),
  grams: gramsField({ positive: true }),
  ...stockChange,
})
const Correct = z.object({
  intent: z.literal('correct'),
  remainingGrams: gramsField(),
  ...stockChange,
})
const Save = z.object({
  intent: z.literal('save'),
  version,
  ...spoolShape,
})

/** Intents of the page: weigh/deduct/correct need inventory:weigh; save/archive/restore need inventory:write. */
const SpoolAction = z.discriminatedUnion('intent', [
  Weigh,
  Deduct,
  Correct,
  Save,
  z.object({ intent: z.literal('archive'), version }),
  z.object({ intent: z.literal('restore'), version }),
])

const STOCK_INTENTS = ['weigh', 'deduct', 'correct'] as const

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'inventory:read')
  const spool = await getSpool(params.spoolId ?? '')
  if (!spool) throw new Response('Spool not found', { status: 404 })
  const [usage, facets, { outlook }] = await Promise.all([spoolUsageHistory(spool.id), spoolFacets(), inventoryOutlook()])
  const estimatedMg = outlook.spools.find((s) => s.spoolId === spool.id)?.estimatedRemainingMg ?? null
  return {
    spool,
    usage,
    facets,
    estimatedMg,
    timeZone: env().SHOP_TIME_ZONE,
    canWeigh: can(user.role, 'inventory:weigh'),
    canWrite: can(user.role, 'inventory:write'),
  }
}

/** Which field a refused stock change is about. */
function stockError(intent: string, error: StockChangeError): { field: string; key: MessageKey } {
  const field = intent === 'weigh' ? 'grossGrams' : intent === 'deduct' ? 'grams' : 'remainingGrams'
  switch (error.code) {
    case 'gross_below_tare':
      return { field, key: 'inventory.error.grossBelowTare' }
    case 'insufficient':
      return { field, key: 'inventory.error.insufficient' }
    case 'spool_empty':
      return { field, key: 'inventory.error.spoolEmpty' }
    case 'spool_archived':
      return { field: '', key: 'inventory.error.spoolArchived' }
    default:
      return { field, key: 'inventory.error.gramsNumber' }
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  // Operators may weigh, deduct and correct; editing and archiving need inventory:write (planners and admins).
  const user = await requireUser(request, 'inventory:weigh')
  const form = await readForm(request)
  const intent = String(form.get('intent') ?? '')
  if (!(STOCK_INTENTS as readonly string[]).includes(intent) && !can(user.role, 'inventory:write')) {
    throw new Response('Forbidden', { status: 403 })
  }
  const id = params.spoolId ?? ''
  if (!(await getSpool(id))) throw new Response('Spool not found', { status: 404 })
  const submission = parseWithZod(form, { schema: SpoolAction })
  if (submission.status !== 'success') return data({ result: submission.reply(), current: null as Spool | null }, { status: 400 })
  const v = submission.value
  const actor = actorOf(user, request)
  const result =
    v.intent === 'weigh'
      ? await changeStock(actor, id, v.version, { kind: 'weigh', grossMg: v.grossGrams, reason: v.reason })
      : v.intent === 'deduct'
        ? await changeStock(actor, id, v.version, { kind: 'deduct', amountMg: v.grams, reason: v.reason })
        : v.intent === 'correct'
          ? await changeStock(actor, id, v.version, { kind: 'correct', remainingMg: v.remainingGrams, reason: v.reason })
          : v.intent === 'save'
            ? await changeSpool(actor, id, v.version, { edit: spoolInput(v) })
            : await changeSpool(actor, id, v.version, { archived: v.intent === 'archive' })
  if (!result.ok) {
    if (result.reason === 'not_found') throw new Response('Spool not found', { status: 404 })
    if (result.reason === 'conflict') {
      return data({ result: submission.reply({ formErrors: ['inventory.error.conflict'] }), current: result.current }, { status: 409 })
    }
    const { field, key } = stockError(v.intent, result.error)
    const reply = field ? submission.reply({ fieldErrors: { [field]: [key] } }) : submission.reply({ formErrors: [key] })
    return data({ result: reply, current: null }, { status: 400 })
  }
  const locale = await getLocale(request)
  const grams = (mg: number) => formatGrams(locale, mg, { unit: false })
  const toast: { key: MessageKey; params?: Record<string, string> } =
    v.intent === 'weigh'
      ? { key: 'inventory.weigh.done', params: { grams: grams(result.spool.remainingMg) } }
      : v.intent === 'deduct'
        ? { key: 'inventory.deduct.done', params: { grams: grams(v.grams) } }
        : v.intent === 'correct'
          ? { key: 'inventory.correct.done', params: { grams: grams(result.spool.remainingMg) } }
          : v.intent === 'save'
            ? { key: 'inventory.spools.saved' }
            : v.intent === 'archive'
              ? { key: 'inventory.spools.archivedToast' }
              : { key: 'inventory.spools.restoredToast' }
  const url = `/inventory/spools/${id}`
  const undo = v.intent === 'archive' ? { action: url, intent: 'restore', fields: { version: String(result.spool.version) } } : undefined
  return redirectWithToast(url, { type: 'success', ...toast, undo })
}

type StockIntent = (typeof STOCK_INTENTS)[number]

/** One stock form (weigh, deduct or correct): its own conform form, the version it was read at, one submit button. */
function StockForm<S extends Record<string, unknown>>({
  form,
  versionField,
  intent,
  title,
  submit,
  variant,
  children,
}: {
  form: FormMetadata<S>
  versionField: FieldMetadata<number, S>
  intent: StockIntent
  title: string
  submit: string
  variant?: 'secondary'
  children: ReactNode
}) {
  const isPending = useIsPending({ intent })
  return (
    <Form method="post" className="space-y-3" aria-label={title} data-testid={`${intent}-form`} {...getFormProps(form)}>
      <h3 className="text-base font-semibold">{title}</h3>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input {...getInputProps(versionField, { type: 'hidden' })} />
      {children}
      <div>
        <Button type="submit" name="intent" value={intent} variant={variant} disabled={isPending}>
          {submit}
        </Button>
      </div>
    </Form>
  )
}

export default function SpoolPage() {
  const loaded = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const grams = useGrams()
  const savePending = useIsPending({ intent: 'save' })
  // After a version conflict every form starts again from the newer values (new form ids), the conflict shown above.
  const spool = actionData?.current ?? loaded.spool
  const archived = spool.status === 'archived'
  const conflict = actionData?.current ? actionData.result.error?.[''] : undefined
  const formOf = <S extends z.ZodTypeAny>(intent: string, schema: S, defaultValue: Partial<z.input<S>>) => ({
    id: `${intent}-${spool.id}-${spool.version}`,
    lastResult: conflict ? undefined : resultFor(actionData?.result, intent),
    constraint: getZodConstraint(schema),
    defaultNoValidate: false, // without JavaScript the browser checks the schema's limits; with it, the server answers
    defaultValue,
  })
  const [weigh, weighFields] = useForm<z.input<typeof Weigh>>(formOf('weigh', Weigh, { version: spool.version }))
  const [deduct, deductFields] = useForm<z.input<typeof Deduct>>(formOf('deduct', Deduct, { version: spool.version }))
  const [correct, correctFields] = useForm<z.input<typeof Correct>>(formOf('correct', Correct, { version: spool.version }))
  const [save, saveFields] = useForm<z.input<typeof Save>>(formOf('save', Save, { version: spool.version, ...spoolDefaults(spool) }))
  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-3">
            <Swatch hex={spool.colourHex} size="lg" />
            {spool.material} · {spool.colourName}
            <span className="text-lg font-normal text-slate-600">
              {spool.brand} · {t('inventory.batch')} {spool.batch || t('inventory.noBatch')}
            </span>
          </span>
        }
        actions={
          <Link to={`/inventory/labels?ids=${spool.id}`} className={buttonClass('secondary')}>
            {t('inventory.spools.label')}
          </Link>
        }
      />
      <InventoryTabs />
      <FormErrors errors={conflict} />
      <div className="grid gap-6 lg:grid-cols-3" key={spool.version}>
        <Card>
          <dl className="grid grid-cols-2 gap-3">
            <div className="col-span-2">
              <dt className="text-sm text-slate-600">{t('inventory.remaining')}</dt>
              <dd className="text-4xl font-bold tabular-nums" data-testid="remaining">
                {grams(spool.remainingMg)}
              </dd>
            </div>
            <div className="col-span-2">
              <dt className="text-sm text-slate-600">{t('inventory.estimated')}</dt>
              <dd className="text-xl tabular-nums" title={t('inventory.estimatedHint')}>
                {loaded.estimatedMg === null ? t('common.none') : grams(loaded.estimatedMg)}
              </dd>
            </div>
            <div>
              <dt className="text-sm text-slate-600">{t('inventory.status')}</dt>
              <dd>
                <SpoolStatusBadge status={spool.status} />
              </dd>
            </div>
            <div>
              <dt className="text-sm text-slate-600">{t('inventory.tare')}</dt>
              <dd className="tabular-nums">{grams(spool.tareMg)}</dd>
            </div>
            <div>
              <dt className="text-sm text-slate-600">{t('inventory.initialNet')}</dt>
              <dd className="tabular-nums">{grams(spool.initialNetMg)}</dd>
            </div>
            <div>
              <dt className="text-sm text-slate-600">{t('inventory.location')}</dt>
              <dd>{spool.location || t('common.none')}</dd>
            </div>
            <div>
              <dt className="text-sm text-slate-600">{t('inventory.receivedOn')}</dt>
              <dd>{spool.receivedOn ?? t('common.none')}</dd>
            </div>
          </dl>
        </Card>
        {loaded.canWeigh && !archived ? (
          <Card className="space-y-6 lg:col-span-2">
            <StockForm form={weigh} versionField={weighFields.version} intent="weigh" title={t('inventory.weigh.title')} submit={t('inventory.weigh.submit')}>
              <Field
                label={t('inventory.weigh.gross')}
                inputMode="decimal"
                autoComplete="off"
                hint={t('inventory.weigh.hint', { tare: grams(spool.tareMg) })}
                errors={weighFields.grossGrams.errors}
                {...getInputProps(weighFields.grossGrams, { type: 'text' })}
              />
            </StockForm>
            <div className="grid gap-6 border-t border-slate-200 pt-4 md:grid-cols-2">
              <StockForm form={deduct} versionField={deductFields.version} intent="deduct" title={t('inventory.deduct.title')} submit={t('inventory.deduct.submit')} variant="secondary">
                <Field label={t('inventory.deduct.amount')} inputMode="decimal" autoComplete="off" errors={deductFields.grams.errors} {...getInputProps(deductFields.grams, { type: 'text' })} />
                <Field label={t('inventory.reason')} errors={deductFields.reason.errors} {...getInputProps(deductFields.reason, { type: 'text' })} />
              </StockForm>
              <StockForm form={correct} versionField={correctFields.version} intent="correct" title={t('inventory.correct.title')} submit={t('inventory.correct.submit')} variant="secondary">
                <Field
                  label={t('inventory.correct.remaining')}
                  inputMode="decimal"
                  autoComplete="off"
                  errors={correctFields.remainingGrams.errors}
                  {...getInputProps(correctFields.remainingGrams, { type: 'text' })}
                />
                <Field label={t('inventory.reason')} errors={correctFields.reason.errors} {...getInputProps(correctFields.reason, { type: 'text' })} />
              </StockForm>
            </div>
          </Card>
        ) : null}
        {loaded.canWrite ? (
          <Card className="lg:col-span-3">
            <h2 className="text-lg font-semibold">{t('inventory.spools.details')}</h2>
            <FormErrors id={save.errorId} errors={save.errors} />
            <Form method="post" className="mt-4 space-y-4" {...getFormProps(save)}>
              <input {...getInputProps(saveFields.version, { type: 'hidden' })} />
              <SpoolFields fields={saveFields} batches={loaded.facets.batches} locations={loaded.facets.locations} />
              <Button type="submit" name="intent" value="save" disabled={savePending}>
                {t('common.save')}
              </Button>
            </Form>
            <ArchiveForm archived={archived} version={spool.version} labels={{ archive: t('inventory.spools.archive'), restore: t('inventory.spools.restore'), question: t('inventory.spools.archiveQuestion') }} />
          </Card>
        ) : null}
        <Card className="lg:col-span-3">
          <h2 className="text-lg font-semibold">{t('inventory.usage.title')}</h2>
          <DataTable
            className="mt-3"
            testId="usage-history"
            rows={loaded.usage}
            rowKey={(u) => String(u.id)}
            empty={t('inventory.usage.empty')}
            columns={[
              { header: t('inventory.usage.at'), nowrap: true, cell: (u) => formatDateTime(u.at, loaded.timeZone) },
              { header: t('inventory.usage.kind'), cell: (u) => usageKindLabel(t, u.kind) },
              { header: t('inventory.usage.delta'), numeric: true, cell: (u) => (u.deltaMg > 0 ? '+' : '') + grams(u.deltaMg) },
              { header: t('inventory.usage.after'), numeric: true, cell: (u) => grams(u.remainingMg) },
              { header: t('inventory.usage.gross'), numeric: true, cell: (u) => (u.grossMg === null ? t('common.none') : grams(u.grossMg)) },
              { header: t('inventory.usage.user'), cell: (u) => u.username ?? t('common.none') },
              { header: t('inventory.usage.reason'), cell: (u) => [u.reason, u.jobId].filter(Boolean).join(' · ') || t('common.none') },
            ]}
          />
        </Card>
      </div>
    </>
  )
}

