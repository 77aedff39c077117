import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { TEST_DATABASE_URL } from '@switchboard/testing'
import { describe, expect, it } from 'vitest'
import { ADMIN_TOKEN, READER_TOKEN } from './testing/harness.js'

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url))
const ROOT = fileURLToPath(new URL('../../..', import.meta.url))

/** Runs `node --import tsx main.ts` with `env` and returns how it ended. */
function runMain(
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--conditions=switchboard-source', '--import', 'tsx', MAIN],
      {
        cwd: ROOT,
        timeout: 20_000,
        env: {
          PATH: process.env.PATH ?? '',
          DATABASE_URL: TEST_DATABASE_URL,
          SECRETS_READER_TOKEN: READER_TOKEN,
          SECRETS_ADMIN_TOKEN: ADMIN_TOKEN,
          GRPC_PORT: '0',
          HTTP_PORT: '0',
          ...env,
        },
      },
      (_err, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
    )
  })
}

describe('main', () => {
  it('stops at start with a message that says what is wrong with the master key, never printing it', async () => {
    const short = Buffer.alloc(24, 9).toString('base64')
    const [wrongLength, notBase64, missing] = await Promise.all([
      runMain({ SWITCHBOARD_MASTER_KEY: short }),
      runMain({ SWITCHBOARD_MASTER_KEY: 'k1:not*base64*at*all' }),
      runMain({}),
    ])
    expect(wrongLength.code).toBe(2)
    expect(wrongLength.stderr).toContain(
      'SWITCHBOARD_MASTER_KEY: key 1 is 24 bytes after base64 decoding; it must be exactly 32',
    )
    expect(wrongLength.stderr + wrongLength.stdout).not.toContain(short)

    expect(notBase64.code).toBe(2)
    expect(notBase64.stderr).toContain('SWITCHBOARD_MASTER_KEY: key 1 ("k1") is not base64')
    expect(notBase64.stderr).not.toContain('not*base64*at*all')

    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('neither SWITCHBOARD_MASTER_KEY nor SWITCHBOARD_MASTER_KEY_FILE is set')
  })
})
