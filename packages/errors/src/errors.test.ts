import { status } from '@grpc/grpc-js'
import { describe, expect, it } from 'vitest'
import {
  fromGrpcError,
  InternalError,
  NotFoundError,
  PayloadTooLargeError,
  toGrpcError,
  toHttpError,
} from './index.js'

describe('error mapping', () => {
  it('maps a missing resource to the Runtime API 404 body', () => {
    const { status: code, body } = toHttpError(new NotFoundError('Conversation conv_1'))
    expect(code).toBe(404)
    expect(body).toMatchObject({
      code: 404,
      type: 'ResourceNotFound',
      message: 'Conversation conv_1 not found',
    })
    expect(body.id).toMatch(/^err_/)
  })

  it('never leaks the message of an unexpected error', () => {
    const { status: code, body } = toHttpError(
      new Error('duplicate key value violates constraint "secret_table"'),
    )
    expect(code).toBe(500)
    expect(body.message).toBe('An internal error occurred')
    expect(toGrpcError(new InternalError('boom with details')).details).toBe('internal error')
  })

  it('round-trips typed errors through gRPC status codes', () => {
    const g = toGrpcError(new PayloadTooLargeError('too big'))
    expect(g.code).toBe(status.RESOURCE_EXHAUSTED)
    const back = fromGrpcError(g)
    expect(back).toBeInstanceOf(PayloadTooLargeError)
    expect(back.message).toBe('too big')
  })
})
