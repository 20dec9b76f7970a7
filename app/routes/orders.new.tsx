import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { BackHeader } from '~/components/orders/back-header'
import { OrderFields } from '~/components/orders/order-fields'
import { Photo, PhotoInput } from '~/components/orders/photo'
import { filamentLabel, productFigures, ProductFields, useSuggestionText } from '~/components/orders/product-fields'
import { orderFields, productDetails, productFields, productInput, refusedFields } from '~/components/orders/schemas'
import { Button, buttonClass } from '~/components/ui/button'
import { Field, FormErrors } from '~/components/ui/field'
import { Card } from '~/components/ui/layout'
import { validateOrderForm } from '~/domain/orders'
import { localDate } from '~/domain/time/zoned'
import type { MessageKey } from '~/i18n'
import { createOrder, type OrderFailure } from '~/models/orders.server'
import { filamentOptions, findProductByName, getProduct, gramsSuggestion, listProducts, recentProducts, type ProductView } from '~/models/products.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { guardStorage, storageFaultMessage, storageFaultStatus } from '~/utils/db-errors.server'
import { env } from '~/utils/env.server'
import { translateErrors } from '~/utils/forms'
import { useT } from '~/utils/i18n'
import { imageFromForm, readUploadForm } from '~/utils/images.server'
import { redirectWithToast, type Toast } from '~/utils/toast.server'
import { useIsPending } from '~/utils/use-is-pending'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

/** An order of a product the catalogue has (picked, quick-filled or typed by its exact name). */
const NewOrderForExisting = z.object({ ...orderFields, productId: z.string().optional(), productName: z.string().optional() })
/** An order under a new product name: the product's fields are required too. */
const NewOrderWithProduct = z.object({ ...orderFields, ...productDetails, productName: productFields.name, productId: z.string().optional() })

const today = () => localDate(new Date(), env().SHOP_TIME_ZONE)

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, 'orders:write')
  const chosenId = new URL(request.url).searchParams.get('product') ?? ''
  const chosen = chosenId ? await getProduct(chosenId) : null
  const [recent, filaments, all, suggestion] = await Promise.all([
    recentProducts(6),
    filamentOptions(),
    listProducts(),
    chosen ? gramsSuggestion(chosen.id) : Promise.resolve(null),
  ])
  return { recent, filaments, productNames: all.map((p) => p.name), chosen, suggestion }
}

const failureField: Record<Exclude<OrderFailure, 'not_found' | 'conflict' | 'already_cancelled' | 'not_cancelled'>, [string, MessageKey]> = {
  unknown_product: ['productName', 'orders.error.unknownProduct'],
  unknown_filament: ['filamentId', 'products.error.unknownFilament'],
  name_taken: ['productName', 'products.error.nameTaken'],
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, 'orders:write')
  const form = await readUploadForm(request)
  const day = today()
  const rawId = String(form.get('productId') ?? '').trim()
  const rawName = String(form.get('productName') ?? '')
  let existing: ProductView | null = null
  let unknownProduct = false
  if (rawId) {
    existing = await getProduct(rawId)
    unknownProduct = !existing
  } else if (rawName.trim()) {
    existing = await findProductByName(rawName)
  }
  const withProduct = !existing && !unknownProduct
  const hide = { hideFields: ['photo', 'orderPhoto'] }
  const submission = parseWithZod(form, { schema: withProduct ? NewOrderWithProduct : NewOrderForExisting })
  const [productPhoto, orderPhoto] = await Promise.all([withProduct ? imageFromForm(form, 'photo') : Promise.resolve({ kind: 'none' as const }), imageFromForm(form, 'orderPhoto')])
  const refused = refusedFields(submission, { photo: productPhoto, orderPhoto }, unknownProduct ? { productName: ['orders.error.unknownProduct'] } : {})
  if (submission.status !== 'success' || refused) return data(submission.reply({ ...hide, fieldErrors: refused ?? {} }), { status: 400 })
  const v = submission.value
  const order = { reference: v.reference, customer: v.customer, targetQuantity: v.targetQuantity, stockOnHand: v.stockOnHand, dueDate: v.dueDate, priority: v.priority, notes: v.notes }
  const product =
    'gramsPerUnit' in v
      ? ({ kind: 'new', input: productInput({ ...v, name: v.productName }), image: productPhoto.kind === 'image' ? productPhoto.image : null } as const)
      : ({ kind: 'existing', id: existing!.id } as const)
  // A full or read-only database: a form-level message (507/503), nothing kept (order, product and photos are one transaction).
  const saved = await guardStorage('orders.new', () => createOrder(actorOf(user, request), order, product, orderPhoto.kind === 'image' ? orderPhoto.image : null, day))
  if (!saved.ok) return data(submission.reply({ ...hide, formErrors: [storageFaultMessage[saved.fault]] }), { status: storageFaultStatus[saved.fault] })
  const result = saved.value
  if (!result.ok) {
    const [field, key] = failureField[result.reason as keyof typeof failureField] ?? ['', 'error.conflict']
    return data(submission.reply({ ...hide, fieldErrors: { [field]: [key] } }), { status: result.reason === 'name_taken' ? 409 : 400 })
  }
  const pastDue = validateOrderForm({ ...order, today: day }).notices.find((n) => n.code === 'due_in_past')
  const params = { reference: result.order.reference, product: result.order.product.name }
  const toast: Toast =
    result.order.status === 'completed'
      ? { type: 'info', key: 'orders.createdCompleted', params }
      : pastDue && pastDue.code === 'due_in_past'
        ? { type: 'info', key: 'orders.createdPastDue', params: { ...params, days: pastDue.daysPast } }
        : result.productCreated
          ? { type: 'success', key: 'orders.createdNewProduct', params }
          : { type: 'success', key: 'orders.created', params }
  return redirectWithToast('/orders', toast)
}

