import { useEffect, useState } from 'react'
import { useT } from '~/utils/i18n'

/** A stored photo (thumbnail by default), served by /products/photos/:id to signed-in users only. */
export function Photo({ id, alt, size = 'thumb', className = '' }: { id: string | null; alt: string; size?: 'thumb' | 'display'; className?: string }) {
  if (!id) return <div className={`flex items-center justify-center rounded-lg bg-slate-100 text-slate-400 ${className}`} aria-hidden="true">📦</div>
  return <img src={`/products/photos/${id}?size=${size}`} alt={alt} className={`rounded-lg object-cover ${className}`} loading="lazy" />
}

/**
 * File input for a photo. Without JavaScript it is a plain file field of the multipart form; with JavaScript the chosen
 * image is previewed (an object URL, revoked when replaced) before the form is sent.
 */
export function PhotoInput({ name, label, hint, errors }: { name: string; label: string; hint?: string; errors?: string[] }) {
  const t = useT()
  const [preview, setPreview] = useState<string | null>(null)
  useEffect(() => () => {
    if (preview) URL.revokeObjectURL(preview)
  }, [preview])
  const id = `photo-${name}`
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <input
        id={id}
        type="file"
        name={name}
        accept="image/jpeg,image/png,image/webp"
        className="mt-1 block min-h-touch w-full text-base"
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? `${id}-error` : undefined}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0]
          setPreview(file && file.type.startsWith('image/') ? URL.createObjectURL(file) : null)
        }}
      />
      {hint ? <p className="mt-1 text-sm text-slate-600">{hint}</p> : null}
      {preview ? <img src={preview} alt={t('orders.photoPreview')} data-testid="photo-preview" className="mt-2 h-32 w-32 rounded-lg object-cover ring-1 ring-slate-300" /> : null}
      {errors?.length ? (
        <ul id={`${id}-error`} className="mt-1 text-sm text-red-700" role="alert">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}
