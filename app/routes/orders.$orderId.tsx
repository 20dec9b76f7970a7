import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { BackHeader } from '~/components/orders/back-header'
import { OrderFields } from '~/components/orders/order-fields'
import { Photo, PhotoInput, RemovePhotoCheckbox } from '~/components/orders/photo'
import { filamentLabel, productFigures } from '~/components/orders/product-fields'
import { DueDateBadge, OrderProgressBar, OrderStatusBadge } from '~/components/orders/progress'
import { orderFields, refusedFields, versionField } from '~/components/orders/schemas'
import { Button } from '~/components/ui/button'
import { FormErrors, SelectField } from '~/components/ui/field'
import { Card } from '~/components/ui/layout'
import { localDate } from '~/domain/time/zoned'
import type { MessageKey } from '~/i18n'
import { changeOrder, getOrder, type OrderFailure } from '~/models/orders.server'
import { listProducts } from '~/models/products.server'
import { jobsOfOrder } from '~/models/scheduling/job-queries.server'
import { productSurplus } from '~/models/scheduling/surplus.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { guardStorage, storageFaultMessage, storageFaultStatus } from '~/utils/db-errors.server'
import { env } from '~/utils/env.server'
import { formatDateTime } from '~/utils/format'
import { resultFor } from '~/utils/forms'
import { useT } from '~/utils/i18n'
import { imageFromForm, readUploadForm } from '~/utils/images.server'
import { can } from '~/utils/permissions'
import { redirectWithToast } from '~/utils/toast.server'
import { useIsPending } from '~/utils/use-is-pending'
import { ConfirmStep } from '~/components/ui/confirm'
import { LockIcon } from '~/components/ui/icons'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

