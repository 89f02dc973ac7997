/**
 * Numbers as kubectl reads them. kubectl's YAML reader (go-yaml, through sigs.k8s.io/yaml)
 * resolves a plain scalar that starts with a digit or a sign as Go's `strconv.ParseInt(s, 0, 64)`
 * reads it once its underscores are gone: `0644` is octal (420), `0o644`, `0x1A4` and `0b101` are
 * read by their prefix; then as a float of the form `1.5`, `1e3` or `.5`. Sexagesimal numbers
 * (`1:20`) are not numbers there, and neither YAML 1.1 (`0644` is octal) nor YAML 1.2 (`0644`
 * is 644) says all of this alone. Both of kprod's readers resolve numbers here, so that a file
 * mode or a port means what kubectl sends.
 */

const INT = /^([-+]?)(?:0[xX]([0-9a-fA-F]+)|0[oO]?([0-7]+)|0[bB]([01]+)|([1-9][0-9]*|0))$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
/** What strconv.ParseFloat reads of a scalar that starts with a dot. */
const DOT_FLOAT = /^\.[0-9]+(?:_[0-9]+)*(?:[eE][-+]?[0-9]+(?:_[0-9]+)*)?$/;
const NAMED = new Map<string, number>([
  ...['.nan', '.NaN', '.NAN'].map((s): [string, number] => [s, Number.NaN]),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((s): [string, number] => [
    s,
    Number.POSITIVE_INFINITY,
  ]),
  ...['-.inf', '-.Inf', '-.INF'].map((s): [string, number] => [s, Number.NEGATIVE_INFINITY]),
]);

const INT64_MIN = -(BigInt(2) ** BigInt(63));
const INT64_END = BigInt(2) ** BigInt(63);
const UINT64_END = BigInt(2) ** BigInt(64);

/** The integer Go's ParseInt (or, past int64 and unsigned, ParseUint) reads, in base 0. */
function goInt(plain: string): number | undefined {
  const match = INT.exec(plain);
  if (match === null) return undefined;
  const [, sign, hex, octal, binary, decimal] = match;
  const magnitude =
    hex !== undefined
      ? BigInt(`0x${hex}`)
      : octal !== undefined
        ? BigInt(`0o${octal}`)
        : binary !== undefined
          ? BigInt(`0b${binary}`)
          : BigInt(decimal ?? '0');
  const value = sign === '-' ? -magnitude : magnitude;
  if (value >= INT64_MIN && value < INT64_END) return Number(value);
  // ParseUint takes no sign.
  return sign === '' && value < UINT64_END ? Number(value) : undefined;
}

/** True when the plain scalar is an integer for kubectl (see {@link goYamlNumber}). */
export function isGoYamlInt(text: string): boolean {
  const c = text.charCodeAt(0);
  if (!((c >= 48 && c <= 57) || c === 43 || c === 45)) return false;
  return goInt(text.includes('_') ? text.replaceAll('_', '') : text) !== undefined;
}

/**
 * The number kubectl makes of a plain scalar, or undefined when it is a string there. Finite
 * only, as Go's parsers are: a float out of range is a string.
 */
export function goYamlNumber(text: string): number | undefined {
  const named = NAMED.get(text);
  if (named !== undefined) return named;
  const c = text.charCodeAt(0);
  if (c === 46 /* . */) {
    return DOT_FLOAT.test(text) ? finite(Number(text.replaceAll('_', ''))) : undefined;
  }
  if (!((c >= 48 && c <= 57) || c === 43 || c === 45)) return undefined;
  const plain = text.includes('_') ? text.replaceAll('_', '') : text;
  return goInt(plain) ?? (FLOAT.test(plain) ? finite(Number(plain)) : undefined);
}

function finite(value: number): number | undefined {
  return Number.isFinite(value) ? value : undefined;
}
