import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react'
import { translateErrors } from '~/utils/forms'
import { useT } from '~/utils/i18n'

export const inputClass =
  'block w-full min-h-touch rounded-lg border-0 px-3 py-2 text-base text-slate-900 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-blue-700 aria-[invalid=true]:ring-red-600'

/**
 * Field and form errors are shown as given, or translated when they are i18n keys (zod schemas carry keys as messages),
 * so a route passes conform's `fields.x.errors` straight through.
 */
function Errors({ id, errors }: { id: string; errors?: string[] | null }) {
  const shown = translateErrors(useT(), errors ?? undefined)
  if (!shown?.length) return null
  return (
    <ul id={id} className="mt-1 text-sm text-red-700" role="alert">
      {shown.map((e) => (
        <li key={e}>{e}</li>
      ))}
    </ul>
  )
}

export function Field({
  label,
  errors,
  hint,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & { label: ReactNode; errors?: string[] | null; hint?: ReactNode }) {
  const fallback = useId()
  const id = input.id ?? fallback
  const errorId = `${id}-error`
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <div className="mt-1">
        <input
          id={id}
          className={inputClass}
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={errors?.length ? errorId : undefined}
          {...input}
        />
      </div>
      {hint ? <p className="mt-1 text-sm text-slate-600">{hint}</p> : null}
      <Errors id={errorId} errors={errors} />
    </div>
  )
}

export function SelectField({
  label,
  errors,
  options,
  ...select
}: SelectHTMLAttributes<HTMLSelectElement> & {
  label: ReactNode
  errors?: string[] | null
  options: Array<{ value: string; label: string }>
}) {
  const fallback = useId()
  const id = select.id ?? fallback
  const errorId = `${id}-error`
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select
        id={id}
        className={`mt-1 ${inputClass}`}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? errorId : undefined}
        {...select}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Errors id={errorId} errors={errors} />
    </div>
  )
}

export function FormErrors({ errors, id }: { errors?: string[] | null; id?: string }) {
  const shown = translateErrors(useT(), errors ?? undefined)
  if (!shown?.length) return null
  return (
    <div id={id} className="rounded-lg bg-red-50 p-3 text-sm text-red-800 ring-1 ring-red-200" role="alert">
      {shown.map((e) => (
        <p key={e}>{e}</p>
      ))}
    </div>
  )
}
