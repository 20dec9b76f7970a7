import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import type { z } from 'zod'
import { BackHeader } from '~/components/orders/back-header'
import { ProductFields } from '~/components/orders/product-fields'
import { productInput, ProductSchema, refusedFields } from '~/components/orders/schemas'
import { Button } from '~/components/ui/button'
import { Field, FormErrors } from '~/components/ui/field'
import { Card } from '~/components/ui/layout'
import { createProduct, filamentOptions } from '~/models/products.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { guardStorage, storageFaultMessage, storageFaultStatus } from '~/utils/db-errors.server'
import { useT } from '~/utils/i18n'
import { imageFromForm, readUploadForm } from '~/utils/images.server'
import { redirectWithToast } from '~/utils/toast.server'
import { useIsPending } from '~/utils/use-is-pending'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, 'orders:write')
  return { filaments: await filamentOptions() }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, 'orders:write')
  const form = await readUploadForm(request)
  const submission = parseWithZod(form, { schema: ProductSchema })
  const photo = await imageFromForm(form, 'photo')
  const hide = { hideFields: ['photo'] }
  const refused = refusedFields(submission, { photo })
  if (submission.status !== 'success' || refused) return data(submission.reply({ ...hide, fieldErrors: refused ?? {} }), { status: 400 })
  // A full or read-only database: a form-level message (507/503), nothing kept (the product and its photo are one transaction).
  const saved = await guardStorage('products.new', () => createProduct(actorOf(user, request), productInput(submission.value), photo.kind === 'image' ? photo.image : null))
  if (!saved.ok) return data(submission.reply({ ...hide, formErrors: [storageFaultMessage[saved.fault]] }), { status: storageFaultStatus[saved.fault] })
  const result = saved.value
  if (!result.ok) {
    const fieldErrors: Record<string, string[]> = result.reason === 'unknown_filament' ? { filamentId: ['products.error.unknownFilament'] } : { name: ['products.error.nameTaken'] }
    return data(submission.reply({ ...hide, fieldErrors }), { status: result.reason === 'name_taken' ? 409 : 400 })
  }
  return redirectWithToast(`/products/${result.product.id}`, { type: 'success', key: 'products.created', params: { name: result.product.name } })
}

export default function NewProductPage() {
  const { filaments } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const t = useT()
  const isPending = useIsPending()
  const [form, fields] = useForm<z.input<typeof ProductSchema>>({
    id: 'new-product',
    lastResult,
    constraint: getZodConstraint(ProductSchema),
    defaultNoValidate: false,
    defaultValue: { unitsPerPlate: '1', wastePct: '0' },
  })
  return (
    <>
      <BackHeader title={t('products.new')} back="products" />
      <Card className="max-w-3xl">
        <FormErrors id={form.errorId} errors={form.errors} />
        <Form method="post" encType="multipart/form-data" className="mt-2 space-y-4" {...getFormProps(form)}>
          <Field label={t('products.field.name')} errors={fields.name.errors} {...getInputProps(fields.name, { type: 'text' })} />
          <ProductFields fields={fields} filaments={filaments} />
          <Button type="submit" disabled={isPending}>
            {isPending ? t('common.saving') : t('products.create')}
          </Button>
        </Form>
      </Card>
    </>
  )
}
