// OverlappingFieldsCanBeMerged: fields sharing a response name must be mergeable (same field, same
// arguments, compatible types, mergeable sub-selections), as graphql-js 17 checks it, with memoised
// collection and comparisons, and a linear fast path for large groups of identical fields (a hostile
// `{ a a a … }` validates in linear time). Reports only; never rewrites the document.

import type {
  DirectiveNode, FieldNode, FragmentDefinitionNode, FragmentSpreadNode, SelectionSetNode, ValueNode, ArgumentNode,
} from '../../ast.ts';
import {
  getNamedType, isInterfaceType, isLeafType, isListType, isNonNullType, isObjectType,
  type GraphQLField, type GraphQLNamedType, type GraphQLType,
} from '../../type/definition.ts';
import { typeFromAST } from '../../type/values.ts';
import type { ValidationContext } from '../context.ts';
import type { RuleVisitor } from '../rule.ts';

const MAX_CONFLICT_DETAIL_LENGTH = 1000;
const MAX_CONFLICT_NODES = 20;
/** Groups at least this large are first checked through their distinct shapes only. */
const DEDUPE_THRESHOLD = 4;

interface ArgumentInfo { readonly nodes: readonly ArgumentNode[]; readonly values: Map<string, ValueNode> }
interface Comparison { sameName?: boolean; args?: boolean; streamArgs?: boolean }
interface FieldInfo {
  readonly comparisons: Map<FieldInfo, Comparison>;
  readonly namedType: GraphQLNamedType | undefined;
  readonly args: ArgumentInfo | undefined;
  readonly streamArgs: ArgumentInfo | undefined;
  typeString?: string;
}
interface FieldDetails {
  readonly parentType: GraphQLNamedType | undefined;
  readonly node: FieldNode;
  readonly def: GraphQLField | undefined;
  readonly isSimpleLeaf: boolean;
  readonly stream: DirectiveNode | undefined;
  info?: FieldInfo;
  shape?: string;
}
interface Spread { node: FragmentSpreadNode; readonly definition: FragmentDefinitionNode | undefined }
interface Collected {
  readonly grouped: Map<string, FieldDetails[]>;
  readonly spreadNodes: readonly FragmentSpreadNode[];
  spreads?: Spread[];
  overlapping?: Map<Collected, Array<[string, FieldDetails[], FieldDetails[]]>>;
}
interface Conflict { readonly responseName: string; readonly reason: string; readonly fields1: FieldNode[]; readonly fields2: FieldNode[] }

/** Pair memo: which (fields, fragment) and (fragment, fragment) pairs were compared, per exclusivity. */
class PairMemo {
  readonly fieldsAndFragments = new Map<Collected, Map<FragmentDefinitionNode | undefined, boolean>>();
  readonly fragments = new Map<FragmentDefinitionNode, Map<FragmentDefinitionNode, boolean>>();
  static has<A, B>(map: Map<A, Map<B, boolean>>, a: A, b: B, exclusive: boolean): boolean {
    const r = map.get(a)?.get(b);
    return r === undefined ? false : exclusive ? true : exclusive === r;
  }
  static add<A, B>(map: Map<A, Map<B, boolean>>, a: A, b: B, exclusive: boolean): void {
    const m = map.get(a);
    if (m) m.set(b, exclusive);
    else map.set(a, new Map([[b, exclusive]]));
  }
}

class Checker {
  memo = new PairMemo();
  #probing = false;
  readonly #collected = new Map<GraphQLNamedType | undefined, Map<SelectionSetNode, Collected>>();
  readonly #valueKeys = new Map<ValueNode, string>();
  constructor(private readonly ctx: ValidationContext) {}

  findConflictsWithinSelectionSet(parentType: GraphQLNamedType | undefined, selectionSet: SelectionSetNode): Conflict[] {
    const conflicts: Conflict[] = [];
    const collected = this.collectFields(parentType, selectionSet);
    this.#collectConflictsWithin(conflicts, collected);
    if (collected.spreadNodes.length !== 0 && (collected.grouped.size !== 0 || collected.spreadNodes.length > 1)) {
      const spreads = this.#getSpreads(collected);
      for (let i = 0; i < spreads.length; i++) {
        this.#betweenFieldsAndFragment(conflicts, false, collected, spreads[i]!);
        for (let j = i + 1; j < spreads.length; j++) this.#betweenFragments(conflicts, false, spreads[i]!, spreads[j]!);
      }
    }
    return conflicts;
  }

