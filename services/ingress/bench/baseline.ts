/**
 * Bench target (b): the minimal publish baseline — a plain node http server that reads the body,
 * does one JetStream publish of it per request and answers 202 once it is acknowledged. Same NATS
 * client and stream as ingress; no lookup, no envelope, no reply wait. Env: PORT, NATS_URL, SUBJECT.
 */
import { createServer } from 'node:http'
import { connectNats, jetstream } from '@switchboard/nats'

const nc = await connectNats(process.env.NATS_URL!, 'bench-baseline')
const js = jetstream(nc)
const subject = process.env.SUBJECT!
const accepted = Buffer.from('{"status":"accepted"}')

createServer((req, res) => {
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => {
    js.publish(subject, Buffer.concat(chunks)).then(
      () => {
        res.writeHead(202, ['content-type', 'application/json', 'content-length', String(accepted.length)])
        res.end(accepted)
      },
      () => {
        res.writeHead(503)
        res.end()
      },
    )
  })
}).listen(Number(process.env.PORT), '127.0.0.1')
process.once('SIGTERM', () => process.exit(0))
