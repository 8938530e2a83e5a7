/**
 * Matches a Functions route template (`v1/tasks/{taskId}/cancel`) against a request path, the way the
 * Functions host does for the templates ANTS uses: literal segments win over parameters, and parameters
 * match exactly one segment.
 */
export interface CompiledRoute<T> {
  value: T;
  segments: string[];
  literalCount: number;
}

export function compileRoute<T>(template: string, value: T): CompiledRoute<T> {
  const segments = template.split('/').filter(Boolean);
  return { value, segments, literalCount: segments.filter((s) => !s.startsWith('{')).length };
}

export function matchRoute<T>(
  routes: CompiledRoute<T>[],
  path: string,
  accept: (value: T) => boolean = () => true,
): { value: T; params: Record<string, string> } | undefined {
  const parts = path.split('/').filter(Boolean);
  const candidates = routes
    .filter((r) => r.segments.length === parts.length && accept(r.value))
    .sort((a, b) => b.literalCount - a.literalCount);
  for (const route of candidates) {
    const params: Record<string, string> = {};
    const ok = route.segments.every((segment, i) => {
      const part = parts[i]!;
      if (segment.startsWith('{') && segment.endsWith('}')) {
        params[segment.slice(1, -1)] = decodeURIComponent(part);
        return true;
      }
      return segment.toLowerCase() === part.toLowerCase();
    });
    if (ok) return { value: route.value, params };
  }
  return undefined;
}
