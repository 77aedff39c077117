import { once } from 'node:events'
import { createServer, type IncomingMessage } from 'node:http'
import { connect } from 'node:net'
import { PayloadTooLargeError } from '@switchboard/errors'
import { describe, expect, it } from 'vitest'
import { readBody, RequestAbortedError } from './body.js'

/** Runs `handle` on the first request a raw client sends as `text` (then hangs up if `hangUp`). */
async function serveOne(text: string, hangUp: boolean, handle: (req: IncomingMessage) => Promise<unknown>) {
  let result: Promise<unknown> | undefined
  const server = createServer((req, res) => {
    result = handle(req).finally(() => res.destroy())
    // It may settle before serveOne awaits it below; that is not an unhandled rejection.
    result.catch(() => undefined)
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const socket = connect((server.address() as { port: number }).port, '127.0.0.1')
  await once(socket, 'connect')
  socket.write(text)
  while (!result) await new Promise((r) => setTimeout(r, 5))
  if (hangUp) socket.destroy()
  try {
    return await result
  } finally {
    socket.destroy()
    server.close()
  }
}

describe('readBody', () => {
  it('fails rather than waits forever when the caller left before the body was read', async () => {
    const outcome = serveOne(
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\npartial',
      true,
      async (req) => {
        req.on('error', () => undefined)
        await new Promise((resolve) => req.once('close', resolve))
        return readBody(req, 1024)
      },
    )
    await expect(outcome).rejects.toBeInstanceOf(RequestAbortedError)
  })

  it('stops at the limit while the body is still streaming', async () => {
    const chunk = 'a'.repeat(600)
    const outcome = serveOne(
      `POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n258\r\n${chunk}\r\n258\r\n${chunk}\r\n`,
      false,
      (req) => readBody(req, 1024),
    )
    await expect(outcome).rejects.toBeInstanceOf(PayloadTooLargeError)
  })

  it('reads an empty and a complete body', async () => {
    const empty = await serveOne('GET / HTTP/1.1\r\nHost: x\r\n\r\n', false, (req) => readBody(req, 1024))
    expect((empty as Buffer).length).toBe(0)
    const full = await serveOne(
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello',
      false,
      (req) => readBody(req, 1024),
    )
    expect((full as Buffer).toString()).toBe('hello')
  })
})