  #betweenFieldsAndFragment(conflicts: Conflict[], exclusive: boolean, collected: Collected, spread: Spread): void {
    this.ctx.spendWork(1);
    if (collected.grouped.size === 0) return;
    const fragment = spread.definition;
    if (PairMemo.has(this.memo.fieldsAndFragments, collected, fragment, exclusive)) return;
    PairMemo.add(this.memo.fieldsAndFragments, collected, fragment, exclusive);
    if (!fragment) return;
    const collected2 = this.#collectFragmentFields(fragment);
    const referenced = this.#getSpreads(collected2);
    if (collected === collected2) return;
    this.#collectConflictsBetween(conflicts, exclusive, collected, collected2);
    for (const r of referenced) this.#betweenFieldsAndFragment(conflicts, exclusive, collected, r);
  }

  #betweenFragments(conflicts: Conflict[], exclusive: boolean, spread1: Spread, spread2: Spread): void {
    const fragment1 = spread1.definition;
    const fragment2 = spread2.definition;
    this.ctx.spendWork(2);
    if (fragment1 === fragment2) return;
    if (!fragment1 || !fragment2) return;
    const map = this.memo.fragments;
    if (PairMemo.has(map, fragment1, fragment2, exclusive) || PairMemo.has(map, fragment2, fragment1, exclusive)) return;
    PairMemo.add(map, fragment1, fragment2, exclusive);
    const collected1 = this.#collectFragmentFields(fragment1);
    const referenced1 = this.#getSpreads(collected1);
    const collected2 = this.#collectFragmentFields(fragment2);
    const referenced2 = this.#getSpreads(collected2);
    this.#collectConflictsBetween(conflicts, exclusive, collected1, collected2);
    for (const r2 of referenced2) this.#betweenFragments(conflicts, exclusive, spread1, r2);
    for (const r1 of referenced1) this.#betweenFragments(conflicts, exclusive, r1, spread2);
  }

  #betweenSubSelectionSets(
    exclusive: boolean, parentType1: GraphQLNamedType | undefined, selectionSet1: SelectionSetNode,
    parentType2: GraphQLNamedType | undefined, selectionSet2: SelectionSetNode,
  ): Conflict[] {
    const conflicts: Conflict[] = [];
    const collected1 = this.collectFields(parentType1, selectionSet1);
    const spreads1 = this.#getSpreads(collected1);
    const collected2 = this.collectFields(parentType2, selectionSet2);
    const spreads2 = this.#getSpreads(collected2);
    this.#collectConflictsBetween(conflicts, exclusive, collected1, collected2);
    for (const s2 of spreads2) this.#betweenFieldsAndFragment(conflicts, exclusive, collected1, s2);
    for (const s1 of spreads1) this.#betweenFieldsAndFragment(conflicts, exclusive, collected2, s1);
    for (const s1 of spreads1) for (const s2 of spreads2) this.#betweenFragments(conflicts, exclusive, s1, s2);
    return conflicts;
  }

  #collectConflictsWithin(conflicts: Conflict[], collected: Collected): void {
    for (const [responseName, list] of collected.grouped) {
      if (list.length < 2) continue;
      if (list.length >= DEDUPE_THRESHOLD && !this.#groupMayConflict(responseName, list, list)) continue;
      for (let i = 0; i < list.length; i++) {
        for (let j = i + 1; j < list.length; j++) {
          const c = this.#findConflict(false, responseName, list[i]!, list[j]!);
          if (c) conflicts.push(c);
        }
      }
    }
  }

  #collectConflictsBetween(conflicts: Conflict[], exclusive: boolean, collected1: Collected, collected2: Collected): void {
    if (collected1.grouped.size === 0 || collected2.grouped.size === 0) return;
    for (const [responseName, list1, list2] of this.#getOverlapping(collected1, collected2)) {
      if (list1.length * list2.length >= DEDUPE_THRESHOLD * DEDUPE_THRESHOLD && !this.#groupMayConflict(responseName, list1, list2, exclusive)) continue;
      for (const f1 of list1) {
        for (const f2 of list2) {
          const c = this.#findConflict(exclusive, responseName, f1, f2);
          if (c) conflicts.push(c);
        }
      }
    }
  }

  /**
   * Whether any pair of `list1 × list2` (or of `list1` with itself) conflicts. A conflict depends only
   * on the fields' shapes, so it suffices to compare one representative per distinct shape (and a
   * shape with a second copy of itself), under a scratch memo so nothing is marked as compared.
   */
  #groupMayConflict(responseName: string, list1: readonly FieldDetails[], list2: readonly FieldDetails[], exclusive = false): boolean {
    const reps1 = this.#representatives(list1);
    const reps2 = list1 === list2 ? reps1 : this.#representatives(list2);
    // One scratch memo per outermost probe: nested probes share it, so fragment cycles stay guarded.
    const saved = this.memo;
    if (!this.#probing) this.memo = new PairMemo();
    const wasProbing = this.#probing;
    this.#probing = true;
    try {
      for (const [shape1, [a, a2]] of reps1) {
        for (const [shape2, [b]] of reps2) {
          if (list1 === list2) {
            if (shape1 === shape2) {
              if (a2 && this.#findConflict(exclusive, responseName, a, a2)) return true;
              continue;
            }
            if (shape1 > shape2) continue; // each unordered pair of shapes once
          }
          if (this.#findConflict(exclusive, responseName, a, b)) return true;
        }
      }
      return false;
    } finally {
      this.#probing = wasProbing;
      this.memo = saved;
    }
  }

  #representatives(list: readonly FieldDetails[]): Map<string, [FieldDetails, FieldDetails | undefined]> {
    const reps = new Map<string, [FieldDetails, FieldDetails | undefined]>();
    for (const f of list) {
      // A simple leaf (no arguments, selection or @stream) is determined by its parent type and name.
      f.shape ??= (f.parentType?.name ?? '') + (f.isSimpleLeaf ? '.' + f.node.name.value : '\u0000' + structureKey(f.node));
      const r = reps.get(f.shape);
      if (!r) reps.set(f.shape, [f, undefined]);
      else if (!r[1]) r[1] = f;
    }
    return reps;
  }

  #getOverlapping(collected1: Collected, collected2: Collected): Array<[string, FieldDetails[], FieldDetails[]]> {
    const byOther = (collected1.overlapping ??= new Map());
    let result = byOther.get(collected2);
    if (result === undefined) {
      result = [];
      for (const [responseName, list1] of collected1.grouped) {
        this.ctx.spendWork(1);
        const list2 = collected2.grouped.get(responseName);
        if (list2 != null) result.push([responseName, list1, list2]);
      }
      byOther.set(collected2, result);
    }
    return result;
  }

  #findConflict(parentExclusive: boolean, responseName: string, f1: FieldDetails, f2: FieldDetails): Conflict | undefined {
    const { parentType: parentType1, node: node1, def: def1, stream: stream1 } = f1;
    const { parentType: parentType2, node: node2, def: def2, stream: stream2 } = f2;
    const exclusive = parentExclusive || (parentType1 !== parentType2 && isObjectType(parentType1) && isObjectType(parentType2));
    this.ctx.spendWork(2);
    if (f1.isSimpleLeaf && f2.isSimpleLeaf && def1?.type === def2?.type && node1.name.value === node2.name.value) return undefined;
    const info1 = this.#fieldInfo(f1);
    const info2 = this.#fieldInfo(f2);
    let comparison = info1.comparisons.get(info2);
    if (comparison === undefined) info1.comparisons.set(info2, (comparison = {}));
    if (!exclusive) {
      const name1 = node1.name.value;
      const name2 = node2.name.value;
      if (!(comparison.sameName ??= name1 === name2)) {
        return { responseName, reason: `"${abbreviate(name1)}" and "${abbreviate(name2)}" are different fields`, fields1: [node1], fields2: [node2] };
      }
      if (!(comparison.args ??= this.#sameArguments(info1.args, info2.args))) {
        return { responseName, reason: 'they have differing arguments', fields1: [node1], fields2: [node2] };
      }
    }
    if (stream1 || stream2) {
      let reason = 'they have overlapping stream directives';
      if (stream1 && stream2 && (comparison.streamArgs ??= this.#sameArguments(info1.streamArgs, info2.streamArgs))) {
        reason += '. See https://github.com/graphql/defer-stream-wg/discussions/100';
      }
      return { responseName, reason, fields1: [node1], fields2: [node2] };
    }
    const type1 = def1?.type;
    const type2 = def2?.type;
    if (type1 && type2 && this.#doTypesConflict(type1, type2)) {
      const s1 = (info1.typeString ??= String(type1));
      const s2 = (info2.typeString ??= String(type2));
      return { responseName, reason: `they return conflicting types "${s1}" and "${s2}"`, fields1: [node1], fields2: [node2] };
    }
    const ss1 = node1.selectionSet;
    const ss2 = node2.selectionSet;
    if (ss1 && ss2) {
      const conflicts = this.#betweenSubSelectionSets(exclusive, info1.namedType, ss1, info2.namedType, ss2);
      return subfieldConflicts(conflicts, responseName, node1, node2);
    }
    return undefined;
  }

  #fieldInfo(f: FieldDetails): FieldInfo {
    return (f.info ??= {
      comparisons: new Map(),
      namedType: getNamedType(f.def?.type),
      args: argumentInfo(f.node.arguments),
      streamArgs: argumentInfo(f.stream?.arguments),
    });
  }

  #sameArguments(a1: ArgumentInfo | undefined, a2: ArgumentInfo | undefined): boolean {
    if (a1 === undefined) return a2 === undefined;
    if (a1.nodes.length !== a2?.nodes.length) return false;
    for (const arg of a1.nodes) {
      this.ctx.spendWork(1);
      const v2 = a2.values.get(arg.name.value);
      if (v2 === undefined || this.#valueKey(arg.value) !== this.#valueKey(v2)) return false;
    }
    return true;
  }

  #valueKey(node: ValueNode): string {
    let key = this.#valueKeys.get(node);
    if (key === undefined) this.#valueKeys.set(node, (key = valueKey(node)));
    return key;
  }

  #doTypesConflict(type1: GraphQLType, type2: GraphQLType): boolean {
    if (type1 === type2) return false;
    this.ctx.spendWork(1);
    if (isListType(type1)) return isListType(type2) ? this.#doTypesConflict(type1.ofType, type2.ofType) : true;
    if (isListType(type2)) return true;
    if (isNonNullType(type1)) return isNonNullType(type2) ? this.#doTypesConflict(type1.ofType, type2.ofType) : true;
    if (isNonNullType(type2)) return true;
    if (isLeafType(type1) || isLeafType(type2)) return type1 !== type2;
    return false;
  }

  collectFields(parentType: GraphQLNamedType | undefined, selectionSet: SelectionSetNode): Collected {
    let bySet = this.#collected.get(parentType);
    if (!bySet) this.#collected.set(parentType, (bySet = new Map()));
    let result = bySet.get(selectionSet);
    if (!result) {
      const grouped = new Map<string, FieldDetails[]>();
      const spreadNodes: FragmentSpreadNode[] = [];
      this.#collectFieldsImpl(parentType, selectionSet, grouped, spreadNodes);
      bySet.set(selectionSet, (result = { grouped, spreadNodes }));
    }
    return result;
  }

  #collectFragmentFields(fragment: FragmentDefinitionNode): Collected {
    return this.collectFields(typeFromAST(this.ctx.schema, fragment.typeCondition) as GraphQLNamedType | undefined, fragment.selectionSet);
  }

  #collectFieldsImpl(parentType: GraphQLNamedType | undefined, selectionSet: SelectionSetNode, grouped: Map<string, FieldDetails[]>, spreads: FragmentSpreadNode[]): void {
    for (const sel of selectionSet.selections) {
      if (sel.kind === 'Field') {
        const def = isObjectType(parentType) || isInterfaceType(parentType) ? parentType.getFields()[sel.name.value] : undefined;
        const responseName = sel.alias ? sel.alias.value : sel.name.value;
        let list = grouped.get(responseName);
        if (!list) grouped.set(responseName, (list = []));
        const stream = sel.directives?.find((d) => d.name.value === 'stream');
        list.push({
          parentType, node: sel, def, stream,
          isSimpleLeaf: (sel.arguments?.length ?? 0) === 0 && !sel.selectionSet && stream === undefined,
        });
      } else if (sel.kind === 'FragmentSpread') {
        spreads.push(sel);
      } else {
        const type = sel.typeCondition ? (typeFromAST(this.ctx.schema, sel.typeCondition) as GraphQLNamedType | undefined) : parentType;
        this.#collectFieldsImpl(type, sel.selectionSet, grouped, spreads);
      }
    }
  }

  /** The distinct fragments spread in a collected selection (last spread node of each wins). */
  #getSpreads(collected: Collected): Spread[] {
    if (collected.spreads) return collected.spreads;
    const byDefinition = new Map<FragmentDefinitionNode | undefined, Spread>();
    const result: Spread[] = [];
    for (const node of collected.spreadNodes) {
      this.ctx.spendWork(1);
      const definition = this.ctx.getFragment(node.name.value);
      const previous = byDefinition.get(definition);
      if (previous === undefined) {
        const spread = { node, definition };
        byDefinition.set(definition, spread);
        result.push(spread);
      } else previous.node = node;
    }
    return (collected.spreads = result);
  }
}

