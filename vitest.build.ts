import { execFileSync } from 'node:child_process'

/**
 * Vitest global setup: brings the compiled output (dist/) up to date before any test runs. Tests run
 * the TypeScript sources, but those that start a service in its own process (chaos, scheduling,
 * crash tests) start it as deployed, `npm start -w <svc>`: plain node on dist/. `tsc -b` is
 * incremental, so this costs a few seconds when nothing changed.
 */
export default function setup(): void {
  execFileSync('npx', ['tsc', '-b'], { stdio: 'inherit' })
}
