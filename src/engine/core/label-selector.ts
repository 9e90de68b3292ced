// metav1.FormatLabelSelector, for status.selector (the HPA reads it).
import type { LabelSelector } from '../../api/types/meta.ts';

export function formatLabelSelector(selector: LabelSelector | undefined): string {
  if (!selector) return '';
  const parts: string[] = [];
  for (const key of Object.keys(selector.matchLabels ?? {}).sort())
    parts.push(`${key}=${selector.matchLabels?.[key] ?? ''}`);
  for (const expression of selector.matchExpressions ?? []) {
    const values = [...(expression.values ?? [])].sort().join(',');
    switch (expression.operator) {
      case 'In':
        parts.push(`${expression.key} in (${values})`);
        break;
      case 'NotIn':
        parts.push(`${expression.key} notin (${values})`);
        break;
      case 'Exists':
        parts.push(expression.key);
        break;
      case 'DoesNotExist':
        parts.push(`!${expression.key}`);
        break;
    }
  }
  return parts.length === 0 ? '<none>' : parts.join(',');
}
