/** Compares two decimal strings ("30.00", "25.5", "-1") exactly, without floats. */
export function compareDecimal(a: string, b: string): -1 | 0 | 1 {
  const [left, right] = align(a, b);
  return left < right ? -1 : left > right ? 1 : 0;
}

function align(a: string, b: string): [bigint, bigint] {
  const scale = Math.max(fractionLength(a), fractionLength(b));
  return [scaled(a, scale), scaled(b, scale)];
}

function fractionLength(value: string): number {
  const dot = value.indexOf('.');
  return dot === -1 ? 0 : value.length - dot - 1;
}

function scaled(value: string, scale: number): bigint {
  const negative = value.startsWith('-');
  const unsigned = negative ? value.slice(1) : value;
  const [whole = '0', fraction = ''] = unsigned.split('.');
  const digits = BigInt(`${whole || '0'}${fraction.padEnd(scale, '0')}`);
  return negative ? -digits : digits;
}
