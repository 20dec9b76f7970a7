/**
 * A printer's connection settings (issue 18 item 1): which protocol, where, and the secrets each protocol needs. The one
 * set of rules for the settings page and `PUT /api/v1/printers/{assetId}/connection`.
 *
 * Secrets (OctoPrint/Moonraker API key, Bambu serial + LAN access code) are write-only: a blank field keeps the stored
 * one, a new value replaces it. When the type or the host changes, the stored secrets are dropped and must be given
 * again — otherwise anyone allowed to edit the settings could send a stored key to a machine of their choosing.
 */
import { BAMBU_SERIAL } from './bambu'
import type { ConnectionType } from './state'

export type ConnectedType = Exclude<ConnectionType, 'none'>
export type SecretName = 'apiKey' | 'serial' | 'accessCode'

export interface ConnectionSecrets {
  apiKey?: string
  serial?: string
  accessCode?: string
}

export interface ConnectionSettings {
  type: ConnectionType
  host: string
  port: number | null
  tls: boolean
}

/** What a person or a client sends: a secret that is undefined/'' keeps the stored one, null (API) removes it. */
export interface ConnectionInput extends ConnectionSettings {
  apiKey?: string | null
  serial?: string | null
  accessCode?: string | null
  /** Forget the stored secrets (the form's checkbox). */
  clearSecrets?: boolean
}

/** The secrets each type uses, and which of them it cannot work without. */
export const SECRET_FIELDS: Record<ConnectionType, { name: SecretName; required: boolean }[]> = {
  none: [],
  moonraker: [{ name: 'apiKey', required: false }],
  octoprint: [{ name: 'apiKey', required: true }],
  bambu: [
    { name: 'serial', required: true },
    { name: 'accessCode', required: true },
  ],
}

/** The port a type listens on by default (Moonraker 7125, OctoPrint 80/443, Bambu's MQTT 1883/8883). */
export function defaultPort(type: ConnectedType, tls: boolean): number {
  if (type === 'moonraker') return tls ? 443 : 7125
  if (type === 'octoprint') return tls ? 443 : 80
  return tls ? 8883 : 1883
}

export type ConnectionErrorCode =
  | 'host_required'
  | 'host_invalid'
  | 'port_invalid'
  | 'secret_required'
  | 'secret_invalid'
  | 'serial_invalid'

export interface ConnectionError {
  field: 'host' | 'port' | SecretName
  code: ConnectionErrorCode
}

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/
const IPV6 = /^(?=.*:)[0-9A-Fa-f:.]{2,45}$/
/** Printable ASCII without spaces, 1–128 characters (API keys and access codes as the printers show them). */
const SECRET = /^[\x21-\x7e]{1,128}$/

/** A host name or an IP address: no scheme, path, port or spaces. */
export function isValidHost(host: string): boolean {
  // A name whose last label is all digits would be a mistyped address ("999.1.1.1"), not a host name (RFC 1123).
  return (HOSTNAME.test(host) && !/(^|\.)\d+$/.test(host)) || IPV4.test(host) || IPV6.test(host)
}

export interface ConnectionDecision {
  errors: ConnectionError[]
  /** The settings to store (port filled in with the type's default). */
  settings: ConnectionSettings
  /** The secrets to store (none for type none). */
  secrets: ConnectionSecrets
}

/**
 * Checks an input against the stored connection (null when there is none) and works out what to store. The stored
 * secrets are kept only while type and host stay the same.
 */
export function decideConnection(input: ConnectionInput, stored: { settings: ConnectionSettings; secrets: ConnectionSecrets } | null): ConnectionDecision {
  const errors: ConnectionError[] = []
  if (input.type === 'none') return { errors, settings: { type: 'none', host: '', port: null, tls: false }, secrets: {} }
  const host = input.host.trim()
  if (!host) errors.push({ field: 'host', code: 'host_required' })
  else if (!isValidHost(host)) errors.push({ field: 'host', code: 'host_invalid' })
  const port = input.port ?? defaultPort(input.type, input.tls)
  if (!Number.isInteger(port) || port < 1 || port > 65535) errors.push({ field: 'port', code: 'port_invalid' })
  const sameTarget = !!stored && stored.settings.type === input.type && stored.settings.host.toLowerCase() === host.toLowerCase()
  const kept: ConnectionSecrets = sameTarget && !input.clearSecrets ? stored.secrets : {}
  const secrets: ConnectionSecrets = {}
  for (const { name, required } of SECRET_FIELDS[input.type]) {
    const sent = input[name]
    let value: string | undefined
    if (typeof sent === 'string' && sent.trim() !== '') value = sent.trim()
    else if (sent === null) value = undefined
    else value = kept[name]
    if (value === undefined) {
      if (required) errors.push({ field: name, code: 'secret_required' })
      continue
    }
    if (name === 'serial' ? !BAMBU_SERIAL.test(value) : !SECRET.test(value)) {
      errors.push({ field: name, code: name === 'serial' ? 'serial_invalid' : 'secret_invalid' })
      continue
    }
    secrets[name] = value
  }
  return { errors, settings: { type: input.type, host, port, tls: input.tls }, secrets }
}

/** For the page and the API: which secrets are stored (never their values). */
export function secretsSet(type: ConnectionType, secrets: ConnectionSecrets | null): Partial<Record<SecretName, boolean>> {
  return Object.fromEntries(SECRET_FIELDS[type].map(({ name }) => [name, !!secrets?.[name]]))
}
