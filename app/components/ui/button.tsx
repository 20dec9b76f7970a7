import type { ButtonHTMLAttributes } from 'react'

export type Variant = 'primary' | 'secondary' | 'danger' | 'danger-outline' | 'ghost'

/** The classes live in app/styles.css (`.btn`, `.btn-<variant>`): written out whole so Tailwind finds them. */
const variants: Record<Variant, string> = {
  primary: 'btn-primary',
  secondary: 'btn-secondary',
  danger: 'btn-danger',
  'danger-outline': 'btn-danger-outline',
  ghost: 'btn-ghost',
}

export function buttonClass(variant: Variant = 'primary', extra = '') {
  return extra ? `btn ${variants[variant]} ${extra}` : `btn ${variants[variant]}`
}

export function Button({ variant = 'primary', className = '', type = 'button', ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant }) {
  return <button type={type} className={buttonClass(variant, className)} {...props} />
}
