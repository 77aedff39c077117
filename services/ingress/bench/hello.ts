/**
 * Bench target (c): a bare hello-world node http server, the ceiling of what node:http does on this
 * machine. Env: PORT.
 */
import { createServer } from 'node:http'

const body = Buffer.from('hello world')
createServer((_req, res) => {
  res.writeHead(200, ['content-type', 'text/plain', 'content-length', String(body.length)])
  res.end(body)
}).listen(Number(process.env.PORT), '127.0.0.1')
process.once('SIGTERM', () => process.exit(0))
