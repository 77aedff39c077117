import type { IncomingMessage } from 'node:http'
import { PayloadTooLargeError } from '@switchboard/errors'

const EMPTY = Buffer.alloc(0)

/** The caller went away before the body was complete. */
export class RequestAbortedError extends Error {
  override readonly name = 'RequestAbortedError'
}

/**
 * Reads the request body, holding at most `limit` bytes: the first chunk past the limit stops the
 * reading (the stream is paused and nothing more is kept) and rejects with `PayloadTooLargeError`.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  // The caller may have gone while we were looking the webhook up: 'close' was emitted already.
  if (req.destroyed) return Promise.reject(new RequestAbortedError('request closed before the body was read'))
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const cleanup = () => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
      req.off('close', onClose)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        cleanup()
        req.pause()
        chunks.length = 0
        reject(new PayloadTooLargeError(`request body is larger than ${limit} bytes`))
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => {
      cleanup()
      resolve(chunks.length === 0 ? EMPTY : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size))
    }
    const onError = (err: Error) => {
      cleanup()
      reject(new RequestAbortedError('request failed while reading the body', { cause: err }))
    }
    const onClose = () => {
      cleanup()
      reject(new RequestAbortedError('request closed before the body was complete'))
    }
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
    req.on('close', onClose)
  })
}
