import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { Photo } from '~/components/orders/photo'
import { filamentLabel } from '~/components/orders/product-fields'
import { Button, buttonClass } from '~/components/ui/button'
import { Field } from '~/components/ui/field'
import { Card, PageHeader } from '~/components/ui/layout'
import { listProducts } from '~/models/products.server'
import { requireUser } from '~/utils/auth.server'
import { useT } from '~/utils/i18n'
import { can } from '~/utils/permissions'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'orders:read')
  const q = (new URL(request.url).searchParams.get('q') ?? '').slice(0, 100)
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
      <Card className="overflow-x-auto">
        <Form method="get" className="mb-4 flex items-end gap-3">
          <div className="w-72">
            <Field label={t('orders.filter.search')} name="q" type="search" defaultValue={q} maxLength={100} />
          </div>
          <Button type="submit" variant="secondary">
            {t('common.filter')}
          </Button>
        </Form>
        <table className="w-full text-left">
          <thead className="text-sm text-slate-600">
            <tr>
              <th className="py-2 pr-3">{t('products.field.name')}</th>
              <th className="py-2 pr-3">{t('products.field.filament')}</th>
              <th className="py-2 pr-3 text-right">{t('products.field.gramsPerUnit')}</th>
              <th className="py-2 pr-3 text-right">{t('products.field.printMinutesPerPlate')}</th>
              <th className="py-2 text-right">{t('products.field.unitsPerPlate')}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {products.map((p) => (
              <tr key={p.id}>
                <td className="py-2 pr-3">
                  <Link to={`/products/${p.id}`} className="flex min-h-touch items-center gap-3 font-medium text-blue-800 underline">
                    <Photo id={p.photoId} alt={t('products.photoAlt', { name: p.name })} className="h-10 w-10 shrink-0" />
                    {p.name}
                  </Link>
                </td>
                <td className="pr-3">{p.filament ? filamentLabel(p.filament) : t('common.none')}</td>
                <td className="pr-3 text-right tabular-nums">{p.gramsPerUnit}</td>
                <td className="pr-3 text-right tabular-nums">{p.printMinutesPerPlate}</td>
                <td className="text-right tabular-nums">{p.unitsPerPlate}</td>
              </tr>
            ))}
            {products.length === 0 ? (
              <tr>
                <td colSpan={5} className="py-4 text-slate-600">
                  {t('products.empty')}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </Card>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
