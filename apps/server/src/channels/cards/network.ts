/**
 * What any acquirer can tell from a card number alone: whether it is well formed (Luhn) and
 * which network issued it (from the BIN). Pure, so checkout forms and the API agree.
 */
export type CardNetwork = 'VISA' | 'MASTERCARD' | 'JCB' | 'AMEX' | 'BCA';

export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let n = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) n = n * 2 > 9 ? n * 2 - 9 : n * 2;
    sum += n;
  }
  return sum % 10 === 0;
}

const inRange = (digits: string, length: number, low: number, high: number): boolean => {
  const prefix = Number(digits.slice(0, length));
  return digits.length >= length && prefix >= low && prefix <= high;
};

export function detectNetwork(digits: string): CardNetwork | undefined {
  if (!/^\d+$/.test(digits)) return undefined;
  // BCA's domestic cards start with 1, which no international scheme uses, so check it first.
  if (digits.startsWith('1889')) return 'BCA';
  if (/^3[47]/.test(digits)) return 'AMEX';
  // 3088/3096/3112/3158/3337 are JCB's legacy ranges; Xendit's JCB test card 3337… sits in one.
  if (/^(3088|3096|3112|3158|3337)/.test(digits) || inRange(digits, 4, 3528, 3589)) return 'JCB';
  if (digits.startsWith('4')) return 'VISA';
  if (inRange(digits, 2, 51, 55) || inRange(digits, 4, 2221, 2720)) return 'MASTERCARD';
  return undefined;
}