/** Text that is equal only for structurally identical fields: the source text when known. */
function structureKey(node: FieldNode): string {
  const loc = node.loc;
  return loc ? loc.source.body.slice(loc.start, loc.end) : JSON.stringify(node, (k, v: unknown) => (k === 'loc' ? undefined : v));
}

function argumentInfo(args: ReadonlyArray<ArgumentNode> | undefined): ArgumentInfo | undefined {
  if (args === undefined || args.length === 0) return undefined;
  const values = new Map<string, ValueNode>();
  for (const { name, value } of args) values.set(name.value, value);
  return { nodes: args, values };
}

/** A canonical text of a literal: equal for literals graphql-js deems the same argument value. */
function valueKey(node: ValueNode): string {
  switch (node.kind) {
    case 'Variable': return '$' + node.name.value;
    case 'ObjectValue': {
      const fields = node.fields.slice().sort((a, b) => (a.name.value < b.name.value ? -1 : a.name.value > b.name.value ? 1 : 0));
      return '{' + fields.map((f) => JSON.stringify(f.name.value) + ':' + valueKey(f.value)).join(',') + '}';
    }
    case 'ListValue': return '[' + node.values.map(valueKey).join(',') + ']';
    case 'StringValue': return (node.block === true ? 'B' : 'S') + JSON.stringify(node.value);
    case 'NullValue': return 'null';
    default: return node.kind + ':' + String(node.value);
  }
}

