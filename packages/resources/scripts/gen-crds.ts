/**
 * Writes the CRDs generated from src/kinds.ts into the chart's crds/ folder (`npm run crds`). The test
 * `crds.test.ts` fails when the committed files differ from what this writes.
 */
import { readdir, rm, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { crdFiles } from '../src/index.js'

const dir = fileURLToPath(new URL('../../../deploy/helm/switchboard/crds/', import.meta.url))
const files = crdFiles()
for (const name of await readdir(dir)) if (!(name in files)) await rm(`${dir}${name}`)
for (const [name, content] of Object.entries(files)) await writeFile(`${dir}${name}`, content)
process.stdout.write(`wrote ${Object.keys(files).length} CRDs to deploy/helm/switchboard/crds/\n`)
