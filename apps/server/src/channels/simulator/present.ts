import type { Channel } from '../catalogue.ts';

/**
 * What PRESENT_TO_CUSTOMER channels show: realistic-looking, clearly-test values.
 * - virtual accounts: the bank's usual prefix + digits, as the payer would type them;
 * - QR: an EMVCo merchant-presented payload (TLV, CRC-16/CCITT), which any QR library renders
 *   and which real QR decoders parse;
 * - over the counter: a payment code the cashier keys in.
 */
const VA_PREFIXES: Record<string, string> = {
  BCA_VIRTUAL_ACCOUNT: '88608',
  BNI_VIRTUAL_ACCOUNT: '8808',
  BRI_VIRTUAL_ACCOUNT: '26215',
  MANDIRI_VIRTUAL_ACCOUNT: '88908',
  PERMATA_VIRTUAL_ACCOUNT: '8214',
  CIMB_VIRTUAL_ACCOUNT: '5919',
  BSI_VIRTUAL_ACCOUNT: '9347',
  BJB_VIRTUAL_ACCOUNT: '1234',
};

const ISO_NUMERIC: Record<string, string> = { IDR: '360', PHP: '608', VND: '704', THB: '764', MYR: '458', SGD: '702', USD: '840' };

const digits = (random: (bytes: number) => Buffer, count: number): string => {
  let out = '';
  const bytes = random(count);
  for (let i = 0; i < count; i++) out += String(bytes[i]! % 10);
  return out;
};

export function presentValue(channel: Channel, amountMinor: number | null, exponent: number, reference: string, random: (bytes: number) => Buffer): string {
  if (channel.presents === 'VIRTUAL_ACCOUNT_NUMBER') {
    const prefix = VA_PREFIXES[channel.code] ?? '9999';
    return prefix + digits(random, 16 - prefix.length);
  }
  if (channel.presents === 'QR_STRING') return emvcoQr(channel, amountMinor, exponent, reference);
  return `LUNAS${digits(random, 10)}`;
}

const tlv = (id: string, value: string): string => `${id}${String(value.length).padStart(2, '0')}${value}`;

function emvcoQr(channel: Channel, amountMinor: number | null, exponent: number, reference: string): string {
  const merchantAccount = tlv('00', `ID.LUNAS.${channel.code}`) + tlv('01', 'LUNASTEST');
  return emvPayload(
    amountMinor !== null,
    tlv('26', merchantAccount) +
      tlv('52', '5999') +
      tlv('53', ISO_NUMERIC[channel.currency] ?? '360') +
      (amountMinor === null ? '' : tlv('54', formatQrAmount(amountMinor, exponent))) +
      tlv('58', channel.country) +
      tlv('59', 'LUNAS TEST MERCHANT') +
      tlv('60', 'JAKARTA') +
      tlv('62', tlv('05', reference.slice(0, 25))),
  );
}

/** An EMVCo merchant-presented payload around `tags`: the format and initiation-method tags (static, or dynamic with an amount) first, the CRC (tag 63) last. */
function emvPayload(dynamic: boolean, tags: string): string {
  const payload = tlv('00', '01') + tlv('01', dynamic ? '12' : '11') + tags + '6304';
  return payload + crc16(payload);
}

/**
 * The VietQR (NAPAS) string Xendit's VN virtual accounts carry beside the account number, so a
 * payer can scan instead of typing it: tag 38 names the bank BIN and the account, as Xendit's
 * VIETCAPITAL example does.
 */
export function vietQr(accountNumber: string, amountMinor: number | null): string {
  const account = tlv('00', 'A000000727') + tlv('01', tlv('00', '970454') + tlv('01', accountNumber)) + tlv('02', 'QRIBFTTA');
  return emvPayload(amountMinor !== null, tlv('38', account) + tlv('53', ISO_NUMERIC.VND!) + (amountMinor === null ? '' : tlv('54', String(amountMinor))) + tlv('58', 'VN'));
}

function formatQrAmount(amountMinor: number, exponent: number): string {
  if (exponent === 0) return String(amountMinor);
  const text = String(amountMinor).padStart(exponent + 1, '0');
  return `${text.slice(0, -exponent)}.${text.slice(-exponent)}`;
}

/** CRC-16/CCITT-FALSE, as EMVCo specifies for tag 63. */
export function crc16(text: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}