function subfieldConflicts(conflicts: readonly Conflict[], responseName: string, node1: FieldNode, node2: FieldNode): Conflict | undefined {
  if (conflicts.length === 0) return undefined;
  let message = '';
  for (const { responseName: name, reason } of conflicts) {
    message += (message === '' ? '' : ' and ') + `subfields "${abbreviate(name)}" conflict because ${reason}`;
    if (message.length > MAX_CONFLICT_DETAIL_LENGTH) break;
  }
  return { responseName, reason: abbreviate(message), fields1: collectConflictNodes(node1, conflicts, 'fields1'), fields2: collectConflictNodes(node2, conflicts, 'fields2') };
}

function collectConflictNodes(node: FieldNode, conflicts: readonly Conflict[], side: 'fields1' | 'fields2'): FieldNode[] {
  const nodes = [node];
  for (const conflict of conflicts) {
    const remaining = MAX_CONFLICT_NODES - nodes.length;
    nodes.push(...conflict[side].slice(-remaining));
    if (nodes.length === MAX_CONFLICT_NODES) break;
  }
  return nodes;
}

const abbreviate = (text: string): string =>
  text.length > MAX_CONFLICT_DETAIL_LENGTH ? text.slice(0, MAX_CONFLICT_DETAIL_LENGTH) + '...' : text;

export function OverlappingFieldsCanBeMergedRule(context: ValidationContext): RuleVisitor {
  const checker = new Checker(context);
  return {
    selectionSet(node, parentKind) {
      if (parentKind === 'InlineFragment') return;
      if (node.selections.length <= 1 && node.selections[0]?.kind !== 'InlineFragment') return;
      for (const { responseName, reason, fields1, fields2 } of checker.findConflictsWithinSelectionSet(context.parentType, node)) {
        context.reportError(
          `Fields "${abbreviate(responseName)}" conflict because ${reason}. Use different aliases on the fields to fetch both if this was intentional.`,
          fields1.concat(fields2),
        );
      }
    },
  };
}

