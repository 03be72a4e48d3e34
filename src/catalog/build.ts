// SDL document → Catalog (API.md §1): entity types, keys, columns, relationships and their
// pairing, indexes, generated names — or a SCHEMA_ERROR listing every mistake with its SDL
// location. It reads the graphql/ layer's AST only; it must never parse text or touch storage.

import type {
  ConstDirectiveNode, ConstValueNode, DefinitionNode, DocumentNode, EnumTypeDefinitionNode, FieldDefinitionNode,
  InterfaceTypeDefinitionNode, NameNode, ObjectTypeDefinitionNode, StringValueNode, TypeNode, UnionTypeDefinitionNode,
} from '../graphql/ast.ts';
import { getLocation, Source } from '../graphql/source.ts';
import { parse } from '../graphql/parser.ts';
import { GraphQLError } from '../graphql/error.ts';
import { validateSDL } from '../graphql/validation/validateSDL.ts';
import {
  CATALOG_FORMAT, edgeBackwardTree, edgeForwardTree, indexTree, rowsTree,
  type Catalog, type Column, type Deprecation, type Edge, type Entity, type EnumType, type FieldRef, type Index,
  type IndexType, type InterfaceType, type OnDelete, type PrimaryKey, type Relation, type ScalarKind, type TargetKind,
  type UnionType,
} from './model.ts';
import {
  apiNames, FIXED_GENERATED_TYPES, generatedEnumTypeNames, generatedTypeNames, rootFieldNames,
} from './naming.ts';
import { schemaError, ValueError, type SchemaProblem } from './errors.ts';
import { storeColumn } from './values.ts';

type Node = { readonly loc?: { readonly start: number } | undefined };
type TypeDef = ObjectTypeDefinitionNode | InterfaceTypeDefinitionNode;

const BUILTIN_SCALARS: Record<string, ScalarKind> = {
  Int: 'Int', Float: 'Float', String: 'String', Boolean: 'Boolean', ID: 'ID', DateTime: 'DateTime', JSON: 'JSON',
};
const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);
const ENGINE_DIRECTIVES = new Set(['id', 'unique', 'index', 'default', 'relation', 'plural', 'deprecated']);
const ORDERABLE = new Set<ScalarKind>(['Int', 'Float', 'String', 'ID', 'DateTime', 'Enum']);
const HASHABLE = new Set<ScalarKind>(['Int', 'Float', 'String', 'ID', 'DateTime', 'Enum', 'Boolean']);
const WHERE_RESERVED = new Set(['and', 'or', 'not']);
const NAME_RE = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** A field's type, unwrapped. */
interface FieldShape {
  named: string;
  list: boolean;
  nullable: boolean;
  itemNullable: boolean;
  namedNode: NameNode;
}

/** A relationship field while pairing is worked out. */
interface RelDraft {
  entity: string;
  field: FieldDefinitionNode;
  shape: FieldShape;
  targetKind: TargetKind;
  inverseArg: { value: string; node: Node } | null;
  onDeleteArg: { value: OnDelete; node: Node } | null;
  pairedWith: RelDraft | null;
}

class Builder {
  readonly problems: SchemaProblem[] = [];
  private readonly source: Source;
  private readonly seen = new Set<string>();

  readonly objects = new Map<string, ObjectTypeDefinitionNode>();
  readonly interfaceDefs = new Map<string, InterfaceTypeDefinitionNode>();
  readonly unionDefs = new Map<string, UnionTypeDefinitionNode>();
  readonly enumDefs = new Map<string, EnumTypeDefinitionNode>();
  readonly scalarDefs = new Map<string, { description: string | null }>();
  readonly customDirectives = new Set<string>();

  constructor(readonly sdl: string) {
    this.source = new Source(sdl);
  }

  error(message: string, ...nodes: (Node | undefined | null)[]): void {
    const key = message;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const locations = [];
    for (const node of nodes) if (node?.loc) locations.push(getLocation(this.source, node.loc.start));
    this.problems.push({ message, locations });
  }

  // ---- pass 1: collect definitions ----------------------------------------------------------

