import { blendedCostPer1kTokens, findModel, type ModelInfo } from './registry';

export interface RoutingNeed {
  /** Every one is required (seed 002 §17.2 step 3); a model not in the registry has none. */
  capabilities?: string[];
  /** Hard ceiling on the blended price (§17.5 strategy 2); a model not in the registry cannot prove it fits. */
  maxCostPer1kTokens?: number;
  /** What can be called at all: the configured deployments, or the offline model. */
  available: string[];
  /** Observed health per model name, when the caller tracks it (§17.2 steps 4 and 5). */
  observed?: Record<string, { successRate?: number; load?: number }>;
}

function eligible(name: string, need: RoutingNeed): boolean {
  const info = findModel(name);
  const required = need.capabilities ?? [];
  if (!info) return required.length === 0 && need.maxCostPer1kTokens === undefined;
  const capable = required.every((c) => (info.capabilities as readonly string[]).includes(c));
  const affordable =
    need.maxCostPer1kTokens === undefined || blendedCostPer1kTokens(info) <= need.maxCostPer1kTokens;
  return capable && affordable;
}

/**
 * The seed's 0..100 score (§17.2): 40 for having every required capability (all candidates do, they were
 * filtered), 30 for cost relative to the ceiling (or to the dearest candidate), 20 for latency relative to
 * the slowest candidate, 10 × observed success rate (1 when unknown), −10 when the model is loaded above
 * 80 %, +5 below 30 %. A model outside the registry scores as the dearest and slowest.
 */
export function modelScore(
  info: ModelInfo | undefined,
  scale: { maxCost: number; maxLatencyMs: number },
  observed: { successRate?: number; load?: number } = {},
): number {
  const cost = info ? blendedCostPer1kTokens(info) : scale.maxCost;
  const latency = info ? info.typicalLatencyMs : scale.maxLatencyMs;
  let score = 40;
  score += scale.maxCost > 0 ? 30 * (1 - Math.min(cost, scale.maxCost) / scale.maxCost) : 30;
  score +=
    scale.maxLatencyMs > 0 ? 20 * (1 - Math.min(latency, scale.maxLatencyMs) / scale.maxLatencyMs) : 20;
  score += 10 * Math.min(1, Math.max(0, observed.successRate ?? 1));
  if (observed.load !== undefined && observed.load > 0.8) score -= 10;
  else if (observed.load !== undefined && observed.load < 0.3) score += 5;
  return score;
}

/**
 * Ordered candidates for one call, best first; the caller falls back along the list (§17.7).
 *
 * 1. The agent's preference, in its order (§17.4 routing rules), keeping only names that are available and
 *    eligible. A preferred name also selects a versioned deployment of the same model (`gpt-4o` →
 *    `gpt-4o-2024-08-06`), an exact deployment name first.
 * 2. Then every other eligible available model by descending score, name as the tie-break; models outside
 *    the registry (nothing known about cost or latency) come last.
 *
 * Eligible means having every required capability and fitting the cost ceiling; nothing else is returned,
 * so an empty list means no configured model can do the job. Names are returned as given in `available`,
 * each once.
 */
export function routeModels(preference: string[], need: RoutingNeed): string[] {
  const available = [...new Set(need.available)].filter((name) => eligible(name, need));
  const chosen: string[] = [];
  const take = (name: string) => {
    if (!chosen.includes(name)) chosen.push(name);
  };

  for (const wanted of preference) {
    const id = findModel(wanted)?.id;
    const exact = available.filter((name) => name === wanted);
    const sameModel = available.filter((name) => id !== undefined && findModel(name)?.id === id);
    [...exact, ...sameModel.sort()].forEach(take);
  }

  // Scaled over every eligible model, so the fallback order does not depend on what was preferred.
  const infos = available.map(findModel).filter((m): m is ModelInfo => m !== undefined);
  const scale = {
    maxCost: need.maxCostPer1kTokens ?? Math.max(0, ...infos.map(blendedCostPer1kTokens)),
    maxLatencyMs: Math.max(0, ...infos.map((m) => m.typicalLatencyMs)),
  };
  const scored = available
    .filter((name) => !chosen.includes(name))
    .map((name) => {
      const info = findModel(name);
      return { name, known: info !== undefined, score: modelScore(info, scale, need.observed?.[name]) };
    });
  scored.sort(
    (a, b) => Number(b.known) - Number(a.known) || b.score - a.score || a.name.localeCompare(b.name),
  );
  scored.forEach((s) => take(s.name));
  return chosen;
}
