import { getInputProps, type FieldMetadata } from '@conform-to/react'
import { useEffect, useState } from 'react'
import { useT } from '~/utils/i18n'
import { Field } from '../ui/field'

/** A stored photo (thumbnail by default), served by /products/photos/:id to signed-in users only. */
export function Photo({ id, alt, size = 'thumb', className = '' }: { id: string | null; alt: string; size?: 'thumb' | 'display'; className?: string }) {
  if (!id) {
    // No photo: a drawn box (an emoji needs a colour-emoji font, which not every tablet or print server has).
    return (
      <div className={`flex items-center justify-center rounded-lg bg-slate-100 text-slate-400 ${className}`} aria-hidden="true">
        <svg viewBox="0 0 24 24" className="h-1/2 w-1/2" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round">
          <path d="M3.5 7.5 12 3l8.5 4.5v9L12 21l-8.5-4.5z" />
          <path d="M3.5 7.5 12 12l8.5-4.5M12 12v9" />
        </svg>
      </div>
    )
  }
  return <img src={`/products/photos/${id}?size=${size}`} alt={alt} className={`rounded-lg object-cover ${className}`} loading="lazy" />
}

/**
 * File input for a photo (its errors come from the server's image checks). Without JavaScript it is a plain file field
 * of the multipart form; with JavaScript the chosen image is previewed (an object URL, revoked when replaced) before the
 * form is sent.
 */
export function PhotoInput({ field, label }: { field: FieldMetadata<unknown>; label: string }) {
  const t = useT()
  const [preview, setPreview] = useState<string | null>(null)
  useEffect(() => () => {
    if (preview) URL.revokeObjectURL(preview)
  }, [preview])
  return (
    <Field
      label={label}
      hint={
        <>
          {t('products.field.photoHint')}
          {preview ? <img src={preview} alt={t('orders.photoPreview')} data-testid="photo-preview" className="mt-2 block h-32 w-32 rounded-lg object-cover ring-1 ring-slate-300" /> : null}
        </>
      }
      accept="image/jpeg,image/png,image/webp"
      className="block min-h-touch w-full text-base"
      errors={field.errors}
      onChange={(e) => {
        const file = e.currentTarget.files?.[0]
        setPreview(file && file.type.startsWith('image/') ? URL.createObjectURL(file) : null)
      }}
      {...getInputProps(field, { type: 'file' })}
    />
  )
}

/** "Remove photo" on an edit form whose record has one. */
export function RemovePhotoCheckbox({ field }: { field: FieldMetadata<unknown> }) {
  const t = useT()
  return (
    <label className="flex min-h-touch items-center gap-2">
      <input className="h-5 w-5" {...getInputProps(field, { type: 'checkbox' })} />
      {t('orders.removePhoto')}
    </label>
  )
}
