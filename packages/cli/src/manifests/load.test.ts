import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli } from '../testing/run-cli.js'
import { fieldPath, loadManifests, ManifestError } from './load.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sb-manifests-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

const write = async (name: string, text: string) => {
  const file = join(dir, name)
  await writeFile(file, text)
  return file
}

// Line numbers matter below: the first document is 9 lines, `---` is line 10.
const BAD = `apiVersion: switchboard.dev/v1alpha1
kind: Integration
metadata:
  name: hook
spec:
  definition: { name: hook, version: 1.0.0 }
  bundle:
    path: ./hook.cjs
  colour: blue
---
apiVersion: switchboard.dev/v1alpha1
kind: Installation
metadata:
  name: hook-in-bot
spec:
  botRef: {}
  integrationRef:
    name: hook
  alias: Not_An_Alias
`

describe('manifests', () => {
  it('name the file, the line, the resource and the field of every problem, and apply nothing', async () => {
    const file = await write('bad.yaml', BAD)
    // No platform is running here: a bad manifest is refused before anything is contacted.
    const r = await cli(['apply', '-f', file], { cwd: dir })
    expect(r.code).toBe(1)
    const lines = r.err.split('\n')
    expect(lines).toContain('bad.yaml:9: Integration hook: spec.colour: unknown field')
    expect(lines).toContain('bad.yaml:16: Installation hook-in-bot: spec.botRef.name: is required')
    expect(
      lines.find((l) =>
        l.startsWith('bad.yaml:19: Installation hook-in-bot: spec.alias: "Not_An_Alias" does not match'),
      ),
    ).toBeDefined()
    expect(lines).toContain('switchboard: 3 problems in the manifests')
  })

  it('point at the line of a YAML syntax error', async () => {
    const file = await write(
      'syntax.yaml',
      'apiVersion: switchboard.dev/v1alpha1\nkind: Bot\nmetadata:\n  name: [unclosed\nspec: {}\n',
    )
    const err = await loadManifests([file], dir).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ManifestError)
    const [p] = (err as ManifestError).problems
    expect(p).toMatchObject({ file, what: 'document 1', field: '(yaml)' })
    expect(p!.line).toBeGreaterThanOrEqual(4)
  })

  it('let an SDK project supply the definition, read Secrets from the same files, and refuse duplicates', async () => {
    await write('secrets.env', '# a comment\nexport TOKEN="abc"\nOTHER=1\n')
    const file = await write(
      'ok.yaml',
      `apiVersion: switchboard.dev/v1alpha1
kind: Integration
metadata: { name: webhook }
spec:
  bundle: { path: ../webhook-integration }
---
apiVersion: v1
kind: Secret
metadata:
  name: creds
  annotations: { switchboard.dev/env-file: secrets.env }
stringData: { url: http://example.test }
data: { extra: ${Buffer.from('from-data').toString('base64')} }
`,
    )
    const m = await loadManifests([file], dir)
    expect(m.resources).toHaveLength(1)
    expect(m.resources[0]!.definitionFromBuild).toBe(true)
    expect(m.secrets.get('creds')!.data).toEqual({
      TOKEN: 'abc',
      OTHER: '1',
      url: 'http://example.test',
      extra: 'from-data',
    })

    const twice = await write(
      'twice.yaml',
      `${BAD.split('---')[1]!.replace('botRef: {}', 'botRef: { name: b }').replace('Not_An_Alias', 'ok-alias')}---\n${BAD.split('---')[1]!.replace('botRef: {}', 'botRef: { name: b }').replace('Not_An_Alias', 'ok-alias')}`,
    )
    const dup = (await loadManifests([twice], dir).catch((e: unknown) => e)) as ManifestError
    expect(dup.problems[0]!.message).toMatch(/Installation\/hook-in-bot is also defined at twice.yaml:\d+/)
  })

  it('read a directory’s manifests, and say when a path does not exist', async () => {
    const set = join(dir, 'set')
    await mkdir(set)
    const bot = (name: string) =>
      `apiVersion: switchboard.dev/v1alpha1\nkind: Bot\nmetadata: { name: ${name} }\nspec: {}\n`
    await writeFile(join(set, 'b.yml'), bot('second'))
    await writeFile(join(set, 'a.yaml'), bot('first'))
    await writeFile(join(set, 'notes.txt'), 'not a manifest')
    const m = await loadManifests([set], dir)
    expect(m.resources.map((r) => r.resource.metadata.name)).toEqual(['first', 'second'])

    const r = await cli(['apply', '-f', join(dir, 'nope.yaml')], { cwd: dir })
    expect(r.code).toBe(1)
    expect(r.err).toContain('nope.yaml: no such file or directory')
  })

  it('parse field paths as the validator prints them', () => {
    expect(fieldPath('spec.configuration["a.b"].items[2]')).toEqual([
      'spec',
      'configuration',
      'a.b',
      'items',
      2,
    ])
    expect(fieldPath('metadata.annotations["switchboard.dev/env-file"]')).toEqual([
      'metadata',
      'annotations',
      'switchboard.dev/env-file',
    ])
  })
})
