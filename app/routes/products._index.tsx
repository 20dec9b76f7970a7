import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { Photo } from '~/components/orders/photo'
import { filamentLabel } from '~/components/orders/product-fields'
import { SEARCH_MAX_LENGTH } from '~/components/orders/schemas'
import { Button, buttonClass } from '~/components/ui/button'
import { Field } from '~/components/ui/field'
import { Card, PageHeader } from '~/components/ui/layout'
import { DataTable } from '~/components/ui/table'
import { listProducts } from '~/models/products.server'
import { requireUser } from '~/utils/auth.server'
import { useT } from '~/utils/i18n'
import { can } from '~/utils/permissions'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'orders:read')
  const q = (new URL(request.url).searchParams.get('q') ?? '').slice(0, SEARCH_MAX_LENGTH)
  return { q, products: await listProducts({ q }), canWrite: can(user.role, 'orders:write') }
}

export default function ProductsPage() {
  const { q, products, canWrite } = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <>
      <PageHeader
        title={t('products.title')}
        actions={
          <>
            <Link to="/orders" className={buttonClass('ghost')}>
              {t('orders.backToBoard')}
            </Link>
            {canWrite ? (
              <Link to="/products/new" className={buttonClass('primary')}>
                {t('products.new')}
              </Link>
            ) : null}
          </>
        }
      />
      <Card>
        <Form method="get" className="mb-4 flex items-end gap-3">
          <div className="w-72">
            <Field label={t('orders.filter.search')} name="q" type="search" defaultValue={q} maxLength={SEARCH_MAX_LENGTH} />
          </div>
          <Button type="submit" variant="secondary">
            {t('common.filter')}
          </Button>
        </Form>
        <DataTable
          columns={[
            {
              header: t('products.field.name'),
              cell: (p) => (
                <Link to={`/products/${p.id}`} className="flex min-h-touch items-center gap-3 font-medium text-blue-800 underline">
                  <Photo id={p.photoId} alt={t('products.photoAlt', { name: p.name })} className="h-10 w-10 shrink-0" />
                  {p.name}
                </Link>
              ),
            },
            { header: t('products.field.filament'), cell: (p) => (p.filament ? filamentLabel(p.filament) : t('common.none')) },
            { header: t('products.field.gramsPerUnit'), numeric: true, cell: (p) => p.gramsPerUnit },
            { header: t('products.field.printMinutesPerPlate'), numeric: true, cell: (p) => p.printMinutesPerPlate },
            { header: t('products.field.unitsPerPlate'), numeric: true, cell: (p) => p.unitsPerPlate },
          ]}
          rows={products}
          rowKey={(p) => p.id}
          empty={t('products.empty')}
        />
      </Card>
    </>
  )
}
