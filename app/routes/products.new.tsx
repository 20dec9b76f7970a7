import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ProductFields } from '~/components/orders/product-fields'
import { productInput, ProductSchema } from '~/components/orders/schemas'
import { Button, buttonClass } from '~/components/ui/button'
import { Field, FormErrors } from '~/components/ui/field'
import { Card, PageHeader } from '~/components/ui/layout'
import { createProduct, filamentOptions } from '~/models/products.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { guardStorage, storageFaultMessage, storageFaultStatus } from '~/utils/db-errors.server'
import { translateFieldErrors } from '~/utils/forms'
import { useT } from '~/utils/i18n'
import { imageFromForm, readUploadForm } from '~/utils/images.server'
import { redirectWithToast } from '~/utils/toast.server'

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
  if (submission.status !== 'success' || photo.kind === 'error') {
    const fieldErrors = { ...(submission.status === 'success' ? {} : submission.error), ...(photo.kind === 'error' ? { photo: [`products.error.photo.${photo.code}`] } : {}) } as Record<string, string[]>
    return data(submission.reply({ ...hide, fieldErrors }), { status: 400 })
  }
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
  const navigation = useNavigation()
  const tr = translateFieldErrors(t, lastResult?.error)
  const v = (lastResult?.initialValue ?? {}) as Record<string, string | undefined>
  return (
    <>
      <PageHeader
        title={t('products.new')}
        actions={
          <Link to="/products" className={buttonClass('ghost')}>
            {t('products.backToList')}
          </Link>
        }
      />
      <Card className="max-w-3xl">
        <FormErrors errors={tr['']} />
        <Form method="post" encType="multipart/form-data" className="mt-2 space-y-4">
          <Field label={t('products.field.name')} name="name" required maxLength={120} defaultValue={v.name ?? ''} errors={tr.name} />
          <ProductFields
            filaments={filaments}
            errors={tr}
            values={{
              filamentId: v.filamentId ?? '',
              gramsPerUnit: v.gramsPerUnit ?? '',
              printMinutesPerPlate: v.printMinutesPerPlate ?? '',
              unitsPerPlate: v.unitsPerPlate ?? '1',
              wastePct: v.wastePct ?? '0',
              productNotes: v.productNotes ?? '',
            }}
          />
          <Button type="submit" disabled={navigation.state === 'submitting'}>
            {navigation.state === 'submitting' ? t('common.saving') : t('products.create')}
          </Button>
        </Form>
      </Card>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
