/**
 * A small schema builder: each builder returns the structural OpenAPI v3 schema Kubernetes stores in a
 * CRD, and carries the TypeScript type of the values it accepts. The kinds in `kinds.ts` are written
 * once with it; their types, their CRDs and `validateResource` all come from that one definition.
 */

/** The subset of Kubernetes' JSONSchemaProps the kinds use (apiextensions.k8s.io/v1). */
export interface JSONSchemaProps {
  type?: 'object' | 'string' | 'integer' | 'number' | 'boolean' | 'array'
  description?: string
  properties?: Record<string, JSONSchemaProps>
  required?: string[]
  additionalProperties?: JSONSchemaProps
  items?: JSONSchemaProps
  enum?: (string | number)[]
  pattern?: string
  format?: string
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  minItems?: number
  maxItems?: number
  maxProperties?: number
  default?: unknown
  oneOf?: JSONSchemaProps[]
  not?: JSONSchemaProps
  'x-kubernetes-preserve-unknown-fields'?: boolean
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map'
  'x-kubernetes-list-map-keys'?: string[]
  'x-kubernetes-validations'?: { rule: string; message: string; reason?: string; fieldPath?: string }[]
}

/** A schema for values of type `T`; `O` is true when the field may be left out of its object. */
export interface Schema<T, O extends boolean = false> {
  readonly openapi: JSONSchemaProps
  readonly optional: O
  /** Type carrier only; never set. */
  readonly __type?: T
}

/** The TypeScript type a schema accepts. */
export type Infer<S> = S extends Schema<infer T, boolean> ? T : never

type Simplify<T> = { [K in keyof T]: T[K] } & {}
type Props = Record<string, Schema<unknown, boolean>>
type RequiredKeys<P extends Props> = {
  [K in keyof P]: P[K] extends Schema<unknown, true> ? never : K
}[keyof P]
type OptionalKeys<P extends Props> = {
  [K in keyof P]: P[K] extends Schema<unknown, true> ? K : never
}[keyof P]
/** The object type of a set of properties: optional schemas become optional keys. */
export type ObjectOf<P extends Props> = Simplify<
  { [K in RequiredKeys<P>]: Infer<P[K]> } & { [K in OptionalKeys<P>]?: Infer<P[K]> }
>

type Common = Pick<JSONSchemaProps, 'description' | 'default' | 'x-kubernetes-validations'>

const schema = <T>(openapi: JSONSchemaProps): Schema<T> => ({ openapi, optional: false })

/** A string, with optional pattern, length bounds and format. */
export function str(
  o: Common & Pick<JSONSchemaProps, 'pattern' | 'minLength' | 'maxLength' | 'format'> = {},
): Schema<string> {
  return schema({ type: 'string', ...o })
}

/** One of a fixed set of strings. */
export function oneOfStrings<const V extends string>(values: readonly V[], o: Common = {}): Schema<V> {
  return schema({ type: 'string', enum: [...values], ...o })
}

/** An integer, with optional bounds. */
export function int(o: Common & Pick<JSONSchemaProps, 'minimum' | 'maximum'> = {}): Schema<number> {
  return schema({ type: 'integer', ...o })
}

/** true or false. */
export function bool(o: Common = {}): Schema<boolean> {
  return schema({ type: 'boolean', ...o })
}

/** An array of `item`. */
export function arr<T>(
  item: Schema<T, boolean>,
  o: Common &
    Pick<
      JSONSchemaProps,
      'minItems' | 'maxItems' | 'x-kubernetes-list-type' | 'x-kubernetes-list-map-keys'
    > = {},
): Schema<T[]> {
  return schema({ type: 'array', items: item.openapi, ...o })
}

/** A string-keyed map of `value` (additionalProperties). */
export function map<T>(
  value: Schema<T, boolean>,
  o: Common & Pick<JSONSchemaProps, 'maxProperties'> = {},
): Schema<Record<string, T>> {
  return schema({ type: 'object', additionalProperties: value.openapi, ...o })
}

/** Any JSON object, kept as written (x-kubernetes-preserve-unknown-fields). */
export function freeform(o: Common = {}): Schema<Record<string, unknown>> {
  return schema({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true, ...o })
}

/** Options of `obj`. */
export interface ObjectOptions extends Common {
  /**
   * Exactly one of these groups of fields must be set (each group: fields that must all be present).
   * Rendered as a structural `oneOf` of `required` lists.
   */
  exactlyOne?: string[][]
  /** At most one of these fields may be set (rendered as `not: {required: [...]}`). */
  atMostOne?: string[]
}

/** An object with these properties; properties not wrapped in `opt` are required. */
export function obj<P extends Props>(props: P, o: ObjectOptions = {}): Schema<ObjectOf<P>> {
  const { exactlyOne, atMostOne, ...rest } = o
  const properties: Record<string, JSONSchemaProps> = {}
  const required: string[] = []
  for (const [k, s] of Object.entries(props)) {
    properties[k] = s.openapi
    if (!s.optional) required.push(k)
  }
  return schema({
    type: 'object',
    ...rest,
    properties,
    ...(required.length && { required }),
    ...(exactlyOne && { oneOf: exactlyOne.map((group) => ({ required: group })) }),
    ...(atMostOne && { not: { required: atMostOne } }),
  })
}

/**
 * An object with these known properties that keeps any other field as written (e.g. a definition as
 * `bp read` prints it: the platform reads a few fields and stores the rest).
 */
export function openObj<P extends Props>(
  props: P,
  o: Common = {},
): Schema<ObjectOf<P> & Record<string, unknown>> {
  const base = obj(props, o)
  return schema({ ...base.openapi, 'x-kubernetes-preserve-unknown-fields': true })
}

/** Marks a property as optional in its object. */
export function opt<T>(s: Schema<T, boolean>): Schema<T, true> {
  return { openapi: s.openapi, optional: true }
}
