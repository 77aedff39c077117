import type { Condition } from '@switchboard/resources'

/** A condition to set: the time and generation are filled in. */
export interface ConditionInput {
  type: string
  status: 'True' | 'False' | 'Unknown'
  reason: string
  message: string
}

/**
 * Sets one condition in a list (metav1.Condition rules): `lastTransitionTime` changes only when the
 * status does; `observedGeneration` is the generation this pass worked from.
 */
export function setCondition(
  conditions: Condition[] | undefined,
  input: ConditionInput,
  generation: number | undefined,
  now: Date = new Date(),
): Condition[] {
  const list = [...(conditions ?? [])]
  const i = list.findIndex((c) => c.type === input.type)
  const old = i >= 0 ? list[i] : undefined
  const next: Condition = {
    ...input,
    message: input.message.slice(0, 32_000),
    lastTransitionTime:
      old && old.status === input.status
        ? old.lastTransitionTime
        : now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    ...(generation !== undefined && { observedGeneration: generation }),
  }
  if (i >= 0) list[i] = next
  else list.push(next)
  return list
}

/** The condition of `type`, if set. */
export function getCondition(conditions: Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type)
}

/** True when the condition of `type` is True. */
export function isTrue(conditions: Condition[] | undefined, type: string): boolean {
  return getCondition(conditions, type)?.status === 'True'
}
