import { createServer } from 'node:net'

/** True when nothing listens on `host:port` (we could bind it). */
export function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer()
    s.once('error', () => resolve(false))
    s.listen({ host, port, exclusive: true }, () => s.close(() => resolve(true)))
  })
}

/** A port the OS says is free right now. */
export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen({ host, port: 0 }, () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })
}
