import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { OrderFields } from '~/components/orders/order-fields'
import { Photo, PhotoInput } from '~/components/orders/photo'
import { DueDateBadge, OrderProgressBar, OrderStatusBadge } from '~/components/orders/progress'
import { filamentLabel } from '~/components/orders/product-fields'
import { orderActionSchema } from '~/components/orders/schemas'
import { Button, buttonClass } from '~/components/ui/button'
import { FormErrors, SelectField } from '~/components/ui/field'
import { Card, PageHeader } from '~/components/ui/layout'
import { validateOrderForm } from '~/domain/orders'
import { localDate } from '~/domain/time/zoned'
import type { MessageKey } from '~/i18n'
import { changeOrder, getOrder, type OrderFailure } from '~/models/orders.server'
import { listProducts } from '~/models/products.server'
import { jobsOfOrder } from '~/models/scheduling/job-queries.server'
import { productSurplus } from '~/models/scheduling/surplus.server'
import { formatDateTime } from '~/components/printers/format'
import { actorOf, requireUser } from '~/utils/auth.server'
import { guardStorage, storageFaultMessage, storageFaultStatus } from '~/utils/db-errors.server'
import { env } from '~/utils/env.server'
import { translateFieldErrors } from '~/utils/forms'
import { useLocale, useT } from '~/utils/i18n'
import { imageFromForm, readUploadForm } from '~/utils/images.server'
import { can } from '~/utils/permissions'
import { redirectWithToast } from '~/utils/toast.server'

const today = () => localDate(new Date(), env().SHOP_TIME_ZONE)

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'orders:read')
  const order = await getOrder(params.orderId ?? '', today())
  if (!order) throw new Response('Order not found', { status: 404 })
  const canWrite = can(user.role, 'orders:write')
  const products = canWrite ? (await listProducts()).map((p) => ({ id: p.id, name: p.name })) : []
  const [jobs, surplus] = await Promise.all([jobsOfOrder(order.id), productSurplus(order.product.id)])
  return {
    order,
    products,
    canWrite,
    jobs: jobs.map((j) => ({ id: j.id, status: j.status, printer: j.printerAssetId, startsAt: j.startsAt, endsAt: j.endsAt, units: j.units, goodUnits: j.goodUnits, scrapUnits: j.scrapUnits, locked: j.locked })),
    surplus,
    timeZone: env().SHOP_TIME_ZONE,
  }
}

const failureMessage: Record<OrderFailure, MessageKey> = {
  not_found: 'error.notFound',
  conflict: 'error.conflict',
  unknown_product: 'orders.error.unknownProduct',
  unknown_filament: 'products.error.unknownFilament',
  name_taken: 'products.error.nameTaken',
  already_cancelled: 'orders.error.alreadyCancelled',
  not_cancelled: 'orders.error.notCancelled',
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, 'orders:write')
  const day = today()
  const id = params.orderId ?? ''
  const current = await getOrder(id, day)
  if (!current) throw new Response('Order not found', { status: 404 })
  const form = await readUploadForm(request)
  const submission = parseWithZod(form, { schema: orderActionSchema(day, current.producedGood) })
  const hide = { hideFields: ['orderPhoto'] }
  const photo = form.get('intent') === 'save' ? await imageFromForm(form, 'orderPhoto') : ({ kind: 'none' } as const)
  if (submission.status !== 'success' || photo.kind === 'error') {
    const fieldErrors = { ...(submission.status === 'success' ? {} : submission.error), ...(photo.kind === 'error' ? { orderPhoto: [`products.error.photo.${photo.code}`] } : {}) } as Record<string, string[]>
    return data({ result: submission.reply({ ...hide, fieldErrors }), current: null }, { status: 400 })
  }
  const v = submission.value
  const actor = actorOf(user, request)
  const save = () => {
    if (v.intent !== 'save') return changeOrder(actor, id, v.version, { kind: v.intent }, day)
    const q = validateOrderForm({ targetQuantity: v.targetQuantity, stockOnHand: v.stockOnHand, dueDate: v.dueDate, today: day, producedGood: current.producedGood }).values!
    return changeOrder(
      actor,
      id,
      v.version,
      {
        kind: 'save',
        input: { reference: v.reference, customer: v.customer, productId: v.productId, priority: v.priority, notes: v.notes, ...q },
        photo: { image: photo.kind === 'image' ? photo.image : null, remove: v.removePhoto === 'on' },
      },
      day,
    )
  }
  // A full or read-only database: a form-level message (507/503), nothing kept (the order and its photo are one transaction).
  const saved = await guardStorage('orders.edit', save)
  if (!saved.ok) return data({ result: submission.reply({ ...hide, formErrors: [storageFaultMessage[saved.fault]] }), current: null }, { status: storageFaultStatus[saved.fault] })
  const result = saved.value
  if (!result.ok) {
    const status = result.reason === 'conflict' ? 409 : result.reason === 'not_found' ? 404 : 400
    const fieldErrors = result.reason === 'unknown_product' ? { productId: [failureMessage.unknown_product] } : undefined
    return data(
      { result: submission.reply({ ...hide, formErrors: fieldErrors ? undefined : [failureMessage[result.reason]], fieldErrors }), current: result.current ?? null },
      { status },
    )
  }
  const key: MessageKey = v.intent === 'save' ? 'orders.saved' : v.intent === 'cancel' ? 'orders.cancelled' : 'orders.reopened'
  return redirectWithToast(`/orders/${id}`, { type: 'success', key, params: { reference: result.order.reference } })
}

