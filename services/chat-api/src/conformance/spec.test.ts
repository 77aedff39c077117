import { describe, expect, it } from 'vitest'
import { checkError, checkResponse, formatTable, loadSpec, matchOperation } from './spec.js'

const runtime = loadSpec('runtime')
const user = {
  id: 'user_01HZX0000000000000000000000',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  tags: {},
}

describe('the shared conformance harness', () => {
  it('loads the 48 runtime operations, and the files and tables specs', () => {
    expect(runtime.operations).toHaveLength(48)
    expect(runtime.version).toBe('1.70.2')
    expect(loadSpec('files').operations.length).toBeGreaterThan(0)
    expect(loadSpec('tables').operations.length).toBeGreaterThan(0)
  })

  it('validates a body against the response schema and the component schemas it references', () => {
    expect(checkResponse(runtime, 'getUser', 200, { user })).toEqual([])
    expect(checkResponse(runtime, 'getUser', 200, { user: { ...user, id: 'short' } })).toEqual([
      'response.user.id: must NOT have fewer than 28 characters',
    ])
    expect(checkResponse(runtime, 'createUser', 200, { user })).toEqual(['status: expected 201, got 200'])
  })

  it('refuses fields the spec does not list unless they are allowed, exactly', () => {
    const body = { user, meta: { created: true } }
    expect(checkResponse(runtime, 'getOrCreateUser', 200, body)).toEqual(['response.meta: is not allowed'])
    const allowed = [{ where: 'getOrCreateUser', path: 'meta.created', reason: 'client 1.45' }]
    expect(checkResponse(runtime, 'getOrCreateUser', 200, body, allowed)).toEqual([])
    expect(
      checkResponse(runtime, 'getOrCreateUser', 200, { user, meta: { created: true, other: 1 } }, allowed),
    ).toEqual(['response.meta.other: is not allowed'])
    const viaSchema = [{ where: '#User', path: 'attributes', reason: 'x' }]
    expect(checkResponse(runtime, 'getUser', 200, { user: { ...user, attributes: {} } }, viaSchema)).toEqual(
      [],
    )
  })

  it('checks the error envelope: fields, code = status, a documented type for that status', () => {
    const ok = { id: 'err_1', code: 404, type: 'ResourceNotFound', message: 'User x not found' }
    expect(checkError(runtime, 404, ok)).toEqual([])
    expect(checkError(runtime, 400, ok)).toEqual([
      'error.code: must equal the HTTP status 400, got 404',
      'error.type: ResourceNotFound is not a documented error type for status 400',
    ])
    expect(checkError(runtime, 404, { message: 'x' })).toHaveLength(3)
  })

  it('matches requests to operations, literal segments first', () => {
    expect(matchOperation(runtime, 'POST', 'http://h/v1/chat/messages/import-messages')?.name).toBe(
      'importMessages',
    )
    expect(matchOperation(runtime, 'GET', 'http://h/v1/chat/messages/msg_1?x=1')?.name).toBe('getMessage')
    expect(matchOperation(runtime, 'POST', '/v1/chat/states/user/u/n/get-or-set')?.name).toBe('getOrSetState')
    expect(matchOperation(runtime, 'GET', '/v1/nope')).toBeUndefined()
  })

  it('prints a table with totals', () => {
    const t = formatTable('Runtime', [
      { operation: 'getUser', implemented: true, conforms: true },
      { operation: 'setStateExpiry', implemented: false, conforms: false, note: 'pending: x' },
    ])
    expect(t).toContain('getUser')
    expect(t).toContain('1/2 implemented, 1/2 implemented and conforming')
  })
})
