// Builds the field catalog of one CRD package (@kubernetes-models/istio, gateway-api,
// prometheus-operator) in the format of the Kubernetes catalogs (scripts/kube-catalog.mjs), so
// kprod check walks custom resources for unknown fields as it walks built-in kinds
// (src/check/crd-catalog.ts reads it). Used by gen-crd-catalogs.mjs and by the test that keeps
// the committed catalogs in sync with the installed packages.
//
// The packages ship, per kind, a .d.ts file generated from the CRD's openAPIV3Schema (Istio) or
// from the Go types the CRDs are generated from (Gateway API, prometheus-operator): an interface
// `I<Kind>` whose properties are inline type literals or references to other interfaces. The
// TypeScript compiler parses them; the checker only resolves references to their declarations.
//
// A false "unknown field" is far worse than a missed one, so every type whose fields are not
// certain is free-form (`*`, never walked): `any`, `unknown`, `object`, `{}` and empty
// interfaces (x-kubernetes-preserve-unknown-fields, apiextensions JSON), a literal with both
// properties and an index signature, a union holding an object or a list. The one intersection
// understood is the generator's rendering of oneOf/not constraints, `{ a?; b? } & ({ a } | …)`,
// whose branches only restate fields of the first member: it stands for that first member.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import ts from 'typescript';

/**
 * @typedef {object} CrdCatalog
 * @property {string} package npm package the catalog was built from
 * @property {string} version its version
 * @property {Record<string, Record<string, string>>} kinds apiVersion → kind → root type name
 * @property {Record<string, Record<string, string>>} types type name → JSON field name → field
 *   type, as in the Kubernetes catalogs; numbers are `n` (the .d.ts files do not tell integers),
 *   and no field is marked required (ajv checks required fields and types of custom resources).
 */

/**
 * Object fields that x-kubernetes-preserve-unknown-fields leaves open although the schema lists
 * properties; the .d.ts files drop the extension, so these are stated here, as fields of every
 * kind's root type. Istio: protoc-gen-crd declares `status` as
 * `{type: object, x-kubernetes-preserve-unknown-fields: true}` beside the IstioStatus
 * properties (crd-all.gen.yaml). The Go-generated packages have no such field: controller-gen
 * marks only apiextensions JSON and RawExtension, which the .d.ts files type as `{}`.
 */
const OPEN_ROOT_FIELDS = {
  '@kubernetes-models/istio': ['status'],
};

/** The CRD schema packages (src/check/schema-registry.ts, CRD_PACKAGES). */
export const CRD_CATALOG_PACKAGES = [
  '@kubernetes-models/istio',
  '@kubernetes-models/gateway-api',
  '@kubernetes-models/prometheus-operator',
];

/** `@kubernetes-models/istio` → `crd-istio`: src/check/catalogs/crd-istio.json. */
export function crdCatalogFile(name) {
  return `crd-${name.slice(name.lastIndexOf('/') + 1)}`;
}

const COMPILER_OPTIONS = {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  noEmit: true,
  skipLibCheck: true,
  types: [],
};

const FREE = '*';
const SCOPE = /^@kubernetes-models\//;
/** Fields every kind has; a kind with no other field has a free-form schema. */
const TYPE_META = new Set(['apiVersion', 'kind', 'metadata']);

/** The .d.ts files of a package that declare a kind: a model class with a static `kind`. */
function kindFiles(packageDir) {
  const files = [];
  for (const entry of readdirSync(packageDir, { recursive: true, encoding: 'utf8' }).sort()) {
    if (!entry.endsWith('.d.ts') || entry.includes('node_modules') || !entry.includes('/')) {
      continue;
    }
    if (basename(entry) === 'index.d.ts' || entry.startsWith('_schemas')) continue;
    const file = join(packageDir, entry);
    if (readFileSync(file, 'utf8').includes('    static kind: ')) files.push(file);
  }
  return files;
}

function propertyName(name) {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) {
    return name.text;
  }
  throw new Error(`unexpected property name ${ts.SyntaxKind[name.kind]}`);
}

/** The string value of a literal type node (`"VirtualService"`), or undefined. */
function stringLiteral(node) {
  return node !== undefined && ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)
    ? node.literal.text
    : undefined;
}

function unwrap(node) {
  let inner = node;
  while (ts.isParenthesizedTypeNode(inner)) inner = inner.type;
  return inner;
}

function isNullish(node) {
  return (
    node.kind === ts.SyntaxKind.UndefinedKeyword ||
    (ts.isLiteralTypeNode(node) && node.literal.kind === ts.SyntaxKind.NullKeyword)
  );
}

