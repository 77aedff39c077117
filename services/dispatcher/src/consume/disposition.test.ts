import { InvalidInputError, TimeoutError, UnavailableError } from '@switchboard/errors'
import { expect, it } from 'vitest'
import { dispositionFor } from './disposition.js'

const policy = { maxAttempts: 4, backoffBaseMs: 100, backoffMaxMs: 350 }

it('acks success, naks retryable errors with capped exponential backoff, terms on the last attempt', () => {
  expect(dispositionFor(undefined, 1, policy)).toEqual({ kind: 'ack' })
  expect(dispositionFor(new UnavailableError('down'), 1, policy)).toEqual({ kind: 'nak', delayMs: 100 })
  expect(dispositionFor(new TimeoutError('slow'), 2, policy)).toEqual({ kind: 'nak', delayMs: 200 })
  expect(dispositionFor(new UnavailableError('down'), 3, policy)).toEqual({ kind: 'nak', delayMs: 350 })
  expect(dispositionFor(new UnavailableError('down'), 4, policy)).toMatchObject({
    kind: 'term',
    reason: /after 4 attempts: down/,
  })
})

it('terms a poison message at once, and treats unknown errors as retryable', () => {
  expect(dispositionFor(new InvalidInputError('bad body'), 1, policy)).toMatchObject({
    kind: 'term',
    reason: /not retryable/,
  })
  expect(dispositionFor(new Error('surprise'), 1, policy)).toEqual({ kind: 'nak', delayMs: 100 })
})

it('retries an outage of the platform itself (gRPC UNAVAILABLE) without ever giving up, backoff capped', () => {
  const outage = new UnavailableError('No connection established', { cause: { code: 14 } })
  expect(dispositionFor(outage, 4, policy)).toEqual({ kind: 'nak', delayMs: 350 })
  expect(dispositionFor(outage, 400, policy)).toEqual({ kind: 'nak', delayMs: 350 })
  // A handler that answers 5xx is the message's failure: it counts.
  expect(dispositionFor(new UnavailableError('handler answered 503'), 4, policy).kind).toBe('term')
})
