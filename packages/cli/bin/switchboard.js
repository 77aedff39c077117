#!/usr/bin/env node
// The `switchboard` command (`npx switchboard …`): runs the TypeScript entry through tsx, so the
// command works straight after `npm ci`, with no build step.
import { register } from 'tsx/esm/api'

register()
await import('../src/bin.ts')
