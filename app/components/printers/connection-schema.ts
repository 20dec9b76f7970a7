/**
 * The printer connection form (app/routes/printers.$printerId_.connection.tsx) and the body of
 * `PUT /api/v1/printers/{assetId}/connection`: field shapes here, the rules (host, port, which secrets) in
 * app/domain/printers/live/connection.ts so both paths refuse the same things. Messages are i18n keys.
 */
import { z } from 'zod'
import type { ConnectionError } from '~/domain/printers/live/connection'
import { CONNECTION_TYPES } from '~/domain/printers/live/state'
import { noNul } from '~/utils/text'

const secretField = (max: number, key: string) => z.string().trim().max(max, key).refine(...noNul).optional()

export const ConnectionFormSchema = z.object({
  /** The connection's version the form was built from (0: none yet). */
  version: z.number({ required_error: 'error.conflict', invalid_type_error: 'error.conflict' }).int().min(0).max(2_147_483_647),
  type: z.enum(CONNECTION_TYPES, { errorMap: () => ({ message: 'printerLive.connection.type' }) }),
  host: z.string().trim().max(253, 'printerLive.error.host_invalid').refine(...noNul).optional().default(''),
  port: z.number({ invalid_type_error: 'printerLive.error.port_invalid' }).int('printerLive.error.port_invalid').min(1, 'printerLive.error.port_invalid').max(65535, 'printerLive.error.port_invalid').optional(),
  tls: z.boolean().optional().default(false),
  apiKey: secretField(128, 'printerLive.error.secret_invalid'),
  serial: secretField(40, 'printerLive.error.serial_invalid'),
  accessCode: secretField(128, 'printerLive.error.secret_invalid'),
  clearSecrets: z.boolean().optional().default(false),
})

/** The API body: `{"type","host","port","tls","serial"?,"accessCode"?,"apiKey"?}`; a secret null removes it, absent keeps it. */
export const ConnectionApiSchema = z
  .object({
    type: z.enum(CONNECTION_TYPES),
    host: z.string().max(253).optional().default(''),
    port: z.number().int().min(1).max(65535).nullable().optional(),
    // Bambu Lab's LAN mode is TLS-only: omitted means TLS for a Bambu connection, plain for the others.
    tls: z.boolean().optional(),
    serial: z.string().max(40).nullable().optional(),
    accessCode: z.string().max(128).nullable().optional(),
    apiKey: z.string().max(128).nullable().optional(),
  })
  .strict()

/** The domain's refusals as conform field errors (i18n keys). */
export function connectionFieldErrors(errors: ConnectionError[]): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const e of errors) (out[e.field] ??= []).push(`printerLive.error.${e.code}`)
  return out
}
