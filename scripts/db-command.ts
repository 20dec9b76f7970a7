import { closeDb } from '../db/client.server'
import { refusal } from '../db/integrity.server'

/**
 * Runs a command-line step on the database and closes it after. A refusal to open the database (the embedded folder in
 * use by the server or another command, damaged or half-restored) is said in plain words with its exit code; anything
 * else is thrown as is.
 */
export async function dbCommand(body: () => Promise<void>): Promise<void> {
  try {
    await body()
  } catch (e) {
    const refused = refusal(e)
    if (!refused) throw e
    console.error(refused.message)
    process.exitCode = refused.exitCode
  } finally {
    await closeDb()
  }
}
