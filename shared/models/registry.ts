/**
 * The models ANTS can route to (seed 002 §17.3), limited to those that exist on Azure OpenAI, plus the
 * offline model used when no endpoint is configured. Prices are list prices in USD per 1M tokens.
 */

export const MODEL_CAPABILITIES = [
  'reasoning',
  'function_calling',
  'code_generation',
  'long_context',
  'chat',
] as const;
export type ModelCapability = (typeof MODEL_CAPABILITIES)[number];

export interface ModelInfo {
  /** Registry id; also the conventional Azure OpenAI deployment name. */
  id: string;
  provider: 'azure_openai' | 'offline';
  contextTokens: number;
  inputPer1M: number;
  outputPer1M: number;
  capabilities: readonly ModelCapability[];
  /** Typical end-to-end latency of a short JSON answer, for routing only. */
  typicalLatencyMs: number;
}

export const OFFLINE_MODEL = 'offline-deterministic';

export const MODEL_REGISTRY: readonly ModelInfo[] = [
  {
    id: 'gpt-4o',
    provider: 'azure_openai',
    contextTokens: 128_000,
    inputPer1M: 2.5,
    outputPer1M: 10,
    capabilities: ['reasoning', 'function_calling', 'code_generation', 'long_context', 'chat'],
    typicalLatencyMs: 1_500,
  },
  {
    id: 'gpt-4o-mini',
    provider: 'azure_openai',
    contextTokens: 128_000,
    inputPer1M: 0.15,
    outputPer1M: 0.6,
    capabilities: ['function_calling', 'code_generation', 'long_context', 'chat'],
    typicalLatencyMs: 900,
  },
  {
    id: 'gpt-4-turbo',
    provider: 'azure_openai',
    contextTokens: 128_000,
    inputPer1M: 10,
    outputPer1M: 30,
    capabilities: ['reasoning', 'function_calling', 'code_generation', 'long_context', 'chat'],
    typicalLatencyMs: 3_000,
  },
  {
    id: 'gpt-35-turbo',
    provider: 'azure_openai',
    contextTokens: 16_385,
    inputPer1M: 0.5,
    outputPer1M: 1.5,
    capabilities: ['function_calling', 'chat'],
    typicalLatencyMs: 700,
  },
  {
    id: OFFLINE_MODEL,
    provider: 'offline',
    contextTokens: 1_000_000,
    inputPer1M: 0,
    outputPer1M: 0,
    capabilities: ['reasoning', 'function_calling', 'code_generation', 'long_context', 'chat'],
    typicalLatencyMs: 5,
  },
];

/** OpenAI's own spelling of a model name → the Azure deployment-style id. */
const ALIASES: Record<string, string> = { 'gpt-3.5-turbo': 'gpt-35-turbo' };

/**
 * The registry entry for a model or deployment name: an exact id, an alias, or a versioned deployment name
 * such as `gpt-4o-2024-08-06` or `gpt-35-turbo-0125` (the longest registry id the name starts with, so
 * `gpt-4o-mini-2024-07-18` is gpt-4o-mini, not gpt-4o). Undefined for names it cannot place.
 */
export function findModel(name: string): ModelInfo | undefined {
  const lower = name.trim().toLowerCase();
  const canonical = Object.entries(ALIASES).reduce(
    (n, [alias, id]) => (n === alias || n.startsWith(`${alias}-`) ? id + n.slice(alias.length) : n),
    lower,
  );
  let best: ModelInfo | undefined;
  for (const model of MODEL_REGISTRY) {
    const matches = canonical === model.id || canonical.startsWith(`${model.id}-`);
    if (matches && (!best || model.id.length > best.id.length)) best = model;
  }
  return best;
}

/** Unknown names are priced as the most expensive registered model, so a budget is never under-run. */
function pricing(model: string): Pick<ModelInfo, 'inputPer1M' | 'outputPer1M'> {
  const known = findModel(model);
  if (known) return known;
  return MODEL_REGISTRY.reduce((max, m) => (m.outputPer1M > max.outputPer1M ? m : max));
}

/** USD for one call. */
export function costUsd(model: string, promptTokens: number, completionTokens: number): number {
  const price = pricing(model);
  return (promptTokens * price.inputPer1M + completionTokens * price.outputPer1M) / 1_000_000;
}

/**
 * Blended USD per 1,000 tokens for the seed's reference request (§17.3: 1K input + 500 output tokens,
 * i.e. two thirds input, one third output). Used for cost ceilings and the routing score.
 */
export function blendedCostPer1kTokens(model: ModelInfo): number {
  return ((2 / 3) * model.inputPer1M + (1 / 3) * model.outputPer1M) / 1_000;
}

/** ≈ 4 characters per token for English text and JSON: good enough for budgets, not for billing. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
