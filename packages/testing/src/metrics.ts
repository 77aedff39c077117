/**
 * The value of one series in Prometheus exposition text (what a service's /metrics answers): the
 * sample of `name` whose labels include `labels`, or undefined when there is none.
 */
export function metricValue(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`)
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`${name}{`) && want.every((w) => l.slice(0, l.indexOf('}')).includes(w)))
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1))
}
