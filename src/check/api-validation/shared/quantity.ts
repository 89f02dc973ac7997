/**
 * Resource quantities as the API server reads and prints them (apimachinery's `resource.Quantity`):
 * parsed exactly into nano-units (finer values round up, as the API server rounds them), compared,
 * and printed in the canonical form its messages use (`500m`, `1Gi`, `1500`).
 */

/** A parsed quantity: its value in nano-units and the notation it was written in. */
export interface Quantity {
  readonly nanos: bigint;
  readonly format: 'decimalSI' | 'binarySI' | 'decimalExponent';
}

const DECIMAL_SUFFIXES: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const BINARY_SUFFIXES: Readonly<Record<string, number>> = {
  Ki: 10,
  Mi: 20,
  Gi: 30,
  Ti: 40,
  Pi: 50,
  Ei: 60,
};
const QUANTITY = /^([+-]?)(\d+\.?\d*|\.\d+)(?:([eE][+-]?\d+)|([a-zA-Z]*))$/;
const NANO = 1_000_000_000n;

function ceilDiv(num: bigint, den: bigint): bigint {
  const q = num / den;
  return num % den === 0n || num < 0n ? q : q + 1n;
}

/** Quantities already read, by text (null: not a quantity); manifests repeat a few values. */
const PARSED = new Map<string, Quantity | null>();
const PARSED_MAX_ENTRIES = 4096;
const PARSED_MAX_LENGTH = 64;

/** Parses a quantity (`100m`, `1.5Gi`, `2e3`, a plain number); undefined when it is not one. */
export function parseQuantity(value: unknown): Quantity | undefined {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string') return undefined;
  const known = PARSED.get(text);
  if (known !== undefined) return known ?? undefined;
  const parsed = parseQuantityText(text);
  if (text.length <= PARSED_MAX_LENGTH) {
    if (PARSED.size >= PARSED_MAX_ENTRIES) PARSED.clear();
    PARSED.set(text, parsed ?? null);
  }
  return parsed;
}

function parseQuantityText(text: string): Quantity | undefined {
  const match = QUANTITY.exec(text);
  if (match === null) return undefined;
  const [, sign = '', number = '', exponent, suffix = ''] = match;
  const [whole = '', fraction = ''] = number.split('.');
  let num = BigInt(`${whole}${fraction}` || '0') * NANO;
  let den = 10n ** BigInt(fraction.length);
  let format: Quantity['format'] = 'decimalSI';
  if (exponent !== undefined) {
    const e = Number(exponent.slice(1));
    format = 'decimalExponent';
    if (e >= 0) num *= 10n ** BigInt(e);
    else den *= 10n ** BigInt(-e);
  } else if (suffix in BINARY_SUFFIXES) {
    format = 'binarySI';
    num *= 2n ** BigInt(BINARY_SUFFIXES[suffix] ?? 0);
  } else if (suffix in DECIMAL_SUFFIXES) {
    const e = DECIMAL_SUFFIXES[suffix] ?? 0;
    if (e >= 0) num *= 10n ** BigInt(e);
    else den *= 10n ** BigInt(-e);
  } else return undefined;
  const nanos = ceilDiv(num, den);
  return { nanos: sign === '-' ? -nanos : nanos, format };
}

/** The sign of a quantity (`1`, `500m`, `-2Gi`, `0`): -1, 0 or 1; undefined when it is not one. */
export function quantitySign(value: unknown): number | undefined {
  const quantity = parseQuantity(value);
  if (quantity === undefined) return undefined;
  return quantity.nanos < 0n ? -1 : quantity.nanos > 0n ? 1 : 0;
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
}

const DECIMAL_NAMES: Readonly<Record<number, string>> = {
  [-9]: 'n',
  [-6]: 'u',
  [-3]: 'm',
  0: '',
  3: 'k',
  6: 'M',
  9: 'G',
  12: 'T',
  15: 'P',
  18: 'E',
};
const BINARY_NAMES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/** The canonical text of a quantity, as the API server prints it (`1000m` → `1`, `1024Mi` → `1Gi`). */
export function formatQuantity(q: Quantity): string {
  const negative = q.nanos < 0n;
  const abs = negative ? -q.nanos : q.nanos;
  const sign = negative ? '-' : '';
  // Small or fractional binary quantities print in decimal, as the API server does.
  if (q.format === 'binarySI' && abs >= 1024n * NANO && abs % NANO === 0n) {
    let n = abs / NANO;
    let e = 0;
    while (n % 1024n === 0n && e < BINARY_NAMES.length - 1) {
      n /= 1024n;
      e++;
    }
    return `${sign}${n}${BINARY_NAMES[e] ?? ''}`;
  }
  if (abs === 0n) return '0';
  let n = abs;
  let e = -9;
  while (n % 1000n === 0n && e < 18) {
    n /= 1000n;
    e += 3;
  }
  if (q.format === 'decimalExponent') return `${sign}${n}${e === 0 ? '' : `e${e}`}`;
  return `${sign}${n}${DECIMAL_NAMES[e] ?? ''}`;
}
