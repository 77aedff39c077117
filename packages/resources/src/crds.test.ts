import { readdir, readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { CustomResourceDefinition } from 'kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition'
import { describe, expect, it } from 'vitest'
import { crdFiles, crds, type JSONSchemaProps } from './index.js'

const CRD_DIR = fileURLToPath(new URL('../../../deploy/helm/switchboard/crds/', import.meta.url))

/** The structural-schema rules the API server enforces on a CRD (apiextensions "structural schema"). */
function structuralProblems(s: JSONSchemaProps, path: string, inJunctor = false): string[] {
  const out: string[] = []
  if (!inJunctor && !s.type && !s['x-kubernetes-preserve-unknown-fields']) out.push(`${path}: no type`)
  if (inJunctor && (s.type || s.description || s.default !== undefined || s.additionalProperties)) {
    out.push(`${path}: oneOf/not branches may only hold value validations`)
  }
  if (s.properties && s.additionalProperties)
    out.push(`${path}: properties and additionalProperties together`)
  for (const [k, p] of Object.entries(s.properties ?? {})) out.push(...structuralProblems(p, `${path}.${k}`))
  if (s.items) out.push(...structuralProblems(s.items, `${path}[]`))
  if (s.additionalProperties) out.push(...structuralProblems(s.additionalProperties, `${path}{}`))
  for (const b of s.oneOf ?? []) {
    out.push(...structuralProblems(b, `${path}.oneOf`, true))
    for (const r of b.required ?? [])
      if (!s.properties?.[r]) out.push(`${path}.oneOf: ${r} is not a property`)
  }
  if (s.not) out.push(...structuralProblems(s.not, `${path}.not`, true))
  return out
}

describe('CRDs', () => {
  it('are committed as generated (run `npm run crds` after changing src/kinds.ts)', async () => {
    const expected = crdFiles()
    const committed = (await readdir(CRD_DIR)).sort()
    expect(committed).toEqual(Object.keys(expected).sort())
    for (const [name, content] of Object.entries(expected)) {
      expect(await readFile(`${CRD_DIR}${name}`, 'utf8'), `${name} is stale: run npm run crds`).toBe(content)
    }
  })

  it('are valid CustomResourceDefinitions with structural schemas, status and printer columns', () => {
    for (const crd of crds()) {
      new CustomResourceDefinition(crd as never).validate()
      const v = crd.spec.versions[0]!
      expect(structuralProblems(v.schema.openAPIV3Schema, crd.spec.names.kind)).toEqual([])
      expect(v.subresources).toEqual({ status: {} })
      expect(v.additionalPrinterColumns.map((c) => c.name)).toContain('Ready')
      expect(v.additionalPrinterColumns.map((c) => c.name)).toContain('Age')
      expect(crd.spec.scope).toBe('Namespaced')
    }
    const installation = crds().find((c) => c.spec.names.kind === 'Installation')!
    expect(installation.spec.versions[0]!.additionalPrinterColumns.map((c) => c.name)).toEqual([
      'Ready',
      'Reason',
      'Webhook URL',
      'Registered',
      'Age',
    ])
  })
})
