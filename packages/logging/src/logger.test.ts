import { Writable } from 'node:stream'
import { expect, it } from 'vitest'
import { createLogger } from './index.js'

function capture() {
  const lines: string[] = []
  const destination = new Writable({
    write(chunk, _enc, cb) {
      lines.push(chunk.toString())
      cb()
    },
  })
  return { lines, destination }
}

it('redacts secret fields at any depth and scrubs known secret values from messages', () => {
  const { lines, destination } = capture()
  const log = createLogger({ service: 'test', destination, secrets: ['sbt_supersecretvalue'] })
  log.info(
    {
      authorization: 'Bearer abc',
      req: { headers: { authorization: 'Bearer def' } },
      configuration: { apiKey: 'k' },
    },
    'hello',
  )
  log.warn('token sbt_supersecretvalue leaked into a message')
  const out = lines.join('')
  expect(out).not.toMatch(/Bearer abc|Bearer def|apiKey|sbt_supersecretvalue/)
  expect(out).toContain('[redacted]')
  expect(JSON.parse(lines[0]!)).toMatchObject({ service: 'test', msg: 'hello' })
})
