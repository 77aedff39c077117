import { deepJson, poisonString, randomBytes, type Rng } from './fuzz.js'

/** The parts of a proto-loader method definition the fuzzer reads (structurally: no grpc import). */
export interface FuzzableMethod {
  path: string
  originalName?: string
  requestSerialize: (value: never) => Buffer
  requestType: { type: { field: FuzzableField[] } }
}

interface FuzzableField {
  name: string
  type: string
  typeName: string
  label: string
}

/** A message type definition as proto-loader gives it, looked up by its short name. */
export type TypeLookup = (shortName: string) => { type: { field: FuzzableField[] } } | undefined

/** One hostile gRPC request: the method's path, its bytes, and what makes it hostile. */
export interface HostileCall {
  method: string
  path: string
  bytes: Buffer
  what: string
}

/**
 * Bytes no protobuf decoder accepts: field 15 (which no fuzzed message has), length-delimited, longer
 * than what follows.
 */
function malformed(rng: Rng): Buffer {
  return Buffer.concat([Buffer.from([0x7a, 0x7f]), randomBytes(rng, 100)])
}

function plausible(field: FuzzableField): unknown {
  switch (field.type) {
    case 'TYPE_STRING':
      return field.name.endsWith('Json') ? '{}' : 'fuzz'
    case 'TYPE_BOOL':
      return true
    case 'TYPE_BYTES':
      return Buffer.from('x')
    case 'TYPE_MESSAGE':
      return undefined
    default:
      return 1
  }
}

/** What to put in the chosen string field: always something every door must refuse. */
function poison(rng: Rng, field: FuzzableField): { value: string; what: string } {
  if (field.name.endsWith('Json') && rng.chance(0.6)) {
    return rng.chance(0.5)
      ? { value: JSON.stringify({ a: poisonString(rng) }), what: `poison inside ${field.name}` }
      : { value: `{"a":${deepJson(65 + rng.int(5000), 'object')}}`, what: `deep ${field.name}` }
  }
  return rng.chance(0.9)
    ? { value: poisonString(rng), what: `poison in ${field.name}` }
    : { value: 'x'.repeat(1024 * 1024 + 1 + rng.int(1000)), what: `oversized ${field.name}` }
}

/**
 * Builds a request object for `fields` with one string somewhere (possibly in a nested message)
 * poisoned; undefined when the message has no string to poison.
 */
function poisoned(
  rng: Rng,
  fields: FuzzableField[],
  lookup: TypeLookup,
  depth = 0,
): { value: Record<string, unknown>; what: string } | undefined {
  const value: Record<string, unknown> = {}
  for (const f of fields) {
    const v = plausible(f)
    if (v !== undefined) value[f.name] = f.label === 'LABEL_REPEATED' ? [v] : v
  }
  const candidates = fields.filter(
    (f) => f.type === 'TYPE_STRING' || (f.type === 'TYPE_MESSAGE' && depth < 2 && f.typeName),
  )
  while (candidates.length) {
    const f = candidates.splice(rng.int(candidates.length), 1)[0]!
    if (f.type === 'TYPE_STRING') {
      const p = poison(rng, f)
      value[f.name] = f.label === 'LABEL_REPEATED' ? ['ok', p.value] : p.value
      return { value, what: p.what }
    }
    const nested = lookup(f.typeName.split('.').pop()!)
    const inner = nested && poisoned(rng, nested.type.field, lookup, depth + 1)
    if (inner) {
      value[f.name] = f.label === 'LABEL_REPEATED' ? [inner.value] : inner.value
      return { value, what: `${f.name}.${inner.what}` }
    }
  }
  return undefined
}

/**
 * A seeded hostile request for one of `methods`: undecodable bytes, or a well-formed message with a
 * NUL byte, a lone surrogate, an oversized string or deep JSON in one of its strings.
 */
export function hostileGrpcCall(
  rng: Rng,
  methods: Record<string, FuzzableMethod>,
  lookup: TypeLookup,
): HostileCall {
  const name = rng.pick(Object.keys(methods))
  const m = methods[name]!
  const p = rng.chance(0.7) ? poisoned(rng, m.requestType.type.field, lookup) : undefined
  if (!p) return { method: name, path: m.path, bytes: malformed(rng), what: 'malformed message' }
  return { method: name, path: m.path, bytes: m.requestSerialize(p.value as never), what: p.what }
}

/** The part of a grpc-js `Client` the fuzzer uses. */
export interface RawUnaryClient {
  makeUnaryRequest(
    path: string,
    serialize: (b: Buffer) => Buffer,
    deserialize: (b: Buffer) => Buffer,
    argument: Buffer,
    metadata: unknown,
    options: { deadline: number },
    callback: (err: { code: number; details: string } | null) => void,
  ): unknown
}

/** Sends `call`'s bytes as they are; resolves with the status code (0 = OK) and details. 5 s deadline. */
export function sendHostileCall(
  client: RawUnaryClient,
  call: HostileCall,
  metadata: unknown,
): Promise<{ code: number; details: string }> {
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      call.path,
      (b) => b,
      (b) => b,
      call.bytes,
      metadata,
      { deadline: Date.now() + 5000 },
      (err) => resolve(err ? { code: err.code, details: err.details } : { code: 0, details: '' }),
    )
  })
}
