import type { StrategyName } from './simulate';

/** One group of bars: a metric, each strategy's value on a shared 0..max scale, and how to label it. */
export interface ChartGroup {
  label: string;
  /** A dashed line across the group (a target), on the same scale. */
  target?: number;
  values: Record<StrategyName, number>;
  format: (value: number) => string;
}

const COLOURS: Record<StrategyName, string> = {
  marketplace: '#2b8a3e',
  fifo: '#1c7ed6',
  random: '#868e96',
};

/**
 * A grouped bar chart as a plain SVG string (no library): one group per metric, one bar per strategy,
 * values labelled, targets dashed. Lower is better for every group but completion.
 */
export function allocationSvg(title: string, subtitle: string, groups: ChartGroup[]): string {
  const strategies = Object.keys(COLOURS) as StrategyName[];
  const width = 1040;
  const height = 440;
  const top = 78;
  const bottom = 360;
  const left = 56;
  const right = width - 24;
  const max = Math.max(
    1,
    ...groups.flatMap((g) => [...Object.values(g.values), g.target ?? 0].filter(Number.isFinite)),
  );
  const scaleMax = Math.ceil(max * 5) / 5;
  const y = (v: number) => bottom - (Math.min(v, scaleMax) / scaleMax) * (bottom - top);
  const groupWidth = (right - left) / groups.length;
  const barWidth = Math.min(44, (groupWidth - 36) / strategies.length);

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${left}" y="30" font-size="18" font-weight="600" fill="#212529">${escape(title)}</text>`,
    `<text x="${left}" y="52" font-size="12" fill="#495057">${escape(subtitle)}</text>`,
  );
  for (let i = 0; i <= 5; i++) {
    const v = (scaleMax * i) / 5;
    parts.push(
      `<line x1="${left}" x2="${right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e9ecef"/>`,
      `<text x="${left - 8}" y="${(y(v) + 4).toFixed(1)}" font-size="11" text-anchor="end" fill="#868e96">${round2(v)}</text>`,
    );
  }
  groups.forEach((group, g) => {
    const x0 = left + g * groupWidth + (groupWidth - barWidth * strategies.length) / 2;
    strategies.forEach((strategy, s) => {
      const value = group.values[strategy];
      const x = x0 + s * barWidth;
      const top = y(value);
      parts.push(
        `<rect x="${(x + 3).toFixed(1)}" y="${top.toFixed(1)}" width="${(barWidth - 6).toFixed(1)}" height="${(bottom - top).toFixed(1)}" fill="${COLOURS[strategy]}"><title>${escape(`${strategy}: ${group.format(value)}`)}</title></rect>`,
        `<text x="${(x + barWidth / 2).toFixed(1)}" y="${(top - 5).toFixed(1)}" font-size="10" text-anchor="middle" fill="#343a40">${escape(group.format(value))}</text>`,
      );
    });
    if (group.target !== undefined) {
      const ty = y(group.target).toFixed(1);
      const x1 = x0 - 6;
      const x2 = x0 + barWidth * strategies.length + 6;
      parts.push(
        `<line x1="${x1.toFixed(1)}" x2="${x2.toFixed(1)}" y1="${ty}" y2="${ty}" stroke="#e03131" stroke-dasharray="5 3" stroke-width="1.5"/>`,
      );
    }
    parts.push(
      `<text x="${(left + g * groupWidth + groupWidth / 2).toFixed(1)}" y="${bottom + 20}" font-size="11" text-anchor="middle" fill="#212529">${escape(group.label)}</text>`,
    );
  });
  parts.push(`<line x1="${left}" x2="${right}" y1="${bottom}" y2="${bottom}" stroke="#adb5bd"/>`);
  const legendY = height - 30;
  strategies.forEach((strategy, s) => {
    const x = left + s * 150;
    parts.push(
      `<rect x="${x}" y="${legendY - 10}" width="12" height="12" fill="${COLOURS[strategy]}"/>`,
      `<text x="${x + 18}" y="${legendY}" font-size="12" fill="#212529">${strategy}</text>`,
    );
  });
  parts.push(
    `<line x1="${left + 470}" x2="${left + 500}" y1="${legendY - 4}" y2="${legendY - 4}" stroke="#e03131" stroke-dasharray="5 3" stroke-width="1.5"/>`,
    `<text x="${left + 506}" y="${legendY}" font-size="12" fill="#212529">target</text>`,
    '</svg>',
  );
  return parts.join('\n') + '\n';
}

function round2(v: number): string {
  return String(Math.round(v * 100) / 100);
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
