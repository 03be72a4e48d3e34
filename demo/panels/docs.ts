// The docs explorer: the generated schema as the engine describes it through introspection — root
// types, every type, fields with arguments, input fields, enum values, descriptions, deprecations —
// with clickable types and a search. Renders the SchemaModel only; never queries the database.

import { h } from '../app/dom.ts';
import { namedTypeOf, typeToString, type EnumValue, type Field, type InputValue, type NamedType, type SchemaModel, type TypeRef } from '../graphql/schema.ts';

const KIND_LABEL: Record<NamedType['kind'], string> = {
  OBJECT: 'type',
  INTERFACE: 'interface',
  UNION: 'union',
  ENUM: 'enum',
  INPUT_OBJECT: 'input',
  SCALAR: 'scalar',
};

export class DocsExplorer {
  private schema: SchemaModel | null = null;
  private readonly trail: string[] = [];
  private readonly body = h('div', { class: 'docs-body' });
  private readonly search = h('input', { type: 'search', class: 'docs-search', placeholder: 'Search types and fields', 'aria-label': 'Search the schema' });
  private readonly nav = h('nav', { class: 'docs-nav', 'aria-label': 'Docs location' });

  constructor(private readonly root: HTMLElement) {
    root.append(h('div', { class: 'docs-head' }, this.nav, this.search), this.body);
    this.search.addEventListener('input', () => this.render());
    this.render();
  }

  setSchema(schema: SchemaModel | null): void {
    this.schema = schema;
    this.render();
  }

  /** Shows the type `name` (pushing it on the trail), or the home page for null. */
  open(name: string | null): void {
    if (name === null) this.trail.length = 0;
    else if (this.trail.at(-1) !== name) this.trail.push(name);
    this.search.value = '';
    this.render();
    this.root.scrollTop = 0;
  }

  private render(): void {
    this.renderNav();
    const schema = this.schema;
    if (!schema) {
      this.body.replaceChildren(h('p', { class: 'muted' }, 'The schema appears once the database is open.'));
      return;
    }
    const term = this.search.value.trim().toLowerCase();
    const current = schema.type(this.trail.at(-1));
    if (term) this.body.replaceChildren(this.renderSearch(schema, term));
    else if (current) this.body.replaceChildren(this.renderType(current));
    else this.body.replaceChildren(this.renderHome(schema));
  }

  private renderNav(): void {
    const crumbs: Node[] = [h('button', { type: 'button', class: 'link', onclick: () => this.open(null) }, 'Schema')];
    this.trail.forEach((name, i) => {
      crumbs.push(h('span', { class: 'sep', 'aria-hidden': 'true' }, '›'));
      crumbs.push(
        i === this.trail.length - 1
          ? h('span', { class: 'crumb-current', 'aria-current': 'page' }, name)
          : h('button', { type: 'button', class: 'link', onclick: () => {
              this.trail.length = i + 1;
              this.render();
            } }, name),
      );
    });
    this.nav.replaceChildren(...crumbs);
  }

  private renderHome(schema: SchemaModel): Node {
    const roots = [schema.queryType, schema.mutationType, schema.subscriptionType].filter((n): n is string => !!n);
    const section = (title: string, types: NamedType[]): Node =>
      h('section', {}, h('h3', {}, title), h('ul', { class: 'docs-types' }, ...types.map((t) => h('li', {}, this.typeLink(t.name), this.kindBadge(t)))));
    const user = (kinds: NamedType['kind'][]) => schema.typesOfKind(...kinds).filter((t) => !t.name.startsWith('__') && !roots.includes(t.name));
    return h(
      'div',
      {},
      h('section', {}, h('h3', {}, 'Root types'), h('ul', { class: 'docs-types' }, ...roots.map((name) => h('li', {}, this.typeLink(name))))),
      section('Entities and interfaces', user(['OBJECT', 'INTERFACE', 'UNION'])),
      section('Inputs', user(['INPUT_OBJECT'])),
      section('Enums and scalars', user(['ENUM', 'SCALAR'])),
    );
  }

