import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import type { ReactNode } from 'react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { SpoolAction, STOCK_INTENTS } from '~/components/inventory/schemas'
import { SpoolFields } from '~/components/inventory/spool-fields'
import { formatGrams, InventoryTabs, shopDate, SpoolStatusBadge, Swatch, usageKindLabel } from '~/components/inventory/ui'
import { Button, buttonClass } from '~/components/ui/button'
import { Field, FormErrors } from '~/components/ui/field'
import { Card, PageHeader } from '~/components/ui/layout'
import type { StockChangeError } from '~/domain/inventory'
import { mgToGramsString } from '~/domain/inventory/mass'
import type { MessageKey } from '~/i18n'
import { changeSpool, getSpool, spoolFacets } from '~/models/inventory/spools.server'
import { changeStock, spoolUsageHistory } from '~/models/inventory/stock.server'
import { inventoryOutlook } from '~/models/inventory/outlook.server'
import { type Spool } from '~/models/inventory/shapes.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { env } from '~/utils/env.server'
import { translateErrors } from '~/utils/forms'
import { useLocale, useT } from '~/utils/i18n'
import { can } from '~/utils/permissions'
import { readForm } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'

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
            ? await changeSpool(actor, id, v.version, {
                edit: { batch: v.batch, initialNetMg: v.initialNetGrams, tareMg: v.tareGrams, location: v.location, receivedOn: v.receivedOn ?? null },
              })
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
  const grams = formatGramsPlain(result.spool.remainingMg)
  const toast: { key: MessageKey; params?: Record<string, string> } =
    v.intent === 'weigh'
      ? { key: 'inventory.weigh.done', params: { grams } }
      : v.intent === 'deduct'
        ? { key: 'inventory.deduct.done', params: { grams: formatGramsPlain(v.grams) } }
        : v.intent === 'correct'
          ? { key: 'inventory.correct.done', params: { grams } }
          : v.intent === 'save'
            ? { key: 'inventory.spools.saved' }
            : v.intent === 'archive'
              ? { key: 'inventory.spools.archivedToast' }
              : { key: 'inventory.spools.restoredToast' }
  return redirectWithToast(`/inventory/spools/${id}`, { type: 'success', ...toast })
}

const formatGramsPlain = (mg: number) => mgToGramsString(mg, 1)

function StockForm({
  intent,
  title,
  version,
  errors,
  busy,
  submit,
  children,
}: {
  intent: 'weigh' | 'deduct' | 'correct'
  title: string
  version: number
  errors: string[] | undefined
  busy: boolean
  submit: ReactNode
  children: ReactNode
}) {
  return (
    <Form method="post" className="space-y-3" aria-label={title} data-testid={`${intent}-form`}>
      <h3 className="text-base font-semibold">{title}</h3>
      <FormErrors errors={errors} />
      <input type="hidden" name="version" value={version} />
      {children}
      <div>{busy ? <Button disabled>{submit}</Button> : submit}</div>
    </Form>
  )
}

