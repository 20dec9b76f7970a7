import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { BackHeader } from '~/components/orders/back-header'
import { Photo, RemovePhotoCheckbox } from '~/components/orders/photo'
import { filamentLabel, ProductFields, useSuggestionText } from '~/components/orders/product-fields'
import { OrderStatusBadge } from '~/components/orders/progress'
import { productFields, productInput, refusedFields, versionField } from '~/components/orders/schemas'
import { Button } from '~/components/ui/button'
import { Field, FormErrors } from '~/components/ui/field'
import { Card } from '~/components/ui/layout'
import { localDate } from '~/domain/time/zoned'
import type { MessageKey } from '~/i18n'
import { ordersOfProduct } from '~/models/orders.server'
import { changeProduct, filamentOptions, getProduct, gramsSuggestion, type ProductFailure } from '~/models/products.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { guardStorage, storageFaultMessage, storageFaultStatus } from '~/utils/db-errors.server'
import { env } from '~/utils/env.server'
import { useT } from '~/utils/i18n'
import { imageFromForm, readUploadForm } from '~/utils/images.server'
import { can } from '~/utils/permissions'
import { redirectWithToast } from '~/utils/toast.server'
import { useIsPending } from '~/utils/use-is-pending'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

const ProductAction = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('save'), version: versionField, removePhoto: z.literal('on').optional(), ...productFields }),
])

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'orders:read')
  const product = await getProduct(params.productId ?? '')
  if (!product) throw new Response('Product not found', { status: 404 })
  const [filaments, suggestion, orders] = await Promise.all([
    filamentOptions(),
    gramsSuggestion(product.id),
    ordersOfProduct(product.id, localDate(new Date(), env().SHOP_TIME_ZONE)),
  ])
  return {
    product,
    filaments,
    suggestion,
    orders: orders.map((o) => ({ id: o.id, reference: o.reference, status: o.status, targetQuantity: o.targetQuantity, remaining: o.remaining })),
    canWrite: can(user.role, 'orders:write'),
  }
}

const failureMessage: Record<ProductFailure, MessageKey> = {
  not_found: 'error.notFound',
  conflict: 'error.conflict',
  name_taken: 'products.error.nameTaken',
  unknown_filament: 'products.error.unknownFilament',
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, 'orders:write')
  const id = params.productId ?? ''
  if (!(await getProduct(id))) throw new Response('Product not found', { status: 404 })
  const form = await readUploadForm(request)
  const submission = parseWithZod(form, { schema: ProductAction })
  const photo = await imageFromForm(form, 'photo')
  const hide = { hideFields: ['photo'] }
  const refused = refusedFields(submission, { photo })
  if (submission.status !== 'success' || refused) return data({ result: submission.reply({ ...hide, fieldErrors: refused ?? {} }), current: null }, { status: 400 })
  const v = submission.value
  // A full or read-only database: a form-level message (507/503), nothing kept (the product and its photo are one transaction).
  const saved = await guardStorage('products.edit', () =>
    changeProduct(actorOf(user, request), id, v.version, productInput(v), {
      image: photo.kind === 'image' ? photo.image : null,
      remove: v.removePhoto === 'on',
    }),
  )
  if (!saved.ok) return data({ result: submission.reply({ ...hide, formErrors: [storageFaultMessage[saved.fault]] }), current: null }, { status: storageFaultStatus[saved.fault] })
  const result = saved.value
  if (!result.ok) {
    const status = result.reason === 'conflict' || result.reason === 'name_taken' ? 409 : result.reason === 'not_found' ? 404 : 400
    const field = result.reason === 'name_taken' ? 'name' : result.reason === 'unknown_filament' ? 'filamentId' : null
    return data(
      {
        result: submission.reply({ ...hide, ...(field ? { fieldErrors: { [field]: [failureMessage[result.reason]] } } : { formErrors: [failureMessage[result.reason]] }) }),
        current: result.current ?? null,
      },
      { status },
    )
  }
  return redirectWithToast(`/products/${id}`, { type: 'success', key: 'products.saved', params: { name: result.product.name } })
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>

export default function ProductPage() {
  const loaded = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  // After a conflict the page shows the newer product (and its version): saving again is a deliberate choice.
  const product = actionData?.current ?? loaded.product
  const suggestionText = useSuggestionText(loaded.suggestion)
  return (
    <>
      <BackHeader title={`${t('products.edit')}: ${product.name}`} back="products" />
      <div className="grid gap-6 lg:grid-cols-3" key={product.version}>
        <Card className="space-y-3">
          <Photo id={product.photoId} alt={t('products.photoAlt', { name: product.name })} size="display" className="aspect-square w-full" />
          <p className="text-slate-700">{product.filament ? filamentLabel(product.filament) : t('products.field.noFilament')}</p>
          <p className="text-sm text-slate-600" data-testid="grams-suggestion">
            {suggestionText}
          </p>
          <h2 className="pt-2 font-semibold">{t('products.orders')}</h2>
          <ul className="space-y-1">
            {loaded.orders.map((o) => (
              <li key={o.id} className="flex items-center justify-between gap-2">
                <Link to={`/orders/${o.id}`} className="text-blue-800 underline">
                  {o.reference}
                </Link>
                <OrderStatusBadge status={o.status} />
              </li>
            ))}
          </ul>
        </Card>
        {loaded.canWrite ? <ProductForm product={product} filaments={loaded.filaments} suggestionText={suggestionText} actionData={actionData} /> : null}
      </div>
    </>
  )
}

/** The edit form, mounted afresh for each product version: after a conflict it shows the newer values with the message. */
function ProductForm({
  product,
  filaments,
  suggestionText,
  actionData,
}: {
  product: Loaded['product']
  filaments: Loaded['filaments']
  suggestionText: string
  actionData: ReturnType<typeof useActionData<typeof action>>
}) {
  const t = useT()
  const isPending = useIsPending()
  const result = actionData?.result
  const [form, fields] = useForm<z.input<typeof ProductAction>>({
    id: 'product-save',
    lastResult: result && actionData.current ? { ...result, initialValue: undefined } : result,
    constraint: getZodConstraint(ProductAction),
    defaultNoValidate: false,
    defaultValue: {
      version: product.version,
      name: product.name,
      filamentId: product.filamentId ?? '',
      gramsPerUnit: product.gramsPerUnit,
      printMinutesPerPlate: product.printMinutesPerPlate,
      unitsPerPlate: product.unitsPerPlate,
      wastePct: product.wastePct,
      productNotes: product.notes,
    },
  })
  return (
    <Card className="lg:col-span-2">
      <FormErrors id={form.errorId} errors={form.errors} />
      <p className="mb-3 text-sm text-slate-600">{t('products.historyNote')}</p>
      <Form method="post" encType="multipart/form-data" className="space-y-4" {...getFormProps(form)}>
        <input {...getInputProps(fields.version, { type: 'hidden' })} />
        <Field label={t('products.field.name')} errors={fields.name.errors} {...getInputProps(fields.name, { type: 'text' })} />
        <ProductFields fields={fields} filaments={filaments} suggestion={suggestionText} />
        {product.photoId ? <RemovePhotoCheckbox field={fields.removePhoto} /> : null}
        <Button type="submit" name="intent" value="save" disabled={isPending}>
          {isPending ? t('common.saving') : t('common.save')}
        </Button>
      </Form>
    </Card>
  )
}
