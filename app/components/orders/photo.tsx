import { getInputProps, type FieldMetadata } from '@conform-to/react'
import { useEffect, useState } from 'react'
import { useT } from '~/utils/i18n'
import { Field } from '../ui/field'

/** A stored photo (thumbnail by default), served by /products/photos/:id to signed-in users only. */
export function Photo({ id, alt, size = 'thumb', className = '' }: { id: string | null; alt: string; size?: 'thumb' | 'display'; className?: string }) {
  if (!id) {
    // No photo: a drawn box (an emoji needs a colour-emoji font, which not every tablet or print server has). The drawing
    // is the `.photo-none` background in app/styles.css, not markup: a list of 50 orders drew it 50 times. The empty <i>
    // holds the drawing's place, so the box lines up with text beside it as the drawing did.
    return (
      <div className={`photo-none ${className}`} aria-hidden="true">
        <i />
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
