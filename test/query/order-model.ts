// The simple model of API.md's list order that the keyset and index-order properties check the
// engine against: scalar kinds compared the obvious way, each orderBy term with nulls last ASC and
// first DESC. Test support only; it never imports the engine.
import { cpCompare } from './oracle.ts';

export type Kind = 'num' | 'str' | 'enum';
/** The enum the property tests' schemas declare, in declaration order. */
export const LEVELS = ['LOW', 'MID', 'HIGH'];

export const compareKind = (k: Kind, x: unknown, y: unknown): number =>
  k === 'num' ? (x as number) - (y as number) : k === 'str' ? cpCompare(x as string, y as string) : LEVELS.indexOf(x as string) - LEVELS.indexOf(y as string);

/** Compares two rows by the orderBy terms alone (0 when every term ties: the caller breaks ties). */
export function compareTerms(a: Record<string, unknown>, b: Record<string, unknown>, order: readonly (readonly [string, 'ASC' | 'DESC'])[], kindOf: (field: string) => Kind): number {
  for (const [f, dir] of order) {
    const x = a[f] ?? null, y = b[f] ?? null;
    if (x === null && y === null) continue;
    const sign = dir === 'DESC' ? -1 : 1;
    if (x === null || y === null) return (x === null ? 1 : -1) * sign;
    const d = compareKind(kindOf(f), x, y);
    if (d !== 0) return d * sign;
  }
  return 0;
}
