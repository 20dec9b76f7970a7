/**
 * `npm run printers:rekey`: re-encrypts every printer connection secret from PRINTER_SECRET_KEY_OLD to
 * PRINTER_SECRET_KEY (both 32-byte keys, 64 hex characters or base64). Stop the server first (the embedded database is
 * held by one process), run this, then start the server with the new key. Nothing changes unless every secret could be
 * re-encrypted.
 */
import { rekeyConnections } from '~/models/printers/live/rekey.server'
import { decodeSecretKey } from '~/utils/env.server'
import { dbCommand } from './db-command'

const oldKey = decodeSecretKey(process.env.PRINTER_SECRET_KEY_OLD ?? '')
const newKey = decodeSecretKey(process.env.PRINTER_SECRET_KEY ?? '')
if (!oldKey || !newKey) {
  console.error('Set PRINTER_SECRET_KEY_OLD (the key the secrets are stored with) and PRINTER_SECRET_KEY (the new one): 32-byte keys, 64 hex characters or base64 (`openssl rand -base64 32`).')
  process.exitCode = 2
} else {
  await dbCommand(async () => {
    const result = await rekeyConnections({ id: null, username: 'printers:rekey' }, oldKey, newKey)
    if (result.ok) {
      console.log(`printer secrets re-encrypted: ${result.rekeyed} (already under the new key: ${result.already}). Start the server with the new PRINTER_SECRET_KEY.`)
      return
    }
    console.error(`nothing changed: the secrets of ${result.unreadable.join(', ')} open with neither key. Enter those connections again, or set their type to "none", then run this again.`)
    process.exitCode = 1
  })
}
