/**
 * Prompt-injection tripwires for untrusted task data. Conservative on purpose: each signal needs a
 * specific combination of words (an imperative *and* its target), so business text such as "ignore the
 * duplicate invoice" or "act as the approver" does not trip. A tripwire does not block anything by itself;
 * the caller decides (the worker escalates a suspicious task to a human instead of acting on it).
 *
 * Signals:
 * - `ignore_instructions`: ignore / disregard / forget / override … previous / above / all / your / system …
 *   instructions / prompts / guidelines / guardrails / "your rules" ("ignore all pricing rules" passes).
 * - `system_prompt_exfiltration`: reveal / print / repeat / show … the system prompt, your instructions,
 *   the developer message, or "what were you told".
 * - `role_play_jailbreak`: "you are now" / "act as" / "pretend" / "from now on" with unrestricted, DAN,
 *   developer mode, no rules / filters; and the well-known "do anything now" / "developer mode enabled".
 * - `tool_call_smuggling`: chat-template role markers (`<|im_start|>`, `[INST]`, `<<SYS>>`), JSON that
 *   fakes a system/tool/assistant message or a `tool_calls` / `function_call`, and lines starting with
 *   `system:` or `assistant:`.
 * - `encoded_instructions`: a base64 blob of at least 24 characters that decodes to text that itself trips
 *   one of the signals above or talks about instructions / the system prompt.
 */

export interface InjectionVerdict {
  suspicious: boolean;
  signals: string[];
}

const PATTERNS: { signal: string; pattern: RegExp }[] = [
  {
    signal: 'ignore_instructions',
    pattern:
      /\b(?:ignore|disregard|forget|override|bypass)\b[^.\n]{0,40}?\b(?:previous|prior|above|earlier|preceding|all|any|your|system|safety)\b[^.\n]{0,20}?\b(?:instructions?|prompts?|directions|guidelines|guardrails|(?:your|safety|system) rules)\b/i,
  },
  {
    signal: 'system_prompt_exfiltration',
    pattern:
      /\b(?:reveal|show|print|repeat|output|display|leak|dump|tell me|what (?:is|are|were))\b[^.\n]{0,40}?\b(?:system prompt|system message|developer message|hidden prompt|(?:your|the) (?:initial |original |hidden |secret )?(?:instructions|prompt|rules)|you were told)\b/i,
  },
  {
    signal: 'role_play_jailbreak',
    pattern:
      /\b(?:you are now|act as|pretend (?:to be|you are|you're)|roleplay as|role-play as|from now on,? you)\b[^.\n]{0,60}?\b(?:dan|unrestricted|unfiltered|jailbroken|developer mode|without (?:any )?(?:restrictions|filters|limits|rules|guidelines)|no (?:restrictions|filters|limits|rules|guidelines))\b/i,
  },
  {
    signal: 'role_play_jailbreak',
    pattern: /\bdo anything now\b|\bdeveloper mode (?:enabled|on)\b|\bjailbreak(?:ed)? mode\b/i,
  },
  {
    signal: 'tool_call_smuggling',
    pattern:
      /<\|(?:im_start|im_end|system|assistant|endoftext)\|>|\[\/?INST\]|<<\/?SYS>>|"role"\s*:\s*"(?:system|tool|function|assistant|developer)"|"(?:tool_calls|function_call)"\s*:|^\s*(?:system|assistant|developer)\s*:/im,
  },
];

const BASE64_BLOB = /[A-Za-z0-9+/]{24,}={0,2}/g;
const TALKS_ABOUT_INSTRUCTIONS = /\b(?:instructions?|system prompt|jailbreak|you are now)\b/i;

function plainSignals(text: string): string[] {
  return PATTERNS.filter((p) => p.pattern.test(text)).map((p) => p.signal);
}

/** Decoded text of a blob, when it is mostly printable (so random ids and hashes are not read as text). */
function decodeBase64(blob: string): string | undefined {
  const text = Buffer.from(blob, 'base64').toString('utf8');
  const printable = text.replace(/[^\x20-\x7e\n\t]/g, '').length;
  return text.length > 0 && printable / text.length > 0.95 && /[a-z]{3,} [a-z]{2,}/i.test(text)
    ? text
    : undefined;
}

export function detectPromptInjection(text: string): InjectionVerdict {
  const signals = new Set(plainSignals(text));
  for (const blob of text.match(BASE64_BLOB) ?? []) {
    const decoded = decodeBase64(blob);
    if (decoded && (plainSignals(decoded).length > 0 || TALKS_ABOUT_INSTRUCTIONS.test(decoded))) {
      signals.add('encoded_instructions');
    }
  }
  return { suspicious: signals.size > 0, signals: [...signals] };
}
