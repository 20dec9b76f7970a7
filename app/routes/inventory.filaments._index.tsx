import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { FilamentFields } from '~/components/inventory/filament-fields'
import { NewFilamentSchema } from '~/components/inventory/schemas'
import { formatGrams, InventoryTabs, Swatch } from '~/components/inventory/ui'
import { Button } from '~/components/ui/button'
import { FormErrors } from '~/components/ui/field'
import { Badge, Card, PageHeader } from '~/components/ui/layout'
import { createFilament, listFilaments } from '~/models/inventory/filaments.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { translateErrors } from '~/utils/forms'
import { useT } from '~/utils/i18n'
import { can } from '~/utils/permissions'
import { readForm } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'inventory:read')
  return { filaments: await listFilaments({ includeArchived: true }), canWrite: can(user.role, 'inventory:write') }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, 'inventory:write')
  const submission = parseWithZod(await readForm(request), { schema: NewFilamentSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const v = submission.value
  const result = await createFilament(actorOf(user, request), {
    material: v.material,
    colourName: v.colourName,
    colourHex: v.colourHex,
    brand: v.brand,
    diameterMm: v.diameterMm,
    densityGPerCm3: v.densityGPerCm3,
    costPerKg: v.costPerKg ?? null,
    lowStockMg: v.lowStockGrams,
  })
  if (!result.ok) return data(submission.reply({ fieldErrors: { brand: ['inventory.error.duplicateFilament'] } }), { status: 409 })
  const f = result.filament
  return redirectWithToast('/inventory/filaments', {
    type: 'success',
    key: 'inventory.filaments.created',
    params: { name: `${f.material} ${f.colourName} (${f.brand})` },
  })
}

export default function FilamentsPage() {
  const { filaments, canWrite } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const errors = (lastResult?.error ?? {}) as Record<string, string[] | undefined>
  const sent = (lastResult?.initialValue ?? {}) as Record<string, string | undefined>
  return (
    <>
      <PageHeader title={t('inventory.title')} />
      <InventoryTabs />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="overflow-x-auto lg:col-span-2">
          {filaments.length === 0 ? (
            <p className="text-slate-700">{t('inventory.filaments.empty')}</p>
          ) : (
            <table className="w-full text-left">
              <thead className="text-sm text-slate-600">
                <tr>
                  <th className="py-2 pr-3">{t('inventory.material')}</th>
                  <th className="py-2 pr-3">{t('inventory.colour')}</th>
                  <th className="py-2 pr-3">{t('inventory.brand')}</th>
                  <th className="py-2 pr-3">{t('inventory.diameter')}</th>
                  <th className="py-2 pr-3 text-right">{t('inventory.lowStock')}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {filaments.map((f) => (
                  <tr key={f.id} data-testid="filament-row">
                    <td className="py-1 pr-3">
                      <Link to={`/inventory/filaments/${f.id}`} className="flex min-h-touch items-center font-medium text-blue-800 underline">
                        {f.material}
                      </Link>
                    </td>
                    <td className="pr-3">
                      <span className="flex items-center gap-2">
                        <Swatch hex={f.colourHex} />
                        {f.colourName}
                        {f.archivedAt ? <Badge>{t('inventory.filaments.archived')}</Badge> : null}
                      </span>
                    </td>
                    <td className="pr-3">{f.brand}</td>
                    <td className="pr-3">{f.diameterMm}</td>
                    <td className="pr-3 text-right tabular-nums">{formatGrams(f.lowStockMg)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
        {canWrite ? (
          <Card>
            <h2 className="text-lg font-semibold">{t('inventory.filaments.new')}</h2>
            <Form method="post" className="mt-4 space-y-4" key={filaments.length}>
              <FormErrors errors={translateErrors(t, errors[''])} />
              <FilamentFields defaults={sent} errors={errors} />
              <Button type="submit" className="w-full" disabled={navigation.state === 'submitting'}>
                {t('common.create')}
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
