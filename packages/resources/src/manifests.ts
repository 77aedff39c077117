import { parseAllDocuments } from 'yaml'

/**
 * Parses a YAML (or JSON) stream of manifests, as `kubectl apply -f` reads a file: every non-empty
 * document, in order. Throws with the document's position when one is not valid YAML.
 */
export function parseManifests(text: string): unknown[] {
  const out: unknown[] = []
  for (const [i, doc] of parseAllDocuments(text).entries()) {
    if (doc.errors.length) throw new Error(`document ${i + 1}: ${doc.errors[0]!.message}`)
    const value: unknown = doc.toJS()
    if (value !== null && value !== undefined) out.push(value)
  }
  return out
}