/** The edit form (intent save). */
const SaveOrder = z.object({
  intent: z.literal('save'),
  version: versionField,
  productId: z.string({ required_error: 'orders.error.unknownProduct' }),
  removePhoto: z.literal('on').optional(),
  ...orderFields,
})
/** Every intent of the order page: save, and cancel or reopen (the status button). */
const OrderAction = z.discriminatedUnion('intent', [SaveOrder, z.object({ intent: z.literal('cancel'), version: versionField }), z.object({ intent: z.literal('reopen'), version: versionField })])

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
  const submission = parseWithZod(form, { schema: OrderAction })
  const hide = { hideFields: ['orderPhoto'] }
  const photo = form.get('intent') === 'save' ? await imageFromForm(form, 'orderPhoto') : ({ kind: 'none' } as const)
  const refused = refusedFields(submission, { orderPhoto: photo })
  if (submission.status !== 'success' || refused) return data({ result: submission.reply({ ...hide, fieldErrors: refused ?? {} }), current: null }, { status: 400 })
  const v = submission.value
  const actor = actorOf(user, request)
  const save = () => {
    if (v.intent !== 'save') return changeOrder(actor, id, v.version, { kind: v.intent }, day)
    const input = { reference: v.reference, customer: v.customer, productId: v.productId, priority: v.priority, notes: v.notes, targetQuantity: v.targetQuantity, stockOnHand: v.stockOnHand, dueDate: v.dueDate }
    const photoChange = { image: photo.kind === 'image' ? photo.image : null, remove: v.removePhoto === 'on' }
    return changeOrder(actor, id, v.version, { kind: 'save', input, photo: photoChange }, day)
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

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>
type Order = Loaded['order']

export default function OrderPage() {
  const loaded = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  // After a conflict the page shows the newer order (and its version): saving again is a deliberate choice.
  const order = actionData?.current ?? loaded.order
  return (
    <>
      <BackHeader title={`${t('orders.edit')}: ${order.reference}`} back="orders" />
      <div className="grid gap-6 lg:grid-cols-3" key={order.version}>
        <OrderSummary order={order} loaded={loaded} />
        {loaded.canWrite ? <OrderForms order={order} products={loaded.products} actionData={actionData} /> : null}
      </div>
    </>
  )
}

function OrderSummary({ order, loaded }: { order: Order; loaded: Loaded }) {
  const t = useT()
  const drawing = useIsPending({ formAction: `/orders/${order.id}/surplus` })
  return (
    <Card className="space-y-4">
      <div className="flex items-center gap-3">
        <Photo id={order.product.photoId} alt={t('products.photoAlt', { name: order.product.name })} size="display" className="h-28 w-28 shrink-0" />
        <div>
          <Link to={`/products/${order.product.id}`} className="font-semibold text-blue-800 underline">
            {order.product.name}
          </Link>
          <p className="text-sm text-slate-700">{order.product.filament ? filamentLabel(order.product.filament) : t('products.field.noFilament')}</p>
          <p className="text-sm text-slate-700">{productFigures(order.product)}</p>
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
          {loaded.canWrite ? (
            <Form method="post" action={`/orders/${order.id}/surplus`} className="mt-2">
              <input type="hidden" name="version" value={order.version} />
              <Button type="submit" variant="secondary" disabled={drawing}>
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
                  {j.printer} · {formatDateTime(j.startsAt, loaded.timeZone)}
                </Link>
                <span className="tabular-nums">
                  {j.goodUnits !== null ? `${j.goodUnits}/${j.units}` : j.units} · {t(`schedule.status.${j.status}`)}
                  {j.locked ? (
                    <>
                      {' · '}
                      <LockIcon /> {t('schedule.locked')}
                    </>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Card>
  )
}

/**
 * The edit form and the cancel / reopen button, one conform form each. Mounted afresh for each order version: after a
 * conflict they show the newer order's values (not what was sent) with the conflict message.
 */
function OrderForms({ order, products, actionData }: { order: Order; products: Loaded['products']; actionData: ReturnType<typeof useActionData<typeof action>> }) {
  const t = useT()
  const statusIntent = order.cancelledAt ? 'reopen' : 'cancel'
  const shown = <R extends { initialValue?: unknown } | undefined>(r: R) => (r && actionData?.current ? { ...r, initialValue: undefined } : r)
  const [form, fields] = useForm<z.input<typeof SaveOrder>>({
    id: 'order-save',
    lastResult: shown(resultFor(actionData?.result, 'save')),
    constraint: getZodConstraint(SaveOrder),
    defaultNoValidate: false,
    defaultValue: {
      version: order.version,
      productId: order.product.id,
      reference: order.reference,
      customer: order.customer,
      targetQuantity: order.targetQuantity,
      stockOnHand: order.stockOnHand,
      dueDate: order.dueDate ?? '',
      priority: order.priority,
      notes: order.notes,
    },
  })
  const [statusForm, statusFields] = useForm<z.input<typeof OrderAction>>({
    defaultNoValidate: false,
    id: 'order-status',
    lastResult: shown(resultFor(actionData?.result, 'cancel') ?? resultFor(actionData?.result, 'reopen')),
    defaultValue: { version: order.version },
  })
  const saving = useIsPending({ intent: 'save' })
  const changingStatus = useIsPending({ intent: statusIntent })
  const productOptions = products.some((p) => p.id === order.product.id) ? products : [{ id: order.product.id, name: order.product.name }, ...products]
  return (
    <Card className="lg:col-span-2">
      <FormErrors id={form.errorId} errors={form.errors} />
      <Form method="post" encType="multipart/form-data" className="mt-2 space-y-4" {...getFormProps(form)}>
        <input {...getInputProps(fields.version, { type: 'hidden' })} />
        <SelectField
          label={t('orders.field.product')}
          options={productOptions.map((p) => ({ value: p.id, label: p.name }))}
          errors={fields.productId.errors}
          {...getSelectProps(fields.productId)}
        />
        <OrderFields fields={fields} />
        <PhotoInput field={fields.orderPhoto} label={t('orders.field.photo')} />
        {order.photoId ? <RemovePhotoCheckbox field={fields.removePhoto} /> : null}
        <Button type="submit" name="intent" value="save" disabled={saving}>
          {saving ? t('common.saving') : t('common.save')}
        </Button>
      </Form>
      <Form method="post" className="mt-6 space-y-2 border-t border-slate-200 pt-4" {...getFormProps(statusForm)}>
        <FormErrors id={statusForm.errorId} errors={statusForm.errors} />
        <input {...getInputProps(statusFields.version, { type: 'hidden' })} />
        {order.cancelledAt ? (
          <Button type="submit" name="intent" value="reopen" variant="secondary" disabled={changingStatus}>
            {t('orders.reopen')}
          </Button>
        ) : (
          <ConfirmStep label={t('orders.cancel')} question={t('orders.cancelQuestion')} testId="confirm-cancel">
            <Button type="submit" name="intent" value="cancel" variant="danger" disabled={changingStatus}>
              {t('orders.cancelConfirm')}
            </Button>
          </ConfirmStep>
        )}
      </Form>
    </Card>
  )
}
