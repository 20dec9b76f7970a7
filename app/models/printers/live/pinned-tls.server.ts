/**
 * A TLS connection that sends nothing until the peer's certificate is the pinned one (trust on first use when none is
 * pinned yet). For Bambu Lab printers, whose certificates no public CA vouches for: chain validation cannot apply, so
 * the certificate itself is pinned. The MQTT client writes its CONNECT packet — with the access code — as soon as it has
 * a stream; this duplex holds every write until the handshake is done and the fingerprint matches, and otherwise ends
 * the connection without having sent a byte of it.
 */
import { Duplex } from 'node:stream'
import tls from 'node:tls'

export class CertificateChangedError extends Error {
  /** mqtt.js passes on stream errors that carry a code (as socket errors do), and drops the others. */
  readonly code = 'ECERTCHANGED'
  constructor(
    readonly expected: string,
    readonly got: string,
  ) {
    super(`the printer presented another certificate (pinned ${expected.slice(0, 23)}…, now ${got.slice(0, 23)}…): if the printer was replaced or reset, forget the certificate on its connection page`)
    this.name = 'CertificateChangedError'
  }
}

export function pinnedTlsStream(opts: { host: string; port: number; pinned: string | null; timeoutMs: number; onTrusted: (fingerprint: string) => void }): Duplex {
  const socket = tls.connect({ host: opts.host, port: opts.port, rejectUnauthorized: false, timeout: opts.timeoutMs })
  let verified = false
  const held: Array<{ chunk: Buffer; done: (e?: Error | null) => void }> = []
  const stream = new Duplex({
    write(chunk: Buffer, _encoding, done) {
      if (verified) socket.write(chunk, (e) => done(e ?? null))
      else held.push({ chunk, done })
    },
    read() {
      socket.resume()
    },
    final(done) {
      socket.end(() => done())
    },
    destroy(error, done) {
      for (const h of held.splice(0)) h.done(error ?? new Error('connection closed'))
      socket.destroy()
      done(error)
    },
  })
  socket.on('secureConnect', () => {
    const got = socket.getPeerCertificate().fingerprint256 ?? ''
    if (!got || (opts.pinned !== null && got !== opts.pinned)) {
      stream.destroy(new CertificateChangedError(opts.pinned ?? '(none)', got || '(no certificate)'))
      return
    }
    verified = true
    if (opts.pinned === null) opts.onTrusted(got)
    for (const h of held.splice(0)) socket.write(h.chunk, (e) => h.done(e ?? null))
  })
  socket.on('data', (data: Buffer) => {
    if (!stream.push(data)) socket.pause()
  })
  socket.on('end', () => stream.push(null))
  socket.on('timeout', () => stream.destroy(new Error('timed out')))
  socket.on('error', (e) => stream.destroy(e))
  socket.on('close', () => {
    if (!stream.destroyed) stream.destroy()
  })
  return stream
}
