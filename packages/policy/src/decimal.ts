// Cedar decimals have four fractional digits and this range.
const MAX_DECIMAL = 922_337_203_685_477;

/** Cedar's decimal form of an amount, rounded to four places and clamped to Cedar's range. */
export function toCedarDecimal(amount: number): string {
  if (amount >= MAX_DECIMAL) return '922337203685477.5807';
  if (amount <= -MAX_DECIMAL) return '-922337203685477.5808';
  return amount.toFixed(4);
}