  private renderType(type: NamedType): Node {
    const parts: Node[] = [h('h3', { class: 'docs-title' }, this.kindBadge(type), ' ', type.name)];
    if (type.description) parts.push(h('p', { class: 'docs-description' }, type.description));
    if (type.interfaces?.length) parts.push(h('p', {}, 'Implements ', ...joinNodes(type.interfaces.map((i) => this.typeLink(i.name ?? '')))));
    if (type.possibleTypes?.length) {
      parts.push(h('p', {}, type.kind === 'UNION' ? 'Members: ' : 'Implemented by ', ...joinNodes(type.possibleTypes.map((t) => this.typeLink(t.name ?? '')))));
    }
    if (type.fields?.length) parts.push(h('h4', {}, 'Fields'), h('ul', { class: 'docs-fields' }, ...type.fields.map((f) => this.fieldItem(f))));
    if (type.inputFields?.length) parts.push(h('h4', {}, 'Input fields'), h('ul', { class: 'docs-fields' }, ...type.inputFields.map((f) => this.inputItem(f))));
    if (type.enumValues?.length) parts.push(h('h4', {}, 'Values'), h('ul', { class: 'docs-fields' }, ...type.enumValues.map((v) => this.enumItem(v))));
    return h('div', {}, ...parts);
  }

  private renderSearch(schema: SchemaModel, term: string): Node {
    const hits: Node[] = [];
    for (const type of schema.typesOfKind('OBJECT', 'INTERFACE', 'UNION', 'INPUT_OBJECT', 'ENUM', 'SCALAR')) {
      if (type.name.toLowerCase().includes(term)) hits.push(h('li', {}, this.typeLink(type.name), this.kindBadge(type)));
      for (const field of [...(type.fields ?? []), ...(type.inputFields ?? [])]) {
        if (field.name.toLowerCase().includes(term)) hits.push(h('li', {}, this.typeLink(type.name), '.', h('span', { class: 'gql-field' }, field.name), ': ', this.typeRef(field.type)));
      }
      if (hits.length > 200) break;
    }
    return hits.length ? h('ul', { class: 'docs-types' }, ...hits) : h('p', { class: 'muted' }, `Nothing matches “${term}”.`);
  }

  private fieldItem(field: Field): Node {
    const args = field.args.length
      ? ['(', ...joinNodes(field.args.map((a) => h('span', {}, h('span', { class: 'gql-argument' }, a.name), ': ', this.typeRef(a.type)))), ')']
      : [];
    return h(
      'li',
      { class: field.isDeprecated ? 'deprecated' : null },
      h('code', {}, h('span', { class: 'gql-field' }, field.name), ...args, ': ', this.typeRef(field.type)),
      field.isDeprecated ? h('span', { class: 'badge warn' }, 'deprecated') : null,
      field.description ? h('p', { class: 'docs-description' }, field.description) : null,
      field.deprecationReason ? h('p', { class: 'docs-deprecation' }, field.deprecationReason) : null,
    );
  }

  private inputItem(value: InputValue): Node {
    return h(
      'li',
      {},
      h('code', {}, h('span', { class: 'gql-argument' }, value.name), ': ', this.typeRef(value.type), value.defaultValue !== null ? ` = ${value.defaultValue}` : ''),
      value.description ? h('p', { class: 'docs-description' }, value.description) : null,
    );
  }

  private enumItem(value: EnumValue): Node {
    return h(
      'li',
      { class: value.isDeprecated ? 'deprecated' : null },
      h('code', { class: 'gql-enum' }, value.name),
      value.isDeprecated ? h('span', { class: 'badge warn' }, 'deprecated') : null,
      value.description ? h('p', { class: 'docs-description' }, value.description) : null,
      value.deprecationReason ? h('p', { class: 'docs-deprecation' }, value.deprecationReason) : null,
    );
  }

  /** `[Person!]!` with `Person` clickable. */
  private typeRef(ref: TypeRef): Node {
    const name = namedTypeOf(ref) ?? '?';
    const [before, after] = typeToString(ref).split(name) as [string, string];
    return h('span', { class: 'type-ref' }, before, this.typeLink(name), after);
  }

  private typeLink(name: string): HTMLButtonElement {
    return h('button', { type: 'button', class: 'link gql-type', onclick: () => this.open(name) }, name);
  }

  private kindBadge(type: NamedType): Node {
    return h('span', { class: `badge kind-${type.kind.toLowerCase()}` }, KIND_LABEL[type.kind]);
  }
}

function joinNodes(nodes: Node[]): Node[] {
  return nodes.flatMap((node, i) => (i ? [document.createTextNode(', '), node] : [node]));
}