export default function SpoolPage() {
  const loaded = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const locale = useLocale()
  const spool = actionData?.current ?? loaded.spool
  const sentIntent = (actionData?.result.initialValue as Record<string, string> | undefined)?.intent
  const allErrors = (actionData?.result.error ?? {}) as Record<string, string[] | undefined>
  const errorsFor = (intent: string) => (sentIntent === intent ? allErrors : {})
  const formErrorsFor = (intent: string) => translateErrors(t, errorsFor(intent)[''])
  const busy = navigation.state === 'submitting'
  const archived = spool.status === 'archived'
  const sent = (actionData?.result.initialValue ?? {}) as Record<string, string | undefined>
  const conflict = actionData?.current ? translateErrors(t, allErrors['']) : undefined
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
                {formatGrams(spool.remainingMg)}
              </dd>
            </div>
            <div className="col-span-2">
              <dt className="text-sm text-slate-600">{t('inventory.estimated')}</dt>
              <dd className="text-xl tabular-nums" title={t('inventory.estimatedHint')}>
                {loaded.estimatedMg === null ? t('common.none') : formatGrams(loaded.estimatedMg)}
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
              <dd className="tabular-nums">{formatGrams(spool.tareMg)}</dd>
            </div>
            <div>
              <dt className="text-sm text-slate-600">{t('inventory.initialNet')}</dt>
              <dd className="tabular-nums">{formatGrams(spool.initialNetMg)}</dd>
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
            <StockForm
              intent="weigh"
              title={t('inventory.weigh.title')}
              version={spool.version}
              errors={formErrorsFor('weigh')}
              busy={busy}
              submit={
                <Button type="submit" name="intent" value="weigh">
                  {t('inventory.weigh.submit')}
                </Button>
              }
            >
              <Field
                label={t('inventory.weigh.gross')}
                name="grossGrams"
                inputMode="decimal"
                required
                autoComplete="off"
                defaultValue={sentIntent === 'weigh' ? sent.grossGrams : undefined}
                hint={t('inventory.weigh.hint', { tare: formatGrams(spool.tareMg) })}
                errors={translateErrors(t, errorsFor('weigh').grossGrams)}
              />
            </StockForm>
            <div className="grid gap-6 border-t border-slate-200 pt-4 md:grid-cols-2">
              <StockForm
                intent="deduct"
                title={t('inventory.deduct.title')}
                version={spool.version}
                errors={formErrorsFor('deduct')}
                busy={busy}
                submit={
                  <Button type="submit" name="intent" value="deduct" variant="secondary">
                    {t('inventory.deduct.submit')}
                  </Button>
                }
              >
                <Field
                  label={t('inventory.deduct.amount')}
                  name="grams"
                  inputMode="decimal"
                  required
                  autoComplete="off"
                  defaultValue={sentIntent === 'deduct' ? sent.grams : undefined}
                  errors={translateErrors(t, errorsFor('deduct').grams)}
                />
                <Field label={t('inventory.reason')} name="reason" maxLength={200} defaultValue={sentIntent === 'deduct' ? sent.reason : undefined} errors={translateErrors(t, errorsFor('deduct').reason)} />
              </StockForm>
              <StockForm
                intent="correct"
                title={t('inventory.correct.title')}
                version={spool.version}
                errors={formErrorsFor('correct')}
                busy={busy}
                submit={
                  <Button type="submit" name="intent" value="correct" variant="secondary">
                    {t('inventory.correct.submit')}
                  </Button>
                }
              >
                <Field
                  label={t('inventory.correct.remaining')}
                  name="remainingGrams"
                  inputMode="decimal"
                  required
                  autoComplete="off"
                  defaultValue={sentIntent === 'correct' ? sent.remainingGrams : undefined}
                  errors={translateErrors(t, errorsFor('correct').remainingGrams)}
                />
                <Field label={t('inventory.reason')} name="reason" maxLength={200} defaultValue={sentIntent === 'correct' ? sent.reason : undefined} errors={translateErrors(t, errorsFor('correct').reason)} />
              </StockForm>
            </div>
          </Card>
        ) : null}
        {loaded.canWrite ? (
          <Card className="lg:col-span-3">
            <h2 className="text-lg font-semibold">{t('inventory.spools.details')}</h2>
            <FormErrors errors={formErrorsFor('save')} />
            <Form method="post" className="mt-4 space-y-4">
              <input type="hidden" name="version" value={spool.version} />
              <SpoolFields
                defaults={{
                  batch: spool.batch,
                  initialNetGrams: mgToGramsString(spool.initialNetMg),
                  tareGrams: mgToGramsString(spool.tareMg),
                  location: spool.location,
                  receivedOn: spool.receivedOn,
                  ...(sentIntent === 'save' ? sent : {}),
                }}
                errors={errorsFor('save')}
                batches={loaded.facets.batches}
                locations={loaded.facets.locations}
              />
              <Button type="submit" name="intent" value="save" disabled={busy}>
                {t('common.save')}
              </Button>
            </Form>
            <Form method="post" className="mt-6 border-t border-slate-200 pt-4">
              <input type="hidden" name="version" value={spool.version} />
              {archived ? (
                <Button type="submit" name="intent" value="restore" variant="secondary" disabled={busy}>
                  {t('inventory.spools.restore')}
                </Button>
              ) : (
                <Button type="submit" name="intent" value="archive" variant="danger" disabled={busy}>
                  {t('inventory.spools.archive')}
                </Button>
              )}
            </Form>
          </Card>
        ) : null}
        <Card className="overflow-x-auto lg:col-span-3">
          <h2 className="text-lg font-semibold">{t('inventory.usage.title')}</h2>
          {loaded.usage.length === 0 ? (
            <p className="mt-2 text-slate-700">{t('inventory.usage.empty')}</p>
          ) : (
            <table className="mt-3 w-full text-left" data-testid="usage-history">
              <thead className="text-sm text-slate-600">
                <tr>
                  <th className="py-2 pr-3">{t('inventory.usage.at')}</th>
                  <th className="py-2 pr-3">{t('inventory.usage.kind')}</th>
                  <th className="py-2 pr-3 text-right">{t('inventory.usage.delta')}</th>
                  <th className="py-2 pr-3 text-right">{t('inventory.usage.after')}</th>
                  <th className="py-2 pr-3 text-right">{t('inventory.usage.gross')}</th>
                  <th className="py-2 pr-3">{t('inventory.usage.user')}</th>
                  <th className="py-2">{t('inventory.usage.reason')}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {loaded.usage.map((u) => (
                  <tr key={u.id}>
                    <td className="py-2 pr-3">{shopDate(u.at, loaded.timeZone, locale)}</td>
                    <td className="pr-3">{usageKindLabel(t, u.kind)}</td>
                    <td className="pr-3 text-right tabular-nums">{(u.deltaMg > 0 ? '+' : '') + formatGrams(u.deltaMg)}</td>
                    <td className="pr-3 text-right tabular-nums">{formatGrams(u.remainingMg)}</td>
                    <td className="pr-3 text-right tabular-nums">{u.grossMg === null ? t('common.none') : formatGrams(u.grossMg)}</td>
                    <td className="pr-3">{u.username ?? t('common.none')}</td>
                    <td>{[u.reason, u.jobId].filter(Boolean).join(' · ') || t('common.none')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </div>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
