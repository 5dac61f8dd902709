/**
 * The size of a parsed JSON body in values and depth, checked before anything
 * walks it: the byte limit alone bounds neither how many values a body holds
 * (validation costs per value) nor how deeply it nests (recursive walks).
 * Iterative, so a hostile body cannot exhaust the stack here either.
 */

/**
 * Why a parsed JSON value is too large (more than `maxValues` values, or nested
 * deeper than `maxDepth`), or null when it is within both.
 * @example jsonLimitsProblem({ a: [1, 2] }, 20_000, 32) // null (4 values, depth 3)
 */
export function jsonLimitsProblem(value: unknown, maxValues: number, maxDepth: number): string | null {
  const stack: unknown[] = [value];
  const depths: number[] = [1];
  let values = 0;
  while (stack.length > 0) {
    const v = stack.pop();
    const depth = depths.pop()!;
    if (++values > maxValues) return `the body holds more than ${maxValues.toLocaleString('en-US')} JSON values (objects, arrays, strings, numbers…); split it`;
    if (depth > maxDepth) return `the body nests deeper than ${maxDepth} levels`;
    if (v === null || typeof v !== 'object') continue;
    const children = Array.isArray(v) ? v : Object.values(v as Record<string, unknown>);
    for (const child of children) {
      stack.push(child);
      depths.push(depth + 1);
    }
  }
  return null;
}
