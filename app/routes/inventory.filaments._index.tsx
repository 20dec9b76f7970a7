import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { filamentDefaults, FilamentFields } from '~/components/inventory/filament-fields'
import { filamentInput, filamentShape } from '~/components/inventory/schemas'
import { InventoryTabs, Swatch, useGrams } from '~/components/inventory/ui'
import { Button } from '~/components/ui/button'
import { FormErrors } from '~/components/ui/field'
import { Badge, Card, PageHeader } from '~/components/ui/layout'
import { DataTable } from '~/components/ui/table'
import { createFilament, listFilaments } from '~/models/inventory/filaments.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { useT } from '~/utils/i18n'
import { can } from '~/utils/permissions'
import { readForm } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'
import { useIsPending } from '~/utils/use-is-pending'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

const NewFilamentSchema = z.object(filamentShape)

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'inventory:read')
  return { filaments: await listFilaments({ includeArchived: true }), canWrite: can(user.role, 'inventory:write') }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, 'inventory:write')
  const submission = parseWithZod(await readForm(request), { schema: NewFilamentSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const result = await createFilament(actorOf(user, request), filamentInput(submission.value))
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
  const isPending = useIsPending()
  const t = useT()
  const grams = useGrams()
  // A new id after each filament added: the form starts again from the defaults.
  const [form, fields] = useForm({
    id: `new-filament-${filaments.length}`,
    lastResult,
    constraint: getZodConstraint(NewFilamentSchema),
    defaultNoValidate: false, // without JavaScript the browser checks the schema's limits; with it, the server answers
    defaultValue: filamentDefaults(),
  })
  return (
    <>
      <PageHeader title={t('inventory.title')} />
      <InventoryTabs />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <DataTable
            rows={filaments}
            rowKey={(f) => f.id}
            rowProps={() => ({ 'data-testid': 'filament-row' })}
            empty={t('inventory.filaments.empty')}
            columns={[
              {
                header: t('inventory.material'),
                cell: (f) => (
                  <Link to={`/inventory/filaments/${f.id}`} className="link-row">
                    {f.material}
                  </Link>
                ),
              },
              {
                header: t('inventory.colour'),
                cell: (f) => (
                  <span className="flex items-center gap-2">
                    <Swatch hex={f.colourHex} />
                    {f.colourName}
                    {f.archivedAt ? <Badge>{t('inventory.filaments.archived')}</Badge> : null}
                  </span>
                ),
              },
              { header: t('inventory.brand'), cell: (f) => f.brand },
              { header: t('inventory.diameter'), cell: (f) => f.diameterMm },
              { header: t('inventory.lowStock'), numeric: true, cell: (f) => grams(f.lowStockMg) },
            ]}
          />
        </Card>
        {canWrite ? (
          <Card>
            <h2 className="text-lg font-semibold">{t('inventory.filaments.new')}</h2>
            <Form method="post" className="mt-4 space-y-4" {...getFormProps(form)}>
              <FormErrors id={form.errorId} errors={form.errors} />
              <FilamentFields fields={fields} />
              <Button type="submit" className="w-full" disabled={isPending}>
                {t('common.create')}
              </Button>
            </Form>
          </Card>
        ) : null}
      </div>
    </>
  )
}