export default function NewOrderPage() {
  const { recent, filaments, productNames, chosen, suggestion } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const t = useT()
  const isPending = useIsPending()
  const suggestionText = useSuggestionText(suggestion)
  const [form, fields] = useForm<z.input<typeof NewOrderWithProduct>>({
    id: 'new-order',
    lastResult,
    constraint: getZodConstraint(NewOrderWithProduct),
    defaultNoValidate: false,
    defaultValue: { priority: '1', unitsPerPlate: '1', wastePct: '0' },
  })
  return (
    <>
      <BackHeader title={t('orders.new')} back="orders" />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:order-2">
          <h2 className="text-lg font-semibold">{t('orders.quickFill')}</h2>
          <p className="mt-1 text-sm text-slate-600">{t('orders.quickFillHint')}</p>
          {recent.length === 0 ? <p className="mt-3 text-slate-700">{t('orders.noRecent')}</p> : null}
          <ul className="mt-3 space-y-2">
            {recent.map((p) => (
              <li key={p.id}>
                <Link
                  to={`/orders/new?product=${p.id}`}
                  className={`flex min-h-touch items-center gap-3 rounded-lg p-2 ring-1 ${chosen?.id === p.id ? 'bg-blue-50 ring-blue-400' : 'ring-slate-200 hover:bg-slate-50'}`}
                >
                  <Photo id={p.photoId} alt={t('products.photoAlt', { name: p.name })} className="h-12 w-12 shrink-0" />
                  <span>
                    <span className="block font-medium">{p.name}</span>
                    <span className="block text-sm text-slate-600">
                      {p.filament ? filamentLabel(p.filament) : t('products.field.noFilament')} · {productFigures(p)}
                    </span>
                  </span>
                  {/* The link's name holds its visible text and ends in the action ("… 드론 프레임 사용"). */}
                  <span className="sr-only">{t('orders.quickFillUse', { name: p.name })}</span>
                </Link>
              </li>
            ))}
          </ul>
        </Card>
        <Card className="lg:order-1 lg:col-span-2">
          <FormErrors id={form.errorId} errors={form.errors} />
          <Form method="post" encType="multipart/form-data" className="mt-2 space-y-4" {...getFormProps(form)}>
            {chosen ? (
              <div className="flex items-center gap-4 rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200" data-testid="chosen-product">
                <input type="hidden" name="productId" value={chosen.id} />
                <Photo id={chosen.photoId} alt={t('products.photoAlt', { name: chosen.name })} className="h-20 w-20 shrink-0" />
                <div className="flex-1">
                  <p className="font-semibold">{t('orders.productChosen', { name: chosen.name })}</p>
                  <p className="text-sm text-slate-700">
                    {chosen.filament ? filamentLabel(chosen.filament) : t('products.field.noFilament')} · {productFigures(chosen)}
                  </p>
                  <p className="text-sm text-slate-600">{suggestionText}</p>
                  {fields.productName.errors ? (
                    <p id={fields.productName.errorId} className="text-sm text-red-700" role="alert">
                      {translateErrors(t, fields.productName.errors)?.join(' ')}
                    </p>
                  ) : null}
                </div>
                <Link to="/orders/new" className={buttonClass('ghost')}>
                  {t('orders.changeProduct')}
                </Link>
              </div>
            ) : (
              <>
                <Field
                  label={t('orders.field.productName')}
                  list="product-names"
                  autoComplete="off"
                  hint={t('orders.newProductHint')}
                  errors={fields.productName.errors}
                  {...getInputProps(fields.productName, { type: 'text' })}
                />
                <datalist id="product-names">
                  {productNames.map((n) => (
                    <option key={n} value={n} />
                  ))}
                </datalist>
                <fieldset className="space-y-4 rounded-lg p-3 ring-1 ring-slate-200">
                  <legend className="px-1 text-sm font-semibold text-slate-700">{t('orders.newProductFields')}</legend>
                  <ProductFields fields={fields} filaments={filaments} />
                </fieldset>
              </>
            )}
            <OrderFields fields={fields} />
            <PhotoInput field={fields.orderPhoto} label={t('orders.field.photo')} />
            <Button type="submit" disabled={isPending}>
              {isPending ? t('common.saving') : t('orders.create')}
            </Button>
          </Form>
        </Card>
      </div>
    </>
  )
}