/**
 * Reads the kinds of the package in `packageDir` and returns its catalog, holding only the types
 * its kinds reach.
 * @param {string} packageDir the directory holding the package's package.json
 * @returns {CrdCatalog}
 */
export function buildCrdCatalog(packageDir) {
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const openRootFields = new Set(OPEN_ROOT_FIELDS[manifest.name] ?? []);
  const program = ts.createProgram(kindFiles(packageDir), COMPILER_OPTIONS);
  const checker = program.getTypeChecker();

  /** @type {Map<string, Record<string, string>>} type name → field → field type */
  const types = new Map();
  /** Inline literal types by their fields: the type's name and every name it was given. */
  const byContent = new Map();
  /** Names given to inline literal types, with the fields they were given for. */
  const claimed = new Map();
  /** Interface declarations by catalog name, and names taken. */
  const interfaces = new Map();

  /** The declaration a type reference or heritage expression names. */
  function declarationOf(name) {
    let symbol = checker.getSymbolAtLocation(name);
    if (symbol !== undefined && symbol.flags & ts.SymbolFlags.Alias) {
      symbol = checker.getAliasedSymbol(symbol);
    }
    const declarations = symbol?.declarations ?? [];
    if (declarations.length !== 1) {
      throw new Error(`${name.getText()}: ${declarations.length} declarations`);
    }
    return declarations[0];
  }

  /** `istio/networking.istio.io/v1/VirtualService`, the package's own prefix left out. */
  function interfaceName(declaration) {
    const file = declaration.getSourceFile().fileName;
    const path = file
      .slice(file.lastIndexOf('node_modules/') + 'node_modules/'.length)
      .replace(/\.d\.ts$/, '');
    const own = `${manifest.name}/`;
    const short = path.startsWith(own) ? path.slice(own.length) : path.replace(SCOPE, '');
    const main = `I${basename(path)}`;
    return declaration.name.text === main ? short : `${short}#${declaration.name.text}`;
  }

  /**
   * Registers an inline object type under `name` (made unique). Identical ones share one type,
   * named at the end by the shortest of their names (renameShared).
   */
  function register(name, fields) {
    const content = JSON.stringify(fields);
    const known = byContent.get(content);
    let unique = name;
    for (let n = 2; claimed.has(unique) && claimed.get(unique) !== content; n += 1) {
      unique = `${name}~${n}`;
    }
    claimed.set(unique, content);
    if (known !== undefined) {
      known.names.add(unique);
      return known.name;
    }
    types.set(unique, fields);
    byContent.set(content, { name: unique, names: new Set([unique]) });
    return unique;
  }

  /** Gives each shared inline type the shortest of its names (then the first in code order). */
  function renameShared() {
    const renamed = new Map();
    for (const { name, names } of byContent.values()) {
      const best = [...names].sort((a, b) => a.length - b.length || (a < b ? -1 : 1))[0];
      if (best !== name) renamed.set(name, best);
    }
    const rename = (code) => {
      const ref = code.replace(/^[[{]+/, '');
      const to = renamed.get(ref);
      return to === undefined ? code : code.slice(0, code.length - ref.length) + to;
    };
    for (const [from, to] of renamed) {
      types.set(to, types.get(from));
      types.delete(from);
    }
    for (const fields of types.values()) {
      for (const field of Object.keys(fields)) fields[field] = rename(fields[field]);
    }
    return rename;
  }

  /** The scalar code of a type node, following type aliases, or undefined if not a scalar. */
  function scalarOf(node) {
    const inner = unwrap(node);
    switch (inner.kind) {
      case ts.SyntaxKind.StringKeyword:
        return 's';
      case ts.SyntaxKind.NumberKeyword:
        return 'n';
      case ts.SyntaxKind.BooleanKeyword:
        return 'b';
      default:
        break;
    }
    if (ts.isLiteralTypeNode(inner)) {
      if (ts.isStringLiteral(inner.literal)) return 's';
      if (ts.isNumericLiteral(inner.literal)) return 'n';
      if (
        inner.literal.kind === ts.SyntaxKind.TrueKeyword ||
        inner.literal.kind === ts.SyntaxKind.FalseKeyword
      ) {
        return 'b';
      }
      return undefined;
    }
    if (ts.isUnionTypeNode(inner)) return unionScalar(inner);
    if (ts.isTypeReferenceNode(inner) && inner.typeArguments === undefined) {
      const declaration = declarationOf(inner.typeName);
      if (ts.isTypeAliasDeclaration(declaration)) return scalarOf(declaration.type);
    }
    return undefined;
  }

  /** `s`, `n`, `b` for a union of one scalar type, `x` for strings and numbers. */
  function unionScalar(union) {
    const codes = new Set();
    for (const member of union.types) {
      if (isNullish(member)) continue;
      const code = scalarOf(member);
      if (code === undefined) return undefined;
      codes.add(code);
    }
    if (codes.size === 1) return [...codes][0];
    if (codes.size === 2 && codes.has('s') && codes.has('n')) return 'x';
    return undefined;
  }

  /** The fields of an object whose members are `members`, as a catalog type code. */
  function objectCode(members, name, register, open = new Set()) {
    const properties = [];
    const indexes = [];
    for (const member of members) {
      if (ts.isPropertySignature(member)) properties.push(member);
      else if (ts.isIndexSignatureDeclaration(member)) indexes.push(member);
      else return FREE; // methods, call signatures: not a schema
    }
    if (properties.length === 0) {
      // `{}`: a preserve-unknown-fields object; `{ [key: string]: T }`: a map.
      if (indexes.length !== 1) return FREE;
      const [index] = indexes;
      const key = index.parameters[0]?.type;
      if (key?.kind !== ts.SyntaxKind.StringKeyword || index.type === undefined) return FREE;
      const item = codeOf(index.type, name);
      return item === FREE ? FREE : `{${item}`;
    }
    if (indexes.length > 0) return FREE;
    const fields = {};
    for (const property of properties.sort((a, b) =>
      propertyName(a.name) < propertyName(b.name) ? -1 : 1,
    )) {
      const field = propertyName(property.name);
      fields[field] =
        property.type === undefined || open.has(field)
          ? FREE
          : codeOf(property.type, `${name}.${field}`);
    }
    return register(name, fields);
  }

  /** The members of an interface or of an alias of one, those it extends first. */
  function membersOf(declaration) {
    if (ts.isTypeAliasDeclaration(declaration)) {
      const type = unwrap(declaration.type);
      if (ts.isTypeLiteralNode(type)) return [...type.members];
      if (ts.isTypeReferenceNode(type) && type.typeArguments === undefined) {
        return membersOf(declarationOf(type.typeName));
      }
      return undefined;
    }
    if (!ts.isInterfaceDeclaration(declaration)) return undefined;
    const members = [];
    for (const clause of declaration.heritageClauses ?? []) {
      for (const type of clause.types) {
        const inherited = membersOf(declarationOf(type.expression));
        if (inherited === undefined) return undefined;
        members.push(...inherited);
      }
    }
    const own = new Set(
      declaration.members.flatMap((m) => (m.name === undefined ? [] : [propertyName(m.name)])),
    );
    // An own property restates an inherited one (TypeMeta's apiVersion as a literal).
    return [
      ...members.filter((m) => m.name === undefined || !own.has(propertyName(m.name))),
      ...declaration.members,
    ];
  }

  function interfaceCode(declaration, open = new Set()) {
    const name = interfaceName(declaration);
    const known = interfaces.get(name);
    if (known !== undefined) {
      if (known.declaration !== declaration) throw new Error(`two interfaces named ${name}`);
      return known.code;
    }
    // Named before its fields are known, so a type that reaches itself refers to its name.
    const entry = { declaration, code: name };
    interfaces.set(name, entry);
    const members = membersOf(declaration);
    entry.code =
      members === undefined
        ? FREE
        : objectCode(
            members,
            basename(name).replace(/^.*#I/, ''),
            (_, fields) => {
              types.set(name, fields);
              return name;
            },
            open,
          );
    return entry.code;
  }

  /**
   * The first member of `{ a?; b? } & (Exclude<{…}, …> | { a } | …)` when every object type in
   * the other members only names fields of the first; undefined otherwise.
   */
  function constrainedBase(intersection) {
    const [first, ...rest] = intersection.types.map(unwrap);
    if (first === undefined || !ts.isTypeLiteralNode(first)) return undefined;
    const fields = new Set(
      first.members.flatMap((m) =>
        ts.isPropertySignature(m) ? [propertyName(m.name)] : ['\0index'],
      ),
    );
    const restates = (node) => {
      const inner = unwrap(node);
      if (ts.isUnionTypeNode(inner) || ts.isIntersectionTypeNode(inner)) {
        return inner.types.every(restates);
      }
      if (ts.isTypeReferenceNode(inner) && ts.isIdentifier(inner.typeName)) {
        // Exclude<A, B> is a subset of A, whatever B is.
        const [a] = inner.typeArguments ?? [];
        return inner.typeName.text === 'Exclude' && a !== undefined && restates(a);
      }
      return (
        ts.isTypeLiteralNode(inner) &&
        inner.members.every((m) => ts.isPropertySignature(m) && fields.has(propertyName(m.name)))
      );
    };
    return rest.every(restates) ? first : undefined;
  }

  /** The catalog code of a type node; `name` names the inline object types within it. */
  function codeOf(node, name) {
    const inner = unwrap(node);
    const scalar = scalarOf(inner);
    if (scalar !== undefined) return scalar;
    if (ts.isArrayTypeNode(inner)) return `[${codeOf(inner.elementType, name)}`;
    if (ts.isTypeLiteralNode(inner)) return objectCode(inner.members, name, register);
    if (ts.isUnionTypeNode(inner)) {
      const members = inner.types.filter((member) => !isNullish(member));
      // A nullable type; any other union of objects or lists is not certain.
      return members.length === 1 ? codeOf(members[0], name) : FREE;
    }
    if (ts.isIntersectionTypeNode(inner)) {
      const base = constrainedBase(inner);
      return base === undefined ? FREE : objectCode(base.members, name, register);
    }
    if (ts.isTypeReferenceNode(inner)) {
      const args = inner.typeArguments ?? [];
      if (ts.isIdentifier(inner.typeName) && inner.typeName.text === 'Array' && args.length === 1) {
        return `[${codeOf(args[0], name)}`;
      }
      if (args.length > 0) return FREE; // Record<…>, Exclude<…> on its own, …
      const declaration = declarationOf(inner.typeName);
      if (ts.isInterfaceDeclaration(declaration)) return interfaceCode(declaration);
      if (ts.isTypeAliasDeclaration(declaration)) {
        return codeOf(declaration.type, declaration.name.text.replace(/^I(?=[A-Z])/, ''));
      }
    }
    return FREE; // any, unknown, object, never, tuples, …
  }

  /** @type {Record<string, Record<string, string>>} */
  const kinds = {};
  for (const source of program.getRootFileNames().map((file) => program.getSourceFile(file))) {
    if (source === undefined) continue;
    for (const statement of source.statements) {
      if (!ts.isClassDeclaration(statement) || statement.name === undefined) continue;
      const kindName = statement.name.text;
      if (kindName.endsWith('List')) continue;
      const model = source.statements.find(
        (s) => ts.isInterfaceDeclaration(s) && s.name.text === `I${kindName}`,
      );
      if (model === undefined) throw new Error(`${source.fileName}: no interface I${kindName}`);
      const literal = (field) =>
        stringLiteral(
          model.members.find((m) => m.name !== undefined && propertyName(m.name) === field)?.type,
        );
      const apiVersion = literal('apiVersion');
      const kind = literal('kind');
      if (apiVersion === undefined || kind !== kindName) {
        throw new Error(`${source.fileName}: I${kindName} has no literal apiVersion and kind`);
      }
      const root = interfaceCode(model, openRootFields);
      if (root === FREE) throw new Error(`${apiVersion} ${kind}: no fields`);
      // A root schema of `type: object` and x-kubernetes-preserve-unknown-fields (Istio 1.18's
      // IstioOperator) leaves the .d.ts nothing but TypeMeta and metadata: not walked at all.
      if (Object.keys(types.get(root) ?? {}).every((field) => TYPE_META.has(field))) continue;
      (kinds[apiVersion] ??= {})[kind] = root;
    }
  }

  const rename = renameShared();
  const sortedKinds = {};
  for (const apiVersion of Object.keys(kinds).sort()) {
    sortedKinds[apiVersion] = Object.fromEntries(
      Object.entries(kinds[apiVersion])
        .map(([kind, root]) => [kind, rename(root)])
        .sort(),
    );
  }
  // Only the types a kind reaches: a skipped kind's root and fields are left out.
  const reached = new Set();
  const pending = Object.values(sortedKinds).flatMap((byKind) => Object.values(byKind));
  while (pending.length > 0) {
    const name = pending.pop();
    if (reached.has(name)) continue;
    const fields = types.get(name);
    if (fields === undefined) throw new Error(`unknown type ${name}`);
    reached.add(name);
    for (const code of Object.values(fields)) {
      const ref = code.replace(/^[[{]+/, '');
      if (ref.length > 1) pending.push(ref);
    }
  }
  const sortedTypes = Object.fromEntries(
    [...types].filter(([name]) => reached.has(name)).sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  return {
    package: manifest.name,
    version: manifest.version,
    kinds: sortedKinds,
    types: sortedTypes,
  };
}

/** How many fields of a catalog are free-form, for the generator's summary. */
export function freeFormFields(catalog) {
  let count = 0;
  for (const fields of Object.values(catalog.types)) {
    for (const code of Object.values(fields)) if (code.replace(/^[[{]+/, '') === FREE) count += 1;
  }
  return count;
}
