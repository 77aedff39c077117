import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import { verifyRequest, SIGNATURE_HEADER } from '@switchboard/sandbox'

/** The part of a bot event tests read. */
export interface BotEvent {
  type: string
  conversationId?: string
  messageId?: string
  payload: { userId?: string; message?: { id?: string; payload?: { text?: string } } } & Record<
    string,
    unknown
  >
}

/** One request the endpoint bot received. */
export interface BotRequest {
  headers: IncomingHttpHeaders
  body: { event: BotEvent }
  signed: boolean
  /** The status it answered. */
  status: number
}

/** An external bot server (a Bot's `spec.endpoint`): checks each request's signature and records it. */
export interface EndpointBot {
  url: string
  secret: string
  /** The events it was sent (`event_received`). */
  received: BotRequest[]
  /** Its lifecycle calls (`ping`, `register`, `unregister`: no event), answered 200. */
  lifecycle: Array<{ headers: IncomingHttpHeaders; signed: boolean }>
  close(): Promise<void>
}

/**
 * Starts an endpoint bot on a free port. `answer` decides the status of each signed event (default
 * 200; it is given the request's headers too) and may act first, e.g. reply with `createMessage`; it runs before the request is recorded, and
 * a request it throws on is answered 500.
 */
export async function startEndpointBot(
  answer: (event: BotEvent, headers: IncomingHttpHeaders) => Promise<number> | number = () => 200,
): Promise<EndpointBot> {
  const secret = 'endpoint-signing-secret-0123456789'
  const received: BotRequest[] = []
  const lifecycle: EndpointBot['lifecycle'] = []
  const server: Server = createServer((req, res) => {
    let raw = ''
    req.on('data', (c: Buffer) => (raw += c.toString()))
    req.on('end', () => {
      void (async () => {
        const signed = verifyRequest(secret, raw, req.headers[SIGNATURE_HEADER] as string | undefined)
        const body = JSON.parse(raw) as { event?: BotEvent }
        if (!body.event) {
          lifecycle.push({ headers: req.headers, signed })
          return void res.writeHead(signed ? 200 : 401).end('{}')
        }
        const event = body.event
        const status = signed ? await Promise.resolve(answer(event, req.headers)).catch(() => 500) : 401
        received.push({ headers: req.headers, body: { event }, signed, status })
        res.writeHead(status).end('{}')
      })()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port
  return {
    url: `http://127.0.0.1:${port}/`,
    secret,
    received,
    lifecycle,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections()
        server.close(() => r())
      }),
  }
}
