import { createServer, type Server } from 'node:http'

/** A local HTTP server standing in for the external service: it prints what the integration sends. */
export interface Sink {
  url: string
  close(): Promise<void>
}

/** Starts the sink on `host:port`; each request is passed to `print` as `METHOD /path body`. */
export async function startSink(host: string, port: number, print: (line: string) => void): Promise<Sink> {
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      print(`${req.method} ${req.url} ${body}`)
      res.writeHead(204).end()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, resolve)
  })
  const bound = (server.address() as { port: number }).port
  return {
    url: `http://${host}:${bound}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
