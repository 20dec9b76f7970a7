import { z } from 'zod'
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-policy'
import { roles } from './permissions'
import { noNul } from './text'

// Messages are i18n keys; the form translates them.
export const usernameSchema = z
  .string({ required_error: 'error.username' })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,32}$/, 'error.username')
export const displayNameSchema = z.string({ required_error: 'error.displayName' }).trim().min(1, 'error.displayName').max(80, 'error.displayName').refine(...noNul)
export const passwordSchema = z
  .string({ required_error: 'error.passwordLength' })
  .min(PASSWORD_MIN_LENGTH, 'error.passwordLength')
  .max(PASSWORD_MAX_LENGTH, 'error.passwordLength')
export const roleSchema = z.enum(roles, { errorMap: () => ({ message: 'error.role' }) })

const withConfirm = <T extends z.ZodRawShape>(shape: T) =>
  z
    .object({ ...shape, password: passwordSchema, confirm: z.string({ required_error: 'error.passwordMismatch' }) })
    .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'error.passwordMismatch' })

/** The one-time code the server prints at start (or SETUP_CODE); checked on the server (models/setup-code.server.ts). */
const setupCodeSchema = z.string({ required_error: 'error.setupCode' }).trim().min(1, 'error.setupCode').max(128, 'error.setupCode')

export const SetupSchema = withConfirm({ setupCode: setupCodeSchema, username: usernameSchema, displayName: displayNameSchema })
export const NewUserSchema = withConfirm({ username: usernameSchema, displayName: displayNameSchema, role: roleSchema })

const version = z.coerce.number().int().nonnegative()
export const EditUserSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('save'), version, displayName: displayNameSchema, role: roleSchema }),
  z.object({ intent: z.literal('disable'), version }),
  z.object({ intent: z.literal('enable'), version }),
  z.object({ intent: z.literal('reset-password'), version, password: passwordSchema, confirm: z.string({ required_error: 'error.passwordMismatch' }) }),
  z.object({ intent: z.literal('reset-2fa'), version }),
]).superRefine((v, ctx) => {
  if (v.intent === 'reset-password' && v.password !== v.confirm) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['confirm'], message: 'error.passwordMismatch' })
  }
})

/** The user's own password change: the current one, then the new one twice. */
export const ChangePasswordSchema = z
  .object({
    current: z.string({ required_error: 'account.error.current' }).min(1, 'account.error.current').max(PASSWORD_MAX_LENGTH, 'account.error.current'),
    password: passwordSchema,
    confirm: z.string({ required_error: 'error.passwordMismatch' }),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'error.passwordMismatch' })
