#!/usr/bin/env node
// The `switchboard` command (`npx switchboard …`): plain node on the compiled output (dist/, built by
// `npm ci` through the root `prepare` script, or `npm run build`). No TypeScript at run time, so
// `switchboard help` answers at once.
await import('../dist/bin.js')
