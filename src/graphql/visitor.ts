// Depth-first AST traversal with enter/leave hooks, per-kind visitors, skipping, BREAK and editing —
// graphql-js's `visit` semantics, implemented iteratively (no recursion, so any depth is safe).
// Never mutates the input tree: edits produce copies of the changed path.

import { isNode, Kind, QueryDocumentKeys, type ASTNode } from './ast.ts';

/** Return from a visit function to stop the whole traversal. */
export const BREAK: unknown = Object.freeze({});

export type ASTVisitFn<TVisitedNode extends ASTNode> = (
  /** The node being visited. */
  node: TVisitedNode,
  /** Its key (field name or array index) in the parent. */
  key: string | number | undefined,
  /** The parent node or array. */
  parent: ASTNode | ReadonlyArray<ASTNode> | undefined,
  /** Keys from the root to this node. */
  path: ReadonlyArray<string | number>,
  /** All nodes and arrays above the parent. */
  ancestors: ReadonlyArray<ASTNode | ReadonlyArray<ASTNode>>,
) => unknown;

export interface EnterLeaveVisitor<TVisitedNode extends ASTNode> {
  readonly enter?: ASTVisitFn<TVisitedNode> | undefined;
  readonly leave?: ASTVisitFn<TVisitedNode> | undefined;
}

export type KindVisitor = {
  readonly [N in ASTNode as N['kind']]?: ASTVisitFn<N> | EnterLeaveVisitor<N>;
};

/**
 * Either `{ enter, leave }` for every node, or per-kind entries (`{ Field(node) {…} }` or
 * `{ Field: { enter, leave } }`). Return `false` from enter to skip a subtree, `BREAK` to stop,
 * `null` to delete the node, or a value to replace it.
 */
export type ASTVisitor = EnterLeaveVisitor<ASTNode> | KindVisitor;

export type ASTVisitorKeyMap = { readonly [kind: string]: ReadonlyArray<string> };

const allKinds: ReadonlyArray<string> = Object.values(Kind);

type AnyVisitFn = (...args: unknown[]) => unknown;
interface AnyEnterLeave {
  readonly enter?: AnyVisitFn | undefined;
  readonly leave?: AnyVisitFn | undefined;
}

/** The enter/leave pair `visitor` applies to nodes of `kind`. */
export function getEnterLeaveForKind(visitor: ASTVisitor, kind: string): EnterLeaveVisitor<ASTNode> {
  const kindVisitor = (visitor as Record<string, unknown>)[kind];
  if (typeof kindVisitor === 'object' && kindVisitor !== null) return kindVisitor as EnterLeaveVisitor<ASTNode>;
  if (typeof kindVisitor === 'function') return { enter: kindVisitor as ASTVisitFn<ASTNode>, leave: undefined };
  const { enter, leave } = visitor as EnterLeaveVisitor<ASTNode>;
  return { enter, leave };
}

interface Frame {
  readonly inArray: boolean;
  readonly index: number;
  readonly keys: ReadonlyArray<unknown>;
  readonly edits: unknown[] | undefined;
  readonly prev: Frame | undefined;
}

/**
 * Visit `root` depth-first. Returns `root` itself when nothing was edited, otherwise a new tree
 * sharing every unchanged subtree.
 */
