import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { Photo } from '~/components/orders/photo'
import { filamentLabel, ProductFields } from '~/components/orders/product-fields'
import { OrderStatusBadge } from '~/components/orders/progress'
import { ProductActionSchema, productInput } from '~/components/orders/schemas'
import { Button, buttonClass } from '~/components/ui/button'
import { Field, FormErrors } from '~/components/ui/field'
import { Card, PageHeader } from '~/components/ui/layout'
import { localDate } from '~/domain/time/zoned'
import type { MessageKey } from '~/i18n'
import { ordersOfProduct } from '~/models/orders.server'
import { changeProduct, filamentOptions, getProduct, gramsSuggestion, type ProductFailure } from '~/models/products.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { guardStorage, storageFaultMessage, storageFaultStatus } from '~/utils/db-errors.server'
import { env } from '~/utils/env.server'
import { translateFieldErrors } from '~/utils/forms'
import { useT } from '~/utils/i18n'
import { imageFromForm, readUploadForm } from '~/utils/images.server'
import { can } from '~/utils/permissions'
import { redirectWithToast } from '~/utils/toast.server'

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
  const submission = parseWithZod(form, { schema: ProductActionSchema })
  const photo = await imageFromForm(form, 'photo')
  const hide = { hideFields: ['photo'] }
  if (submission.status !== 'success' || photo.kind === 'error') {
    const fieldErrors = { ...(submission.status === 'success' ? {} : submission.error), ...(photo.kind === 'error' ? { photo: [`products.error.photo.${photo.code}`] } : {}) } as Record<string, string[]>
    return data({ result: submission.reply({ ...hide, fieldErrors }), current: null }, { status: 400 })
  }
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

export default function ProductPage() {
  const loaded = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const navigation = useNavigation()
  const product = actionData?.current ?? loaded.product
  const { filaments, suggestion, orders, canWrite } = loaded
  const tr = translateFieldErrors(t, actionData?.result.error)
  const s = (actionData && !actionData.current ? actionData.result.initialValue : null) as Record<string, string | undefined> | null
  const suggestionText = suggestion
    ? t('products.suggestion', { jobs: suggestion.basedOnJobs, grams: (suggestion.gramsPerUnitMg / 1000).toFixed(2) })
    : t('products.noSuggestion')
  return (
    <>
      <PageHeader
        title={`${t('products.edit')}: ${product.name}`}
        actions={
          <Link to="/products" className={buttonClass('ghost')}>
            {t('products.backToList')}
          </Link>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3" key={product.version}>
        <Card className="space-y-3">
          <Photo id={product.photoId} alt={t('products.photoAlt', { name: product.name })} size="display" className="aspect-square w-full" />
          <p className="text-slate-700">{product.filament ? filamentLabel(product.filament) : t('products.field.noFilament')}</p>
          <p className="text-sm text-slate-600" data-testid="grams-suggestion">
            {suggestionText}
          </p>
          <h2 className="pt-2 font-semibold">{t('products.orders')}</h2>
          <ul className="space-y-1">
            {orders.map((o) => (
              <li key={o.id} className="flex items-center justify-between gap-2">
                <Link to={`/orders/${o.id}`} className="text-blue-800 underline">
                  {o.reference}
                </Link>
                <OrderStatusBadge status={o.status} />
              </li>
            ))}
          </ul>
        </Card>
        {canWrite ? (
          <Card className="lg:col-span-2">
            <FormErrors errors={tr['']} />
            <p className="mb-3 text-sm text-slate-600">{t('products.historyNote')}</p>
            <Form method="post" encType="multipart/form-data" className="space-y-4">
              <input type="hidden" name="version" value={product.version} />
              <Field label={t('products.field.name')} name="name" required maxLength={120} defaultValue={s?.name ?? product.name} errors={tr.name} />
              <ProductFields
                filaments={filaments}
                errors={tr}
                suggestion={suggestionText}
                values={{
                  filamentId: s?.filamentId ?? product.filamentId ?? '',
                  gramsPerUnit: s?.gramsPerUnit ?? product.gramsPerUnit,
                  printMinutesPerPlate: s?.printMinutesPerPlate ?? String(product.printMinutesPerPlate),
                  unitsPerPlate: s?.unitsPerPlate ?? String(product.unitsPerPlate),
                  wastePct: s?.wastePct ?? product.wastePct,
                  productNotes: s?.productNotes ?? product.notes,
                }}
              />
              {product.photoId ? (
                <label className="flex min-h-touch items-center gap-2">
                  <input type="checkbox" name="removePhoto" value="on" className="h-5 w-5" />
                  {t('orders.removePhoto')}
                </label>
              ) : null}
              <Button type="submit" name="intent" value="save" disabled={navigation.state === 'submitting'}>
                {navigation.state === 'submitting' ? t('common.saving') : t('common.save')}
              </Button>
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