  collect(document: DocumentNode): void {
    const names = new Map<string, Node>();
    for (const def of document.definitions as readonly DefinitionNode[]) {
      switch (def.kind) {
        case 'OperationDefinition':
        case 'FragmentDefinition':
          this.error('A schema holds type definitions only, not operations or fragments.', def);
          continue;
        case 'SchemaDefinition':
        case 'SchemaExtension':
          this.error('Do not declare a `schema` block: Quire generates the Query, Mutation and Subscription types.', def);
          continue;
        case 'DirectiveDefinition':
          // Declaring the engine's own directives (for editor tooling) is allowed and ignored.
          if (!ENGINE_DIRECTIVES.has(def.name.value)) this.customDirectives.add(def.name.value);
          continue;
        case 'InputObjectTypeDefinition':
          this.error(`Input type "${def.name.value}" is not allowed: Quire generates the input types from the entity types.`, def.name);
          continue;
        case 'ScalarTypeExtension': case 'ObjectTypeExtension': case 'InterfaceTypeExtension':
        case 'UnionTypeExtension': case 'EnumTypeExtension': case 'InputObjectTypeExtension': case 'DirectiveExtension':
          this.error(`Type extensions (\`extend ${'name' in def ? def.name.value : ''}\`) are not supported: declare each type once, in full.`, def);
          continue;
      }
      if (!('name' in def)) continue;
      const name = def.name.value;
      if (ROOT_TYPES.has(name)) {
        this.error(`Type "${name}" must not be declared: Quire generates the ${name} type from the entity types.`, def.name);
        continue;
      }
      if (def.kind === 'ScalarTypeDefinition' && (name === 'DateTime' || name === 'JSON')) continue; // built in; declaring it is harmless
      if (BUILTIN_SCALARS[name] || FIXED_GENERATED_TYPES.includes(name)) {
        this.error(`Type name "${name}" is reserved: it is built in or generated by Quire.`, def.name);
        continue;
      }
      if (name.startsWith('__')) {
        this.error(`Type name "${name}" is reserved: names starting with "__" belong to introspection.`, def.name);
        continue;
      }
      if (names.has(name)) {
        this.error(`There can be only one type named "${name}".`, names.get(name), def.name);
        continue;
      }
      names.set(name, def.name);
      switch (def.kind) {
        case 'ObjectTypeDefinition': this.objects.set(name, def); break;
        case 'InterfaceTypeDefinition': this.interfaceDefs.set(name, def); break;
        case 'UnionTypeDefinition': this.unionDefs.set(name, def); break;
        case 'EnumTypeDefinition': this.enumDefs.set(name, def); break;
        case 'ScalarTypeDefinition': this.scalarDefs.set(name, { description: text(def.description) }); break;
      }
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  shape(type: TypeNode, where: string): FieldShape | null {
    let t = type;
    let nullable = true;
    if (t.kind === 'NonNullType') {
      nullable = false;
      t = t.type;
    }
    if (t.kind === 'NamedType') return { named: t.name.value, list: false, nullable, itemNullable: true, namedNode: t.name };
    let inner = t.type;
    let itemNullable = true;
    if (inner.kind === 'NonNullType') {
      itemNullable = false;
      inner = inner.type;
    }
    if (inner.kind !== 'NamedType') {
      this.error(`${where}: lists of lists are not supported.`, type);
      return null;
    }
    return { named: inner.name.value, list: true, nullable, itemNullable, namedNode: inner.name };
  }

  typeCategory(name: string): 'scalar' | 'enum' | 'custom' | 'entity' | 'interface' | 'union' | null {
    if (BUILTIN_SCALARS[name]) return 'scalar';
    if (this.enumDefs.has(name)) return 'enum';
    if (this.scalarDefs.has(name)) return 'custom';
    if (this.objects.has(name)) return 'entity';
    if (this.interfaceDefs.has(name)) return 'interface';
    if (this.unionDefs.has(name)) return 'union';
    return null;
  }

  /** The directives on a node, checked against where they may appear; returns them by name. */
  directives(
    nodes: readonly ConstDirectiveNode[] | undefined,
    allowed: readonly string[],
    placeName: string,
  ): Map<string, ConstDirectiveNode> {
    const out = new Map<string, ConstDirectiveNode>();
    for (const d of nodes ?? []) {
      const name = d.name.value;
      if (this.customDirectives.has(name)) continue; // a user's own directive: kept out of the catalog
      if (!ENGINE_DIRECTIVES.has(name)) {
        this.error(`Unknown directive "@${name}" on ${placeName}.`, d);
        continue;
      }
      if (!allowed.includes(name)) {
        this.error(`Directive "@${name}" may not be used on ${placeName}.`, d);
        continue;
      }
      if (out.has(name)) {
        this.error(`Directive "@${name}" may be used only once on ${placeName}.`, out.get(name), d);
        continue;
      }
      out.set(name, d);
    }
    return out;
  }

  /** A directive's arguments, checked against the names it takes. */
  args(d: ConstDirectiveNode, accepted: readonly string[], placeName: string): Map<string, ConstValueNode> {
    const out = new Map<string, ConstValueNode>();
    for (const a of d.arguments ?? []) {
      const name = a.name.value;
      if (!accepted.includes(name)) {
        const hint = accepted.length ? ` (it takes ${accepted.map((n) => `"${n}"`).join(', ')})` : ' (it takes no arguments)';
        this.error(`Directive "@${d.name.value}" on ${placeName} has no argument "${name}"${hint}.`, a);
        continue;
      }
      if (out.has(name)) {
        this.error(`Argument "${name}" of "@${d.name.value}" on ${placeName} is given twice.`, a);
        continue;
      }
      out.set(name, a.value);
    }
    return out;
  }

  stringArg(d: ConstDirectiveNode, value: ConstValueNode | undefined, arg: string, placeName: string): string | null {
    if (value === undefined) return null;
    if (value.kind !== 'StringValue') {
      this.error(`Argument "${arg}" of "@${d.name.value}" on ${placeName} must be a string.`, value);
      return null;
    }
    return value.value;
  }

  enumArg<T extends string>(d: ConstDirectiveNode, value: ConstValueNode | undefined, arg: string, options: readonly T[], placeName: string): T | null {
    if (value === undefined) return null;
    const v = value.kind === 'EnumValue' ? value.value : null;
    if (v === null || !options.includes(v as T)) {
      this.error(`Argument "${arg}" of "@${d.name.value}" on ${placeName} must be one of ${options.join(', ')}.`, value);
      return null;
    }
    return v as T;
  }

  deprecation(d: ConstDirectiveNode | undefined, placeName: string): Deprecation | undefined {
    if (!d) return undefined;
    const args = this.args(d, ['reason'], placeName);
    const reason = args.get('reason');
    if (reason === undefined) return { reason: 'No longer supported' };
    if (reason.kind === 'NullValue') return { reason: null };
    return { reason: this.stringArg(d, reason, 'reason', placeName) };
  }
}

function text(node: StringValueNode | undefined): string | null {
  return node ? node.value : null;
}

/** A constant AST value → plain JS (enum literals become their names). */
function constValue(node: ConstValueNode): unknown {
  switch (node.kind) {
    case 'IntValue': return Number(node.value);
    case 'FloatValue': return Number(node.value);
    case 'StringValue': return node.value;
    case 'BooleanValue': return node.value;
    case 'NullValue': return null;
    case 'EnumValue': return node.value;
    case 'ListValue': return node.values.map(constValue);
    case 'ObjectValue': {
      const out: Record<string, unknown> = {};
      for (const f of node.fields) out[f.name.value] = constValue(f.value);
      return out;
    }
  }
}

/**
 * Builds the catalog of an SDL document. `sdl` is the document's source text (kept in the
 * catalog and used for error locations). Throws a SCHEMA_ERROR GraphQLError listing every
 * problem (`extensions.errors: [{ message, locations }]`).
 */
export function buildCatalog(document: DocumentNode, sdl: string): Catalog {
  const b = new Builder(sdl);
  b.collect(document);

  // ---- enums and scalars ---------------------------------------------------------------------
  const enums: Record<string, EnumType> = {};
  for (const [name, def] of b.enumDefs) {
    b.directives(def.directives, [], `enum "${name}"`);
    const values = [];
    const seen = new Set<string>();
    for (const v of def.values ?? []) {
      const vname = v.name.value;
      if (seen.has(vname)) {
        b.error(`Enum value "${name}.${vname}" is declared twice.`, v.name);
        continue;
      }
      if (vname === 'true' || vname === 'false' || vname === 'null') b.error(`Enum value "${name}.${vname}" is not allowed (true, false and null are reserved).`, v.name);
      seen.add(vname);
      const dirs = b.directives(v.directives, ['deprecated'], `enum value "${name}.${vname}"`);
      const deprecated = b.deprecation(dirs.get('deprecated'), `enum value "${name}.${vname}"`);
      values.push({ name: vname, description: text(v.description), ...(deprecated ? { deprecated } : {}) });
    }
    if (values.length === 0) b.error(`Enum "${name}" must declare at least one value.`, def.name);
    enums[name] = { name, description: text(def.description), values };
  }
  const scalars: Catalog['scalars'] = {};
  for (const [name, s] of b.scalarDefs) scalars[name] = { name, description: s.description };

  // ---- unions ----------------------------------------------------------------------------------
  const unions: Record<string, UnionType> = {};
  for (const [name, def] of b.unionDefs) {
    b.directives(def.directives, [], `union "${name}"`);
    const members: string[] = [];
    for (const m of def.types ?? []) {
      if (!b.objects.has(m.name.value)) b.error(`Union "${name}" can only include entity (object) types; "${m.name.value}" is ${b.typeCategory(m.name.value) ? `a ${b.typeCategory(m.name.value)}` : 'not defined'}.`, m);
      else if (members.includes(m.name.value)) b.error(`Union "${name}" includes "${m.name.value}" twice.`, m);
      else members.push(m.name.value);
    }
    if ((def.types ?? []).length === 0) b.error(`Union "${name}" must include at least one type.`, def.name);
    unions[name] = { name, description: text(def.description), members: members.sort(), loc: null };
  }

  // ---- interface implementation graph ----------------------------------------------------------
  const declaredInterfaces = (def: TypeDef, kindName: string): string[] => {
    const out: string[] = [];
    for (const i of def.interfaces ?? []) {
      const iname = i.name.value;
      if (!b.interfaceDefs.has(iname)) b.error(`${kindName} "${def.name.value}" cannot implement "${iname}": it is not an interface.`, i);
      else if (iname === def.name.value) b.error(`Interface "${iname}" cannot implement itself.`, i);
      else if (out.includes(iname)) b.error(`${kindName} "${def.name.value}" implements "${iname}" twice.`, i);
      else out.push(iname);
    }
    return out;
  };
  const ifaceParents = new Map<string, string[]>();
  for (const [name, def] of b.interfaceDefs) ifaceParents.set(name, declaredInterfaces(def, 'Interface'));
  const transitive = (direct: string[]): string[] => {
    const out = new Set<string>();
    const stack = [...direct];
    while (stack.length) {
      const i = stack.pop()!;
      if (out.has(i)) continue;
      out.add(i);
      stack.push(...(ifaceParents.get(i) ?? []));
    }
    return [...out].sort();
  };
  const entityInterfaces = new Map<string, string[]>();
  for (const [name, def] of b.objects) {
    const direct = declaredInterfaces(def, 'Type');
    const all = transitive(direct);
    for (const i of all) if (!direct.includes(i)) b.error(`Type "${name}" must also declare "implements ${i}" (an interface of one it implements).`, def.name);
    entityInterfaces.set(name, all);
  }

  // ---- fields of entities and interfaces ------------------------------------------------------
  interface Draft {
    name: string;
    def: TypeDef;
    isEntity: boolean;
    fields: FieldRef[];
    columns: Record<string, Column>;
    relDrafts: RelDraft[];
    idDirective: { field: string; node: Node } | null;
    fieldNodes: Map<string, FieldDefinitionNode>;
    columnDirectives: Map<string, Map<string, ConstDirectiveNode>>;
  }
  const drafts = new Map<string, Draft>();
  const allowedFieldDirectives = ['id', 'unique', 'index', 'default', 'relation', 'deprecated'];
  const draftOf = (def: TypeDef, isEntity: boolean): Draft => {
    const typeName = def.name.value;
    const draft: Draft = {
      name: typeName, def, isEntity, fields: [], columns: {}, relDrafts: [], idDirective: null,
      fieldNodes: new Map(), columnDirectives: new Map(),
    };
    for (const f of def.fields ?? []) {
      const fname = f.name.value;
      const place = `field "${typeName}.${fname}"`;
      if (draft.fieldNodes.has(fname)) {
        b.error(`Field "${typeName}.${fname}" is declared twice.`, draft.fieldNodes.get(fname)!.name, f.name);
        continue;
      }
      draft.fieldNodes.set(fname, f);
      if (fname.startsWith('__')) b.error(`Field name "${typeName}.${fname}" is reserved (names starting with "__" belong to introspection).`, f.name);
      if (WHERE_RESERVED.has(fname)) b.error(`Field name "${typeName}.${fname}" is reserved: "${fname}" is an operator of the generated ${typeName}Where filter.`, f.name);
      if (f.arguments && f.arguments.length > 0) b.error(`Field "${typeName}.${fname}" may not take arguments: the fields of a stored type are data.`, f.arguments[0]);
      const shape = b.shape(f.type, `Field "${typeName}.${fname}"`);
      const dirs = b.directives(f.directives, isEntity ? allowedFieldDirectives : ['deprecated'], isEntity ? place : `interface ${place} (put storage directives on the implementing types)`);
      if (!shape) continue;
      const category = b.typeCategory(shape.named);
      if (category === null) {
        b.error(`Unknown type "${shape.named}" for field "${typeName}.${fname}".`, shape.namedNode);
        continue;
      }
      const deprecated = b.deprecation(dirs.get('deprecated'), place);
      const description = text(f.description);
      if (dirs.has('id')) {
        b.args(dirs.get('id')!, [], place);
        if (draft.idDirective) b.error(`Type "${typeName}" has more than one @id field ("${draft.idDirective.field}" and "${fname}"); a type has one primary key.`, dirs.get('id'));
        else draft.idDirective = { field: fname, node: dirs.get('id')! };
      }
      if (category === 'entity' || category === 'interface' || category === 'union') {
        for (const dn of ['id', 'unique', 'index', 'default'] as const) {
          if (dirs.has(dn)) {
            const why = dn === 'id' ? 'a primary key must be ID, String or Int' : dn === 'default' ? 'relationships take no default' : 'indexes and unique constraints apply to scalar columns';
            b.error(`Directive "@${dn}" cannot be used on relationship field "${typeName}.${fname}": ${why}.`, dirs.get(dn));
          }
        }
        let inverseArg: RelDraft['inverseArg'] = null;
        let onDeleteArg: RelDraft['onDeleteArg'] = null;
        const rel = dirs.get('relation');
        if (rel) {
          const a = b.args(rel, ['inverse', 'onDelete'], place);
          const inv = b.stringArg(rel, a.get('inverse'), 'inverse', place);
          if (inv !== null) inverseArg = { value: inv, node: a.get('inverse')! };
          const od = b.enumArg(rel, a.get('onDelete'), 'onDelete', ['CASCADE', 'SET_NULL', 'RESTRICT'] as const, place);
          if (od !== null) onDeleteArg = { value: od, node: a.get('onDelete')! };
          if (a.size === 0 && (rel.arguments ?? []).length === 0) b.error(`Directive "@relation" on ${place} needs "inverse" or "onDelete".`, rel);
        }
        draft.fields.push({ name: fname, is: 'relation' });
        draft.relDrafts.push({
          entity: typeName, field: f, shape, targetKind: category, inverseArg, onDeleteArg, pairedWith: null,
        });
        continue;
      }
      if (dirs.has('relation')) b.error(`Directive "@relation" may only be used on relationship fields; "${typeName}.${fname}" is a ${shape.named} column.`, dirs.get('relation'));
      const kind: ScalarKind = category === 'scalar' ? BUILTIN_SCALARS[shape.named] : category === 'enum' ? 'Enum' : 'Custom';
      const column: Column = {
        name: fname, kind, typeName: shape.named, list: shape.list, nullable: shape.nullable,
        itemNullable: shape.itemNullable, unique: false, orderable: !shape.list && ORDERABLE.has(kind),
        slot: 0, description, ...(deprecated ? { deprecated } : {}),
      };
      draft.columns[fname] = column;
      draft.columnDirectives.set(fname, dirs);
      draft.fields.push({ name: fname, is: 'column' });
    }
    return draft;
  };
  for (const [, def] of b.objects) drafts.set(def.name.value, draftOf(def, true));
  for (const [, def] of b.interfaceDefs) drafts.set(def.name.value, draftOf(def, false));

  // ---- primary keys --------------------------------------------------------------------------
  const keys = new Map<string, PrimaryKey>();
  for (const [name, d] of drafts) {
    if (!d.isEntity) continue;
    if (d.idDirective) {
      const col = d.columns[d.idDirective.field];
      const ok = col && !col.list && !col.nullable && (col.kind === 'ID' || col.kind === 'String' || col.kind === 'Int');
      if (!ok) {
        b.error(`The @id field "${name}.${d.idDirective.field}" must be a non-null ID!, String! or Int! (not a list, relationship or other type).`, d.idDirective.node);
        continue;
      }
      keys.set(name, { field: col.name, kind: col.kind as PrimaryKey['kind'], origin: 'directive' });
      continue;
    }
    const idCol = d.columns.id;
    const idNode = d.fieldNodes.get('id');
    if (idNode) {
      if (!idCol || idCol.kind !== 'ID' || idCol.list || idCol.nullable) {
        b.error(`Field "${name}.id" must have type ID! to be the primary key; give another type's key field @id, or rename this field.`, idNode.type);
        continue;
      }
      keys.set(name, { field: 'id', kind: 'ID', origin: 'idField' });
      continue;
    }
    d.columns.id = {
      name: 'id', kind: 'ID', typeName: 'ID', list: false, nullable: false, itemNullable: true, unique: false,
      orderable: true, slot: -1, description: null,
    };
    d.fields.unshift({ name: 'id', is: 'column' });
    keys.set(name, { field: 'id', kind: 'ID', origin: 'added' });
  }

  // ---- column directives: @unique, @index, @default ------------------------------------------
  const indexes = new Map<string, Index[]>();
  const addIndex = (entity: string, idx: Omit<Index, 'tree'>, node: Node | undefined): void => {
    const list = indexes.get(entity) ?? [];
    if (list.some((i) => i.name === idx.name)) {
      b.error(`Type "${entity}" declares the index "${idx.name}" twice (on the same fields).`, node);
      return;
    }
    list.push({ ...idx, tree: indexTree(entity, idx.name) });
    indexes.set(entity, list);
  };
  const indexable = (col: Column, type: IndexType): string | null => {
    if (col.list) return 'a list';
    if (col.kind === 'JSON') return 'JSON';
    if (col.kind === 'Custom') return `the custom scalar ${col.typeName} (opaque, not orderable)`;
    if (type === 'BTREE' && !ORDERABLE.has(col.kind)) return `${col.kind}, which is not orderable (use @index(type: HASH))`;
    if (type === 'HASH' && !HASHABLE.has(col.kind)) return col.kind;
    return null;
  };
  for (const [name, d] of drafts) {
    if (!d.isEntity) continue;
    const key = keys.get(name);
    for (const [fname, dirs] of d.columnDirectives) {
      const col = d.columns[fname];
      const place = `field "${name}.${fname}"`;
      const isKey = key?.field === fname;
      const u = dirs.get('unique');
      if (u) {
        b.args(u, [], place);
        const bad = indexable(col, 'HASH');
        if (bad) b.error(`@unique cannot be used on ${place}: it is ${bad}.`, u);
        else if (isKey) b.error(`@unique is redundant on ${place}: it is the primary key, which is unique already.`, u);
        else {
          col.unique = true;
          addIndex(name, { name: `unique_${fname}`, type: 'BTREE', fields: [fname], unique: true, origin: 'unique' }, u);
        }
      }
      const ix = dirs.get('index');
      if (ix) {
        const a = b.args(ix, ['type', 'fields'], place);
        if (a.has('fields')) b.error(`Argument "fields" of @index belongs on a type (a composite index), not on ${place}.`, a.get('fields'));
        const type = b.enumArg(ix, a.get('type'), 'type', ['BTREE', 'HASH'] as const, place) ?? 'BTREE';
        const bad = indexable(col, type);
        if (bad) b.error(`@index cannot be used on ${place}: it is ${bad}.`, ix);
        else if (isKey) b.error(`@index is redundant on ${place}: it is the primary key, which is indexed already.`, ix);
        else addIndex(name, { name: `${type === 'HASH' ? 'hash' : 'idx'}_${fname}`, type, fields: [fname], unique: false, origin: 'field' }, ix);
      }
      const df = dirs.get('default');
      if (df) {
        const a = b.args(df, ['value'], place);
        const v = a.get('value');
        if (v === undefined) b.error(`@default on ${place} needs a "value" argument.`, df);
        else if (isKey) b.error(`@default cannot be used on ${place}: it is the primary key (a create without a key gets a generated one).`, df);
        else {
          try {
            const stored = storeColumn(col, enums[col.typeName], constValue(v));
            if (stored === null) b.error(`@default(value: null) on ${place} is the same as no default.`, v);
            else col.default = stored;
          } catch (e) {
            if (!(e instanceof ValueError)) throw e;
            b.error(`@default value on ${place} is invalid: ${e.message}.`, v);
          }
        }
      }
    }
    // type-level directives: composite @index(fields:), @plural
  }

  // ---- type directives and API names ------------------------------------------------------------
  const pluralOf = new Map<string, string | null>();
  for (const [name, d] of drafts) {
    const place = `${d.isEntity ? 'type' : 'interface'} "${name}"`;
    const dirs = b.directives(d.def.directives, d.isEntity ? ['plural', 'index'] : ['plural'], place);
    let plural: string | null = null;
    const p = dirs.get('plural');
    if (p) {
      const a = b.args(p, ['name'], place);
      const v = b.stringArg(p, a.get('name'), 'name', place);
      if (a.get('name') === undefined) b.error(`@plural on ${place} needs a "name" argument.`, p);
      else if (v !== null && !NAME_RE.test(v)) b.error(`@plural(name: "${v}") on ${place} is not a valid GraphQL name.`, a.get('name'));
      else plural = v;
    }
    pluralOf.set(name, plural);
    const ix = dirs.get('index');
    if (ix) {
      const a = b.args(ix, ['type', 'fields'], place);
      const type = b.enumArg(ix, a.get('type'), 'type', ['BTREE', 'HASH'] as const, place) ?? 'BTREE';
      const fv = a.get('fields');
      const fieldsList = fv?.kind === 'ListValue' ? fv.values : fv?.kind === 'StringValue' ? [fv] : null;
      if (!fv) b.error(`@index on ${place} needs "fields" (the columns of the composite index, e.g. @index(fields: ["a", "b"])).`, ix);
      else if (!fieldsList || fieldsList.length === 0 || fieldsList.some((v) => v.kind !== 'StringValue')) b.error(`Argument "fields" of @index on ${place} must be a non-empty list of field names.`, fv);
      else {
        const names = fieldsList.map((v) => (v as StringValueNode).value);
        let ok = true;
        names.forEach((fname, i) => {
          const col = d.columns[fname];
          if (names.indexOf(fname) !== i) { b.error(`@index on ${place} lists "${fname}" twice.`, fieldsList[i]); ok = false; return; }
          if (!col) {
            const isRel = d.relDrafts.some((r) => r.field.name.value === fname);
            b.error(isRel ? `@index on ${place} cannot include relationship field "${fname}".` : `@index on ${place} names unknown field "${fname}".`, fieldsList[i]);
            ok = false;
            return;
          }
          const bad = indexable(col, type);
          if (bad) { b.error(`@index on ${place} cannot include "${fname}": it is ${bad}.`, fieldsList[i]); ok = false; }
        });
        if (ok) addIndex(name, { name: `${type === 'HASH' ? 'hash' : 'idx'}_${names.join('_')}`, type, fields: names, unique: false, origin: 'type' }, ix);
      }
    }
  }

  // ---- relationships: targets, pairing, kinds --------------------------------------------------
  const entityRels = [...drafts.values()].filter((d) => d.isEntity).flatMap((d) => d.relDrafts);
  const relByName = (entity: string, field: string): RelDraft | undefined =>
    drafts.get(entity)?.relDrafts.find((r) => r.field.name.value === field);
  const id = (r: RelDraft): string => `${r.entity}.${r.field.name.value}`;
  const pair = (r: RelDraft, g: RelDraft): void => {
    r.pairedWith = g;
    g.pairedWith = r;
  };
  // explicit pairs first
  for (const r of entityRels) {
    if (!r.inverseArg) continue;
    const target = r.shape.named;
    if (r.targetKind !== 'entity') {
      b.error(`@relation(inverse:) on "${id(r)}" needs an entity target; "${target}" is ${r.targetKind === 'interface' ? 'an interface' : 'a union'} (its relationships are directed).`, r.inverseArg.node);
      continue;
    }
    const g = relByName(target, r.inverseArg.value);
    if (!g) {
      const isCol = drafts.get(target)?.columns[r.inverseArg.value];
      b.error(`@relation(inverse: "${r.inverseArg.value}") on "${id(r)}": ${isCol ? `"${target}.${r.inverseArg.value}" is a column, not a relationship` : `type "${target}" has no field "${r.inverseArg.value}"`}.`, r.inverseArg.node);
      continue;
    }
    if (g === r) {
      b.error(`@relation(inverse:) on "${id(r)}" names the field itself; a field never pairs with itself.`, r.inverseArg.node);
      continue;
    }
    if (g.shape.named !== r.entity) {
      b.error(`@relation(inverse: "${r.inverseArg.value}") on "${id(r)}": "${id(g)}" points at "${g.shape.named}", not back at "${r.entity}".`, r.inverseArg.node);
      continue;
    }
    if (g.inverseArg && g.inverseArg.value !== r.field.name.value) {
      b.error(`Contradictory pairing: "${id(r)}" names "${id(g)}" as its inverse, but "${id(g)}" names "${g.shape.named}.${g.inverseArg.value}".`, r.inverseArg.node, g.inverseArg.node);
      continue;
    }
    if (g.pairedWith && g.pairedWith !== r) {
      b.error(`Contradictory pairing: "${id(g)}" is named as the inverse of both "${id(g.pairedWith)}" and "${id(r)}".`, g.pairedWith.inverseArg?.node, r.inverseArg.node);
      continue;
    }
    pair(r, g);
  }
  // implicit pairs: exactly one candidate on each side
  const candidates = (r: RelDraft): RelDraft[] =>
    (drafts.get(r.shape.named)?.relDrafts ?? []).filter(
      (g) => g !== r && g.targetKind === 'entity' && g.shape.named === r.entity && !g.pairedWith && !g.inverseArg,
    );
  for (const r of entityRels) {
    if (r.pairedWith || r.inverseArg || r.targetKind !== 'entity') continue;
    const c = candidates(r);
    if (c.length === 0) continue;
    if (r.shape.named === r.entity) {
      // Self relationships pair implicitly only as one to-one + one list (parent/children).
      const all = [r, ...c];
      if (all.length === 2 && r.shape.list !== c[0].shape.list) pair(r, c[0]);
      continue;
    }
    if (c.length > 1) {
      b.error(`Ambiguous pairing: "${id(r)}" could pair with ${c.map((g) => `"${id(g)}"`).join(' or ')}; say which with @relation(inverse: "...") on both sides or rename.`, r.field.name, ...c.map((g) => g.field.name));
      continue;
    }
    const back = candidates(c[0]);
    if (back.length > 1) {
      b.error(`Ambiguous pairing: "${id(c[0])}" could pair with ${back.map((g) => `"${id(g)}"`).join(' or ')}; say which with @relation(inverse: "...").`, c[0].field.name, ...back.map((g) => g.field.name));
      continue;
    }
    pair(r, c[0]);
  }

  // ---- entities --------------------------------------------------------------------------------
  const entities: Record<string, Entity> = {};
  const edges: Record<string, Edge> = {};
  const targetEntitiesOf = (r: RelDraft): string[] =>
    r.targetKind === 'entity' ? [r.shape.named]
      : r.targetKind === 'union' ? unions[r.shape.named]?.members ?? []
        : [...b.objects.keys()].filter((e) => entityInterfaces.get(e)?.includes(r.shape.named)).sort();
  const relationOf = (r: RelDraft): Relation => {
    const f = r.field;
    const place = `"${id(r)}"`;
    const dirs = b.directives(f.directives, allowedFieldDirectives, `field ${place}`);
    const deprecated = b.deprecation(dirs.get('deprecated'), `field ${place}`);
    const targets = targetEntitiesOf(r);
    const polymorphic = r.targetKind !== 'entity';
    const base: Relation = {
      name: f.name.value, kind: 'directed', target: r.shape.named, targetKind: r.targetKind, targetEntities: targets,
      polymorphic, list: r.shape.list, nullable: r.shape.nullable, itemNullable: r.shape.itemNullable,
      inverse: r.pairedWith ? r.pairedWith.field.name.value : null, slot: -1, fkIndex: null, onDelete: null,
      edge: null, direction: null, description: text(f.description), ...(deprecated ? { deprecated } : {}),
    };
    const g = r.pairedWith;
    if (!r.shape.list && (!g || g.shape.list || id(r) < id(g))) {
      base.kind = 'toOne';
    } else if (g && !g.shape.list && (r.shape.list || id(g) < id(r))) {
      base.kind = 'inverse';
      if (!r.shape.list && !r.shape.nullable) b.error(`Field ${place} is the inverse side of a one-to-one relationship and cannot be non-null (nothing guarantees a row points back).`, f.type);
    } else {
      base.kind = g ? 'manyToMany' : 'directed';
    }
    if (base.kind === 'toOne' || base.kind === 'inverse') {
      const fkSide = base.kind === 'toOne' ? r : g!;
      const other = base.kind === 'toOne' ? g : r;
      const a = fkSide.onDeleteArg, c = other?.onDeleteArg ?? null;
      if (a && c && a.value !== c.value) b.error(`Contradictory onDelete on the two sides of "${id(fkSide)}"/"${id(other!)}": ${a.value} and ${c.value}.`, a.node, c.node);
      const chosen = a?.value ?? c?.value ?? (fkSide.shape.nullable ? 'SET_NULL' : 'RESTRICT');
      if (chosen === 'SET_NULL' && !fkSide.shape.nullable) b.error(`onDelete: SET_NULL is impossible for the non-null to-one "${id(fkSide)}"; use CASCADE or RESTRICT, or make it nullable.`, (a ?? c)?.node);
      base.onDelete = chosen;
      base.fkIndex = indexTree(fkSide.entity, `fk_${fkSide.field.name.value}`);
    } else if (r.onDeleteArg) {
      b.error(`onDelete on ${place} has no effect: it applies to to-one relationships (a many-to-many only loses its edges).`, r.onDeleteArg.node);
    }
    if (base.kind === 'manyToMany' || base.kind === 'directed') {
      const owner = !g || id(r) < id(g) ? r : g;
      base.edge = id(owner);
      base.direction = owner === r ? 'forward' : 'backward';
      if (owner === r) {
        edges[base.edge] = {
          name: base.edge, from: r.entity, fromField: f.name.value, to: r.shape.named, toField: g ? g.field.name.value : null,
          toEntities: targets, polymorphic, forwardTree: edgeForwardTree(base.edge), backwardTree: edgeBackwardTree(base.edge),
        };
      }
    }
    return base;
  };
  for (const [name, d] of drafts) {
    if (!d.isEntity) continue;
    const key = keys.get(name) ?? { field: 'id', kind: 'ID', origin: 'added' };
    const relations: Record<string, Relation> = {};
    for (const r of d.relDrafts) relations[r.field.name.value] = relationOf(r);
    const slotFields: string[] = [];
    for (const ref of d.fields) {
      if (ref.is === 'column') {
        const col = d.columns[ref.name];
        if (ref.name === key.field) col.slot = -1;
        else col.slot = slotFields.push(ref.name) - 1;
      } else {
        const rel = relations[ref.name];
        if (rel.kind === 'toOne') {
          rel.slot = slotFields.push(ref.name) - 1;
          addIndex(name, { name: `fk_${ref.name}`, type: 'BTREE', fields: [ref.name], unique: rel.inverse !== null && relByName(rel.target, rel.inverse)?.shape.list === false, origin: 'fk' }, undefined);
        }
      }
    }
    entities[name] = {
      name, description: text(d.def.description), names: apiNames(name, pluralOf.get(name) ?? null), key,
      fields: d.fields, columns: d.columns, relations, slots: slotFields.length, slotFields,
      interfaces: entityInterfaces.get(name) ?? [],
      unions: Object.values(unions).filter((u) => u.members.includes(name)).map((u) => u.name).sort(),
      indexes: indexes.get(name) ?? [], tree: rowsTree(name), loc: getLocation(new Source(sdl), d.def.name.loc?.start ?? 0),
    };
  }
  // Inverse relations read the FK index of their to-one side.
  for (const e of Object.values(entities)) {
    for (const rel of Object.values(e.relations)) {
      if (rel.kind !== 'inverse') continue;
      const fk = entities[rel.target]?.relations[rel.inverse!];
      if (fk) {
        rel.onDelete = fk.onDelete;
        rel.fkIndex = fk.fkIndex;
      }
    }
  }

  // ---- interfaces ------------------------------------------------------------------------------
  const interfaces: Record<string, InterfaceType> = {};
  for (const [name, d] of drafts) {
    if (d.isEntity) continue;
    const implementations = [...b.objects.keys()].filter((e) => entityInterfaces.get(e)?.includes(name)).sort();
    const implKeys = implementations.map((e) => entities[e]?.key).filter((k): k is PrimaryKey => !!k);
    let key: PrimaryKey = { field: 'id', kind: 'ID', origin: 'added' };
    if (implKeys.length) {
      const first = implKeys[0];
      if (implKeys.some((k) => k.field !== first.field || k.kind !== first.kind))
        b.error(`The implementations of interface "${name}" must share one primary key (field and type); they have ${[...new Set(implementations.map((e) => `${e}.${entities[e]?.key.field}: ${entities[e]?.key.kind}`))].join(', ')}.`, d.def.name);
      key = { ...first };
    }
    const relations: Record<string, Relation> = {};
    for (const r of d.relDrafts) {
      const f = r.field;
      const dirs = b.directives(f.directives, ['deprecated'], `interface field "${id(r)}"`);
      const deprecated = b.deprecation(dirs.get('deprecated'), `interface field "${id(r)}"`);
      relations[f.name.value] = {
        name: f.name.value, kind: r.shape.list ? 'directed' : 'toOne', target: r.shape.named, targetKind: r.targetKind,
        targetEntities: targetEntitiesOf(r), polymorphic: r.targetKind !== 'entity', list: r.shape.list,
        nullable: r.shape.nullable, itemNullable: r.shape.itemNullable, inverse: null, slot: -1, fkIndex: null,
        onDelete: null, edge: null, direction: null, description: text(f.description), ...(deprecated ? { deprecated } : {}),
      };
    }
    // Every implementation must have each interface field with a compatible type.
    for (const e of implementations) {
      const ed = drafts.get(e)!;
      for (const ref of d.fields) {
        const implField = ed.fieldNodes.get(ref.name);
        if (!implField) {
          b.error(`Type "${e}" implements "${name}" but has no field "${ref.name}".`, ed.def.name, d.fieldNodes.get(ref.name)?.name);
          continue;
        }
        const is = b.shape(implField.type, '');
        const want = b.shape(d.fieldNodes.get(ref.name)!.type, '');
        if (!is || !want) continue;
        const namedOk = is.named === want.named || (entityInterfaces.get(is.named) ?? ifaceParents.get(is.named) ?? []).includes(want.named)
          || (unions[want.named]?.members.includes(is.named) ?? false);
        const ok = namedOk && is.list === want.list && (want.nullable || !is.nullable) && (want.itemNullable || !is.itemNullable);
        if (!ok) b.error(`Field "${e}.${ref.name}" must have a type compatible with "${name}.${ref.name}".`, implField.type);
      }
    }
    interfaces[name] = {
      name, description: text(d.def.description), names: apiNames(name, pluralOf.get(name) ?? null), key,
      fields: d.fields, columns: d.columns, relations, implementations, interfaces: ifaceParents.get(name) ?? [],
      loc: getLocation(new Source(sdl), d.def.name.loc?.start ?? 0),
    };
  }

  // ---- generated names must not clash ----------------------------------------------------------
  const typeOwner = new Map<string, string>();
  for (const n of FIXED_GENERATED_TYPES) typeOwner.set(n, 'Quire');
  const userTypeNode = (n: string): Node | undefined =>
    (b.objects.get(n) ?? b.interfaceDefs.get(n) ?? b.unionDefs.get(n) ?? b.enumDefs.get(n))?.name;
  const claimType = (generated: string, owner: string): void => {
    const prev = typeOwner.get(generated);
    if (prev && prev !== owner) b.error(`Generated type "${generated}" of "${owner}" clashes with the one of "${prev}"; rename one of the types.`, userTypeNode(owner));
    else typeOwner.set(generated, owner);
  };
  const userTypes = [...b.objects.keys(), ...b.interfaceDefs.keys(), ...b.unionDefs.keys(), ...b.enumDefs.keys(), ...b.scalarDefs.keys()].sort();
  const generated = new Map<string, string>();
  for (const n of [...b.objects.keys(), ...b.interfaceDefs.keys()].sort()) for (const g of generatedTypeNames(n, b.objects.has(n))) generated.set(g, n);
  for (const n of [...b.enumDefs.keys()].sort()) for (const g of generatedEnumTypeNames(n)) generated.set(g, n);
  for (const n of userTypes) {
    const owner = generated.get(n);
    if (owner) b.error(`Type name "${n}" clashes with the type Quire generates for "${owner}" (${owner}'s ${n.slice(owner.length)}); rename "${n}".`, userTypeNode(n));
  }
  for (const n of [...b.objects.keys(), ...b.interfaceDefs.keys()].sort()) for (const g of generatedTypeNames(n, b.objects.has(n))) claimType(g, n);
  for (const n of [...b.enumDefs.keys()].sort()) for (const g of generatedEnumTypeNames(n)) claimType(g, n);

  const rootOwner = new Map<string, string>();
  const claimRoot = (field: string, owner: string, root: string): void => {
    const prev = rootOwner.get(`${root}.${field}`);
    if (prev && prev !== owner) b.error(`Generated ${root} field "${field}" of "${owner}" clashes with the one of "${prev}"; use @plural(name:) or rename a type.`, userTypeNode(owner));
    else rootOwner.set(`${root}.${field}`, owner);
  };
  const apiTypes = [...Object.values(entities), ...Object.values(interfaces)].sort((x, y) => (x.name < y.name ? -1 : 1));
  for (const t of apiTypes) {
    const roots = rootFieldNames(t.names, !!entities[t.name]);
    for (const f of roots.query) claimRoot(f, t.name, 'Query');
    for (const f of roots.mutation) claimRoot(f, t.name, 'Mutation');
    // `<field>Aggregate` siblings of to-many relationships
    for (const rel of Object.values(t.relations)) {
      if (!rel.list) continue;
      const sibling = `${rel.name}Aggregate`;
      if (t.fields.some((f) => f.name === sibling)) b.error(`Field "${t.name}.${sibling}" clashes with the field Quire generates for the to-many relationship "${t.name}.${rel.name}".`, drafts.get(t.name)?.fieldNodes.get(sibling)?.name);
    }
  }

  // The language layer's generic SDL rules, over the document plus the engine's declarations;
  // a problem at a place already reported above is not repeated.
  const reportedAt = new Set(b.problems.flatMap((p) => p.locations.map((l) => `${l.line}:${l.column}`)));
  for (const e of validateSDL(withPrelude(document))) {
    const nodes = (e.nodes ?? []) as readonly Node[];
    if (nodes.some((n) => preludeNodes.has(n))) continue;
    const at = e.locations?.[0];
    if (at && reportedAt.has(`${at.line}:${at.column}`)) continue;
    b.error(e.message, ...nodes);
  }

  if (b.problems.length) throw schemaError(b.problems);
  return {
    format: CATALOG_FORMAT,
    entities: sortRecord(entities), interfaces: sortRecord(interfaces), unions: sortRecord(unions),
    enums: sortRecord(enums), scalars: sortRecord(scalars), edges: sortRecord(edges), sdl,
  };
}

/** A copy of `record` with its keys in sorted order (deterministic serialisation). */
function sortRecord<T>(record: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(record).sort()) out[k] = record[k];
  return out;
}

/** What the engine declares, for the language layer's SDL validation (never shown to users). */
const PRELUDE = `
scalar DateTime
scalar JSON
enum IndexType { BTREE HASH }
enum OnDelete { CASCADE SET_NULL RESTRICT }
directive @id on FIELD_DEFINITION
directive @unique on FIELD_DEFINITION
directive @index(type: IndexType, fields: [String!]) on FIELD_DEFINITION | OBJECT
directive @default(value: JSON) on FIELD_DEFINITION
directive @relation(inverse: String, onDelete: OnDelete) on FIELD_DEFINITION
directive @plural(name: String) on OBJECT | INTERFACE
`;
let preludeDefinitions: readonly DefinitionNode[] | null = null;
const preludeNodes = new WeakSet<object>();

function withPrelude(document: DocumentNode): DocumentNode {
  if (!preludeDefinitions) {
    preludeDefinitions = parse(PRELUDE).definitions;
    const mark = (node: unknown): void => {
      if (node === null || typeof node !== 'object') return;
      if ('kind' in node) preludeNodes.add(node);
      for (const v of Object.values(node)) if (typeof v === 'object') mark(v);
    };
    mark(preludeDefinitions);
  }
  const declared = new Set(document.definitions.map((d) => ('name' in d && d.name ? `${d.kind === 'DirectiveDefinition' ? '@' : ''}${d.name.value}` : '')));
  const extra = preludeDefinitions.filter((d) => 'name' in d && d.name && !declared.has(`${d.kind === 'DirectiveDefinition' ? '@' : ''}${d.name.value}`));
  return { ...document, definitions: [...document.definitions, ...extra] };
}

/** Parses and builds in one step; a syntax error is reported as a SCHEMA_ERROR with its location. */
export function catalogFromSDL(sdl: string): Catalog {
  let document: DocumentNode;
  try {
    document = parse(sdl);
  } catch (e) {
    if (!(e instanceof GraphQLError)) throw e;
    throw schemaError([{ message: e.message, locations: [...(e.locations ?? [])] }]);
  }
  return buildCatalog(document, sdl);
}
