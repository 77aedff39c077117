/** Writes the runner bundle (`buildRunner`) to the path given: used by runner.Dockerfile. */
import { writeFile } from 'node:fs/promises'
import { buildRunner } from '@switchboard/runner'

const out = process.argv[2]
if (!out) throw new Error('usage: node --import tsx deploy/docker/build-runner.ts <out.cjs>')
await writeFile(out, await buildRunner())
