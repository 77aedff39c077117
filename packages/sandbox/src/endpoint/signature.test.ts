import { expect, it } from 'vitest'
import { signRequest, verifyRequest } from './signature.js'

it('verifies its own signatures, and rejects another secret, another body, a stale time, garbage', () => {
  const now = 1_800_000_000_000
  const sig = signRequest('s3cret', '{"a":1}', now)
  expect(verifyRequest('s3cret', '{"a":1}', sig, { now })).toBe(true)
  expect(verifyRequest('other', '{"a":1}', sig, { now })).toBe(false)
  expect(verifyRequest('s3cret', '{"a":2}', sig, { now })).toBe(false)
  expect(verifyRequest('s3cret', '{"a":1}', sig, { now: now + 301_000 })).toBe(false)
  expect(verifyRequest('s3cret', '{"a":1}', 't=1,v1=zz', { now })).toBe(false)
  expect(verifyRequest('s3cret', '{"a":1}', undefined, { now })).toBe(false)
})
