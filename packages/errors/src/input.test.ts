import { describe, expect, it } from 'vitest'
import { checkUntrustedInput, InvalidInputError } from './index.js'

describe('checkUntrustedInput', () => {
  it('refuses numbers that are not finite, naming where they are', () => {
    const parsed = JSON.parse('{"a":[1,{"b":1e400}],"c":2}') as unknown
    expect(() => checkUntrustedInput(parsed, 'body')).toThrow(InvalidInputError)
    expect(() => checkUntrustedInput(parsed, 'body')).toThrow(
      'body.a.1.b: is not a finite number (out of the range of a double, e.g. 1e400)',
    )
    expect(() => checkUntrustedInput({ x: NaN }, 'request')).toThrow('request.x: is not a number (NaN)')
    expect(() => checkUntrustedInput(-Infinity, 'body')).toThrow(/^body: is not a finite number/)
  })

  it('accepts the numbers JSON can hold, large and small', () => {
    const parsed = JSON.parse('{"a":[0,-0,1.7976931348623157e308,5e-324,-1e300],"b":null}') as unknown
    expect(() => checkUntrustedInput(parsed, 'body')).not.toThrow()
  })

  it('checks JSON held in string fields the same way', () => {
    expect(() =>
      checkUntrustedInput({ payloadJson: '{"n":1e400}' }, 'request', {
        jsonFields: (k) => k.endsWith('Json'),
      }),
    ).toThrow(/^request\.payloadJson\.n: is not a finite number/)
  })
})
