import { stringify } from 'yaml'
import { GROUP, KINDS, VERSION, type KindInfo } from './kinds.js'
import type { JSONSchemaProps } from './schema.js'

/** A CustomResourceDefinition (apiextensions.k8s.io/v1) as plain JSON. */
export interface CustomResourceDefinition {
  apiVersion: 'apiextensions.k8s.io/v1'
  kind: 'CustomResourceDefinition'
  metadata: { name: string; labels?: Record<string, string> }
  spec: {
    group: string
    scope: 'Namespaced'
    names: {
      kind: string
      listKind: string
      plural: string
      singular: string
      shortNames: string[]
      categories: string[]
    }
    versions: {
      name: string
      served: boolean
      storage: boolean
      schema: { openAPIV3Schema: JSONSchemaProps }
      subresources: { status: Record<string, never> }
      additionalPrinterColumns: KindInfo['columns']
    }[]
  }
}

/** The CRD of one kind: the structural schema, the status subresource and the printer columns. */
export function crdFor(info: KindInfo): CustomResourceDefinition {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${info.plural}.${GROUP}`,
      labels: { 'app.kubernetes.io/part-of': 'switchboard' },
    },
    spec: {
      group: GROUP,
      scope: 'Namespaced',
      names: {
        kind: info.kind,
        listKind: `${info.kind}List`,
        plural: info.plural,
        singular: info.singular,
        shortNames: info.shortNames,
        categories: ['switchboard'],
      },
      versions: [
        {
          name: VERSION,
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              description: info.description,
              required: ['spec'],
              properties: {
                apiVersion: { type: 'string' },
                kind: { type: 'string' },
                metadata: { type: 'object' },
                spec: info.spec.openapi,
                status: info.status.openapi,
              },
            },
          },
          subresources: { status: {} },
          additionalPrinterColumns: info.columns,
        },
      ],
    },
  }
}

/** The CRDs of every kind. */
export function crds(): CustomResourceDefinition[] {
  return KINDS.map(crdFor)
}

/** File name of a kind's CRD in the chart's `crds/` folder. */
export function crdFileName(info: KindInfo): string {
  return `${info.plural}.${GROUP}.yaml`
}

/** The YAML files of the chart's `crds/` folder: file name → content (generated; do not edit). */
export function crdFiles(): Record<string, string> {
  const out: Record<string, string> = {}
  for (const info of KINDS) {
    const header = '# Generated from packages/resources (npm run crds). Do not edit.\n'
    out[crdFileName(info)] = header + stringify(crdFor(info), { lineWidth: 0, singleQuote: true })
  }
  return out
}
