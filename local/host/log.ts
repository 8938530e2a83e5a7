import { redactText } from '../../shared/guardrails/redact';

/**
 * The local host's log: one line per record on stderr (stdout stays free for the URLs `npm start`
 * prints). Function logs pass through PII redaction, as they would before reaching Application Insights.
 */
export interface HostLog {
  info(line: string): void;
  error(line: string): void;
  fromFunction(name: string, level: string, args: unknown[]): void;
}

export function hostLog(options: { quiet?: boolean; write?: (line: string) => void } = {}): HostLog {
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const stamp = () => new Date().toISOString().slice(11, 23);
  return {
    info: (line) => {
      if (!options.quiet) write(`${stamp()} ${line}`);
    },
    error: (line) => write(`${stamp()} ERROR ${redactText(line)}`),
    fromFunction: (name, level, args) => {
      if (options.quiet && level !== 'error') return;
      const text = args.map((a) =>
        a instanceof Error ? (a.stack ?? a.message) : typeof a === 'string' ? a : JSON.stringify(a),
      );
      write(`${stamp()} [${name}] ${level}: ${redactText(text.join(' '))}`);
    },
  };
}
