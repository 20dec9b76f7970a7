import { z } from 'zod'
import { MACHINE_NAME_MAX_LENGTH, parseMachineName, parseSensorId } from '~/domain/vibration/ingest'
import { noNul } from '~/utils/text'

export const SIGNAL_UNITS = ['acceleration_ms2', 'acceleration_g', 'velocity_mms', 'unknown'] as const

const orNull = <T>(v: T | undefined): T | null => v ?? null

/**
 * A machine as the new-machine and edit forms send it; the output is what createMachine/updateMachine take (empty
 * optional choices as null). Messages are i18n keys; the form translates them.
 */
export const MachineSchema = z.object({
  name: z
    .string({ required_error: 'vibration.error.name' })
    .max(MACHINE_NAME_MAX_LENGTH, 'vibration.error.name')
    .transform((v, ctx) => {
      const name = parseMachineName(v)
      if (name === null) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'vibration.error.name' })
      return name ?? ''
    }),
  location: z.string().trim().max(120).refine(...noNul).optional().default(''),
  description: z.string().trim().max(500).refine(...noNul).optional().default(''),
  nominalRpm: z
    .number({ invalid_type_error: 'vibration.error.rpm' })
    .int('vibration.error.rpm')
    .min(1, 'vibration.error.rpm')
    .max(1_000_000, 'vibration.error.rpm')
    .optional()
    .transform(orNull),
  signalUnit: z.enum(SIGNAL_UNITS).default('unknown'),
  isoGroup: z.enum(['group1', 'group2']).optional().transform(orNull),
  isoFoundation: z.enum(['rigid', 'flexible']).optional().transform(orNull),
  /** How much of a sensor's first data its provisional baseline is learned from (stored in seconds). */
  baselineMinutes: z
    .number({ invalid_type_error: 'vibration.error.baselineMinutes' })
    .int('vibration.error.baselineMinutes')
    .min(1, 'vibration.error.baselineMinutes')
    .max(1440, 'vibration.error.baselineMinutes')
    .optional()
    .transform((v) => v ?? 10),
  sensors: z
    .string()
    .max(500)
    .optional()
    .transform((v, ctx) => {
      const parts = (v ?? '')
        .split(/[,\s]+/)
        .map((s) => s.trim())
        .filter(Boolean)
      const parsed = parts.map(parseSensorId)
      if (parsed.some((p) => p === null)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'vibration.error.sensors' })
      return [...new Set(parsed.filter((p): p is string => p !== null))]
    }),
})

export const EditMachineSchema = MachineSchema.extend({ version: z.coerce.number().int().nonnegative() })

export type MachineFormInput = z.input<typeof MachineSchema>