export default function OrderPage() {
  const loaded = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const locale = useLocale()
  const navigation = useNavigation()
  // After a conflict the page shows the newer order (and its version): saving again is a deliberate choice.
  const order = actionData?.current ?? loaded.order
  const { products, canWrite } = loaded
  const tr = translateFieldErrors(t, actionData?.result.error)
  const submitted = (actionData && !actionData.current ? actionData.result.initialValue : null) as Record<string, string | undefined> | null
  const busy = navigation.state === 'submitting'
  const productOptions = products.some((p) => p.id === order.product.id) ? products : [{ id: order.product.id, name: order.product.name }, ...products]
  return (
    <>
      <PageHeader
        title={`${t('orders.edit')}: ${order.reference}`}
        actions={
          <Link to="/orders" className={buttonClass('ghost')}>
            {t('orders.backToBoard')}
          </Link>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3" key={order.version}>
        <Card className="space-y-4">
          <div className="flex items-center gap-3">
            <Photo id={order.product.photoId} alt={t('products.photoAlt', { name: order.product.name })} size="display" className="h-28 w-28 shrink-0" />
            <div>
              <Link to={`/products/${order.product.id}`} className="font-semibold text-blue-800 underline">
                {order.product.name}
              </Link>
              <p className="text-sm text-slate-700">{order.product.filament ? filamentLabel(order.product.filament) : t('products.field.noFilament')}</p>
              <p className="text-sm text-slate-700">
                {order.product.gramsPerUnit} g · {order.product.printMinutesPerPlate} min / {order.product.unitsPerPlate}
              </p>
            </div>
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <OrderStatusBadge status={order.status} />
            <DueDateBadge due={order.due} />
          </div>
          <dl className="grid grid-cols-2 gap-2 text-sm" data-testid="order-figures">
            <dt className="text-slate-600">{t('orders.field.targetQuantity')}</dt>
            <dd className="text-right font-semibold tabular-nums">{order.targetQuantity}</dd>
            <dt className="text-slate-600">{t('orders.field.stockOnHand')}</dt>
            <dd className="text-right tabular-nums">{order.stockOnHand}</dd>
            <dt className="text-slate-600">{t('orders.produced')}</dt>
            <dd className="text-right tabular-nums">{order.producedGood}</dd>
            <dt className="text-slate-600">{t('orders.remaining')}</dt>
            <dd className="text-right font-semibold tabular-nums">{order.remaining}</dd>
          </dl>
          <OrderProgressBar {...order} />
          {order.coveredByStock && order.status === 'completed' ? <p className="text-sm text-slate-700">{t('orders.completesImmediately')}</p> : null}
          {order.photoId ? <Photo id={order.photoId} alt={order.reference} size="display" className="w-full" /> : null}
          {loaded.surplus < 0 ? (
            <p role="alert" className="rounded-lg bg-red-50 p-3 text-sm text-red-900 ring-1 ring-red-200" data-testid="surplus-deficit">
              {t('orders.surplusDeficit', { count: -loaded.surplus })}
            </p>
          ) : null}
          {loaded.surplus > 0 && order.remaining > 0 && !order.cancelledAt ? (
            <div className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">
              <p>{t('orders.surplusAvailable', { count: loaded.surplus })}</p>
              {canWrite ? (
                <Form method="post" action={`/orders/${order.id}/surplus`} className="mt-2">
                  <input type="hidden" name="version" value={order.version} />
                  <Button type="submit" variant="secondary" disabled={busy}>
                    {t('orders.drawSurplus')}
                  </Button>
                </Form>
              ) : null}
            </div>
          ) : null}
          <div>
            <h2 className="font-semibold">{t('orders.jobs')}</h2>
            {loaded.jobs.length === 0 ? (
              <p className="text-sm text-slate-600">{t('orders.jobsNone')}</p>
            ) : (
              <ul className="mt-1 divide-y divide-slate-100 text-sm" data-testid="order-jobs">
                {loaded.jobs.map((j) => (
                  <li key={j.id} className="flex items-center justify-between gap-2 py-1.5">
                    <Link to={`/schedule/jobs/${j.id}`} className="text-blue-800 underline">
                      {j.printer} · {formatDateTime(locale, new Date(j.startsAt), loaded.timeZone)}
                    </Link>
                    <span className="tabular-nums">
                      {j.goodUnits !== null ? `${j.goodUnits}/${j.units}` : j.units} · {t(`schedule.status.${j.status}`)}
                      {j.locked ? ' 🔒' : ''}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </Card>
        {canWrite ? (
          <Card className="lg:col-span-2">
            <FormErrors errors={tr['']} />
            <Form method="post" encType="multipart/form-data" className="mt-2 space-y-4">
              <input type="hidden" name="version" value={order.version} />
              <SelectField
                label={t('orders.field.product')}
                name="productId"
                defaultValue={submitted?.productId ?? order.product.id}
                options={productOptions.map((p) => ({ value: p.id, label: p.name }))}
                errors={tr.productId}
              />
              <OrderFields
                errors={tr}
                values={{
                  reference: submitted?.reference ?? order.reference,
                  customer: submitted?.customer ?? order.customer,
                  targetQuantity: submitted?.targetQuantity ?? String(order.targetQuantity),
                  stockOnHand: submitted?.stockOnHand ?? String(order.stockOnHand),
                  dueDate: submitted?.dueDate ?? order.dueDate ?? '',
                  priority: submitted?.priority ?? String(order.priority),
                  notes: submitted?.notes ?? order.notes,
                }}
              />
              <PhotoInput name="orderPhoto" label={t('orders.field.photo')} hint={t('products.field.photoHint')} errors={tr.orderPhoto} />
              {order.photoId ? (
                <label className="flex min-h-touch items-center gap-2">
                  <input type="checkbox" name="removePhoto" value="on" className="h-5 w-5" />
                  {t('orders.removePhoto')}
                </label>
              ) : null}
              <Button type="submit" name="intent" value="save" disabled={busy}>
                {busy ? t('common.saving') : t('common.save')}
              </Button>
            </Form>
            <Form method="post" className="mt-6 border-t border-slate-200 pt-4">
              <input type="hidden" name="version" value={order.version} />
              {order.cancelledAt ? (
                <Button type="submit" name="intent" value="reopen" variant="secondary" disabled={busy}>
                  {t('orders.reopen')}
                </Button>
              ) : (
                <Button type="submit" name="intent" value="cancel" variant="danger" disabled={busy}>
                  {t('orders.cancel')}
                </Button>
              )}
            </Form>
          </Card>
        ) : null}
      </div>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