export function visit<N extends ASTNode>(root: N, visitor: ASTVisitor, visitorKeys?: ASTVisitorKeyMap): N;
export function visit(root: ASTNode, visitor: ASTVisitor, visitorKeys?: ASTVisitorKeyMap): unknown;
export function visit(
  root: ASTNode,
  visitor: ASTVisitor,
  visitorKeys: ASTVisitorKeyMap = QueryDocumentKeys,
): unknown {
  const enterLeave = new Map<string, AnyEnterLeave>();
  for (const kind of allKinds) enterLeave.set(kind, getEnterLeaveForKind(visitor, kind) as AnyEnterLeave);

  let stack: Frame | undefined;
  let inArray = Array.isArray(root);
  let keys: ReadonlyArray<unknown> = [root];
  let index = -1;
  let edits: unknown[] | undefined;
  let node: unknown = root;
  let key: string | number | undefined;
  let parent: unknown;
  const path: Array<string | number> = [];
  const ancestors: unknown[] = [];

  do {
    index++;
    const isLeaving = index === keys.length;
    const isEdited = isLeaving && edits !== undefined;
    if (isLeaving) {
      key = ancestors.length === 0 ? undefined : path[path.length - 1];
      node = parent;
      parent = ancestors.pop();
      if (edits !== undefined) {
        if (inArray) {
          const copy = (node as unknown[]).slice();
          let editOffset = 0;
          for (let i = 0; i < edits.length; i += 2) {
            const arrayKey = (edits[i] as number) - editOffset;
            if (edits[i + 1] === null) {
              copy.splice(arrayKey, 1);
              editOffset++;
            } else {
              copy[arrayKey] = edits[i + 1];
            }
          }
          node = copy;
        } else {
          const copy: Record<string, unknown> = { ...(node as Record<string, unknown>) };
          for (let i = 0; i < edits.length; i += 2) copy[edits[i] as string] = edits[i + 1];
          node = copy;
        }
      }
      const frame = stack!;
      index = frame.index;
      keys = frame.keys;
      edits = frame.edits;
      inArray = frame.inArray;
      stack = frame.prev;
    } else if (parent != null) {
      key = inArray ? index : (keys[index] as string);
      node = (parent as Record<string | number, unknown>)[key];
      if (node === null || node === undefined) continue;
      path.push(key);
    }

    let result: unknown;
    let nodeIsArray = Array.isArray(node);
    if (!nodeIsArray) {
      if (!isNode(node)) throw new TypeError(`Invalid AST Node: ${String(node)}.`);
      const hooks = enterLeave.get(node.kind);
      const visitFn = isLeaving ? hooks?.leave : hooks?.enter;
      result = visitFn?.call(visitor, node, key, parent, path, ancestors);
      if (result === BREAK) break;
      if (result === false) {
        if (!isLeaving) {
          path.pop();
          continue;
        }
      } else if (result !== undefined) {
        (edits ??= []).push(key, result);
        if (!isLeaving) {
          if (isNode(result)) {
            node = result;
            nodeIsArray = false;
          } else {
            path.pop();
            continue;
          }
        }
      }
    }

    if (result === undefined && isEdited) (edits ??= []).push(key, node);

    if (isLeaving) {
      path.pop();
    } else {
      stack = { inArray, index, keys, edits, prev: stack };
      inArray = nodeIsArray;
      keys = inArray ? (node as unknown[]) : (visitorKeys[(node as ASTNode).kind] ?? []);
      index = -1;
      edits = undefined;
      if (parent != null) ancestors.push(parent);
      parent = node;
    }
  } while (stack !== undefined);

  if (edits !== undefined) return edits[edits.length - 1];
  return root;
}

/**
 * One visitor that runs several in lock-step: each can skip (false) or BREAK independently;
 * the first edit returned wins.
 */
export function visitInParallel(visitors: ReadonlyArray<ASTVisitor>): ASTVisitor {
  const skipping: unknown[] = new Array(visitors.length).fill(null);
  const merged: Record<string, EnterLeaveVisitor<ASTNode>> = Object.create(null);
  for (const kind of allKinds) {
    let hasVisitor = false;
    const enterList: Array<AnyVisitFn | undefined> = new Array(visitors.length).fill(undefined);
    const leaveList: Array<AnyVisitFn | undefined> = new Array(visitors.length).fill(undefined);
    for (let i = 0; i < visitors.length; ++i) {
      const { enter, leave } = getEnterLeaveForKind(visitors[i]!, kind) as AnyEnterLeave;
      hasVisitor ||= enter != null || leave != null;
      enterList[i] = enter;
      leaveList[i] = leave;
    }
    if (!hasVisitor) continue;
    merged[kind] = {
      enter(...args) {
        const node = args[0];
        for (let i = 0; i < visitors.length; i++) {
          if (skipping[i] === null) {
            const result = enterList[i]?.apply(visitors[i], args);
            if (result === false) skipping[i] = node;
            else if (result === BREAK) skipping[i] = BREAK;
            else if (result !== undefined) return result;
          }
        }
        return undefined;
      },
      leave(...args) {
        const node = args[0];
        for (let i = 0; i < visitors.length; i++) {
          if (skipping[i] === null) {
            const result = leaveList[i]?.apply(visitors[i], args);
            if (result === BREAK) skipping[i] = BREAK;
            else if (result !== undefined && result !== false) return result;
          } else if (skipping[i] === node) {
            skipping[i] = null;
          }
        }
        return undefined;
      },
    };
  }
  return merged as ASTVisitor;
}
