import { InvalidInputError } from '@switchboard/errors'
import { checkSize } from './input.js'

/** Integration secret names: they become `SECRET_<NAME>` environment variables in the sandbox. */
export const SECRET_NAME = /^[A-Z][A-Z0-9_]*$/
const MAX_NAME_LENGTH = 128

/**
 * Checks an integration's secrets (names and total size) and returns them as JSON with names in
 * order, ready to encrypt. Errors name the secret, never its value.
 */
export function validateIntegrationSecrets(
  secrets: Record<string, string>,
  opts: { maxBytes: number },
): string {
  const names = Object.keys(secrets).sort()
  for (const name of names) {
    if (!SECRET_NAME.test(name) || name.length > MAX_NAME_LENGTH) {
      throw new InvalidInputError(
        `secrets.${JSON.stringify(name.slice(0, 64)).slice(1, -1)}: a secret name must match ${SECRET_NAME.source} (it becomes SECRET_<NAME>) and have at most ${MAX_NAME_LENGTH} characters`,
      )
    }
    if (typeof secrets[name] !== 'string') throw new InvalidInputError(`secrets.${name}: must be a string`)
  }
  const json = JSON.stringify(Object.fromEntries(names.map((n) => [n, secrets[n]])))
  checkSize('secrets', json, opts.maxBytes)
  return json
}
