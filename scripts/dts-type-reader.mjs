// Reads the types of a kubernetes-models .d.ts file into field catalog codes (the notation of
// scripts/kube-catalog.mjs: `s`, `n`, `b`, `x`, `*`, a type name, `[T`, `{T`) for
// scripts/crd-catalog.mjs. Object types become catalog types: an interface under the path of its
// file (`monitoring.coreos.com/v1/RuleGroup`), an inline type literal under the path of its
// field (`VirtualService.spec.http`), identical literals sharing one name.
//
// A false "unknown field" is far worse than a missed one, so every type whose fields are not
// certain is free-form (`*`, never walked): `any`, `unknown`, `object`, `{}` and empty
// interfaces (x-kubernetes-preserve-unknown-fields, apiextensions JSON), a literal with both
// properties and an index signature, a union holding an object or a list. The one intersection
// understood is the generator's rendering of oneOf/not constraints, `{ a?; b? } & ({ a } | …)`,
// whose branches only restate fields of the first member: it stands for that first member.
import { basename } from 'node:path';
import ts from 'typescript';

/** The code of a free-form value. */
export const FREE = '*';
const SCOPE = /^@kubernetes-models\//;

/** The JSON name of a property signature. */
export function propertyName(name) {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) {
    return name.text;
  }
  throw new Error(`unexpected property name ${ts.SyntaxKind[name.kind]}`);
}

/** The string value of a literal type node (`"VirtualService"`), or undefined. */
export function stringLiteral(node) {
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
 * A reader of the types of one TypeScript program, for the package `packageName` (whose own
 * prefix type names leave out): `interfaceCode` gives an interface's code, registering the
 * types it reaches in `types`; `finish` names the shared literal types.
 * @param {ts.TypeChecker} checker
 * @param {string} packageName
 */
export function createTypeReader(checker, packageName) {
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
    const own = `${packageName}/`;
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

  /**
   * The code of an interface declaration: its catalog name, or `*` when its fields are not
   * certain. Fields named in `open` are free-form (x-kubernetes-preserve-unknown-fields the
   * .d.ts does not show).
   */
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

  /**
   * Names each shared literal type; returns the types by name and the function that maps a
   * code given before to its final name.
   */
  function finish() {
    return { types, rename: renameShared() };
  }

  return { interfaceCode, types, finish };
}
