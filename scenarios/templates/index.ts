import type { Template } from '../template.js';

/** The template library, in the order `closedloop templates list` shows it. */
export const TEMPLATES: readonly Template[] = [];

export function findTemplate(id: string): Template | undefined {
  return TEMPLATES.find((t) => t.id === id);
}
