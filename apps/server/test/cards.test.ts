import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkCard } from '../src/channels/cards/check.ts';
import { cardFacts, cardFingerprint } from '../src/channels/cards/issuers.ts';
import { detectNetwork, luhnValid, type CardNetwork } from '../src/channels/cards/network.ts';
import { ACS_OUTCOMES, cardScenario, declineForAmount, paymentDetails, TEST_OTP, uuid, type ThreeDsFlow } from '../src/channels/simulator/cards.ts';

const NOW = new Date('2025-06-15T10:00:00Z');
const future = { expiryMonth: '12', expiryYear: '2030' };

/** §11.1 test cards and the official-example cards, with what a merchant should observe. */
const TEST_CARDS: Array<[pan: string, network: CardNetwork, flow: ThreeDsFlow, selectable: boolean]> = [
  ['4000000000002503', 'VISA', 'CHALLENGE', false],
  ['4000000000001000', 'VISA', 'FRICTIONLESS', false],
  ['5200000000002151', 'MASTERCARD', 'CHALLENGE', false],
  // Frictionless on Xendit's test-card page, challenged in its token example: the example wins.
  ['5200000000001005', 'MASTERCARD', 'CHALLENGE', false],
  ['4440000009900010', 'VISA', 'CHALLENGE', true],
  ['4440000042200014', 'VISA', 'FRICTIONLESS', false],
  ['5123450000000008', 'MASTERCARD', 'CHALLENGE', true],
  ['5123456789012346', 'MASTERCARD', 'FRICTIONLESS', false],
  ['4200350000000801', 'VISA', 'CHALLENGE', false],
  ['5413530000000501', 'MASTERCARD', 'CHALLENGE', false],
  ['3337000000000008', 'JCB', 'CHALLENGE', false],
  ['378282246310005', 'AMEX', 'FRICTIONLESS', false],
  ['340000000002708', 'AMEX', 'FRICTIONLESS', false],
  ['340000000002534', 'AMEX', 'CHALLENGE', false],
  ['1889800000000171', 'BCA', 'CHALLENGE', false],
  ['4000000000001091', 'VISA', 'CHALLENGE', false],
  ['5200000000001096', 'MASTERCARD', 'FRICTIONLESS', false],
  ['4000000000000002', 'VISA', 'FRICTIONLESS', false],
  ['4000000000001109', 'VISA', 'CHALLENGE', false],
];

describe('test cards', () => {
  for (const [pan, network, flow, selectable] of TEST_CARDS) {
    test(`${pan} is a valid ${network} card with ${flow}${selectable ? ' (selectable outcome)' : ''}`, () => {
      const cvn = network === 'AMEX' ? '1234' : '123';
      assert.deepEqual(checkCard({ cardNumber: pan, ...future, cvn }, NOW), { ok: true, pan, network });
      assert.deepEqual(cardScenario(pan, 10000, 'IDR'), { threeDs: flow, selectableOutcome: selectable });
    });
  }

  test('spaces in the card number are stripped', () => {
    assert.deepEqual(checkCard({ cardNumber: '4000 0000 0000 1091', ...future }, NOW), { ok: true, pan: '4000000000001091', network: 'VISA' });
  });

  test('4200350000000801 and 5413530000000501 are frictionless only below THB 20', () => {
    for (const pan of ['4200350000000801', '5413530000000501']) {
      assert.equal(cardScenario(pan, 1999, 'THB').threeDs, 'FRICTIONLESS');
      assert.equal(cardScenario(pan, 2000, 'THB').threeDs, 'CHALLENGE');
      assert.equal(cardScenario(pan, 1000, 'PHP').threeDs, 'CHALLENGE');
      assert.equal(cardScenario(pan, 19, 'IDR').threeDs, 'CHALLENGE');
    }
  });

  test('any other valid card is frictionless', () => {
    assert.deepEqual(cardScenario('4111111111111111', 10000, 'IDR'), { threeDs: 'FRICTIONLESS', selectableOutcome: false });
  });

  test('ACS outcomes and OTP', () => {
    assert.equal(ACS_OUTCOMES[0], 'AUTHENTICATED');
    assert.equal(ACS_OUTCOMES.length, 7);
    assert.equal(TEST_OTP, '123456');
  });
});

describe('card validation', () => {
  const reject = (input: Parameters<typeof checkCard>[0], field: string, message: RegExp, now = NOW) => {
    const result = checkCard(input, now);
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.equal(result.field, field);
      assert.match(result.message, message);
    }
  };

  test('Luhn', () => {
    assert.equal(luhnValid('4000000000001091'), true);
    assert.equal(luhnValid('4000000000001092'), false);
    assert.equal(luhnValid('40000000000010a1'), false);
    reject({ cardNumber: '4000000000001092', ...future }, 'card_number', /Luhn/);
  });

  test('card number shape', () => {
    reject({ cardNumber: '4000-0000-0000-1091', ...future }, 'card_number', /only digits/);
    reject({ cardNumber: '42424242426', ...future }, 'card_number', /between 12 and 19/);
    reject({ cardNumber: '', ...future }, 'card_number', /only digits/);
  });

  test('unknown network is rejected (Discover test card)', () => {
    assert.equal(detectNetwork('6011111111111117'), undefined);
    reject({ cardNumber: '6011111111111117', ...future }, 'card_number', /not supported/);
  });

  test('network detection by IIN', () => {
    assert.equal(detectNetwork('2221000000000009'), 'MASTERCARD');
    assert.equal(detectNetwork('3530111333300000'), 'JCB');
    assert.equal(detectNetwork('371449635398431'), 'AMEX');
    assert.equal(detectNetwork('1889800000000171'), 'BCA');
  });

  test('expiry fields must be MM and YYYY', () => {
    reject({ cardNumber: '4000000000001091', expiryMonth: '13', expiryYear: '2030' }, 'expiry_month', /01 to 12/);
    reject({ cardNumber: '4000000000001091', expiryMonth: '1', expiryYear: '2030' }, 'expiry_month', /01 to 12/);
    reject({ cardNumber: '4000000000001091', expiryMonth: '01', expiryYear: '30' }, 'expiry_year', /four digits/);
  });

  test('a card is valid through the end of its expiry month (UTC)', () => {
    const card = { cardNumber: '4000000000001091', expiryMonth: '06', expiryYear: '2025' };
    assert.equal(checkCard(card, new Date('2025-06-30T23:59:59.999Z')).ok, true);
    reject(card, 'expiry_month', /expired at the end of 06\/2025/, new Date('2025-07-01T00:00:00Z'));
    reject({ ...card, expiryMonth: '12', expiryYear: '2024' }, 'expiry_year', /expired/);
    assert.equal(checkCard({ ...card, expiryMonth: '12' }, new Date('2025-12-31T23:59:59Z')).ok, true);
    reject({ ...card, expiryMonth: '12' }, 'expiry_year', /expired/, new Date('2026-01-01T00:00:00Z'));
  });

  test('cvn is optional but must be 3 digits, or 4 for AMEX', () => {
    assert.equal(checkCard({ cardNumber: '4000000000001091', ...future }, NOW).ok, true);
    reject({ cardNumber: '4000000000001091', ...future, cvn: '1234' }, 'cvn', /3 digits/);
    reject({ cardNumber: '4000000000001091', ...future, cvn: '12a' }, 'cvn', /3 digits/);
    reject({ cardNumber: '378282246310005', ...future, cvn: '123' }, 'cvn', /4 digits for AMEX/);
    assert.equal(checkCard({ cardNumber: '378282246310005', ...future, cvn: '1234' }, NOW).ok, true);
  });
});

describe('decline by amount', () => {
  const INTEGER: Array<[number, string]> = [
    [10051, 'EXPIRED_CARD'], [10052, 'SUSPECTED_FRAUDULENT'], [10053, 'DECLINED_BY_PROCESSOR'],
    [10054, 'INSUFFICIENT_BALANCE'], [10055, 'STOLEN_CARD'], [10056, 'INACTIVE_OR_UNAUTHORIZED_CARD'],
    [10057, 'PROCESSOR_ERROR'], [10058, 'INVALID_CVV'], [10059, 'DECLINED_BY_ISSUER'],
  ];

  test('integer table in IDR (minor = major) and PHP (minor = major × 100)', () => {
    for (const [major, code] of INTEGER) {
      assert.equal(declineForAmount(major, 'IDR', 'VISA')?.failureCode, code);
      assert.equal(declineForAmount(major * 100, 'PHP', 'MASTERCARD')?.failureCode, code);
      assert.equal(declineForAmount(major, 'PHP', 'VISA'), undefined, `PHP ${major / 100} must not decline`);
    }
    assert.equal(declineForAmount(10050, 'IDR', 'VISA'), undefined);
    assert.equal(declineForAmount(10060, 'IDR', 'VISA'), undefined);
    assert.equal(declineForAmount(1005150, 'PHP', 'VISA'), undefined);
    assert.deepEqual(declineForAmount(1005400, 'PHP', 'VISA'), { failureCode: 'INSUFFICIENT_BALANCE', networkResponseCode: '51', descriptor: 'Not sufficient funds' });
  });

  test('decimal variants in two-decimal currencies', () => {
    assert.deepEqual(declineForAmount(1005, 'PHP', 'VISA'), { failureCode: 'DECLINED_BY_ISSUER', networkResponseCode: '05', descriptor: 'Do not honor' });
    assert.equal(declineForAmount(1014, 'THB', 'VISA')?.failureCode, 'INVALID_CARD');
    assert.equal(declineForAmount(1030, 'MYR', 'JCB')?.failureCode, 'PROCESSOR_ERROR');
    assert.equal(declineForAmount(1051, 'PHP', 'MASTERCARD')?.failureCode, 'INSUFFICIENT_BALANCE');
    assert.equal(declineForAmount(1051, 'PHP', 'MASTERCARD')?.networkResponseCode, '51');
    assert.equal(declineForAmount(1065, 'PHP', 'MASTERCARD'), undefined);
    assert.deepEqual(declineForAmount(1065, 'PHP', 'VISA'), { failureCode: 'DECLINED_BY_ISSUER', networkResponseCode: '65', descriptor: 'Exceeds withdrawal frequency limit' });
    // IDR has no decimals: 1005 is IDR 1,005, an ordinary amount.
    assert.equal(declineForAmount(1005, 'IDR', 'VISA'), undefined);
  });

  test('VND uses its own table', () => {
    const VND: Array<[number, string]> = [
      [405400, 'EXPIRED_CARD'], [405900, 'SUSPECTED_FRAUDULENT'], [405100, 'INSUFFICIENT_BALANCE'],
      [400700, 'STOLEN_CARD'], [405500, 'INACTIVE_OR_UNAUTHORIZED_CARD'], [402500, 'PROCESSOR_ERROR'],
      [403900, 'INVALID_CVV'], [400300, 'DECLINED_BY_ISSUER'],
    ];
    for (const [amount, code] of VND) assert.equal(declineForAmount(amount, 'VND', 'VISA')?.failureCode, code);
    assert.equal(declineForAmount(10054, 'VND', 'VISA'), undefined);
    assert.equal(declineForAmount(405400, 'IDR', 'VISA'), undefined);
  });
});

describe('card facts', () => {
  test('masked number keeps the first 6 and last 4 digits', () => {
    assert.deepEqual(cardFacts('4000000000001091', 'VISA'), {
      masked_card_number: '400000XXXXXX1091', network: 'VISA', type: 'CREDIT', issuer: 'PT BANK NEGARA INDONESIA', country: 'ID',
    });
    assert.equal(cardFacts('378282246310005', 'AMEX').masked_card_number, '378282XXXXX0005');
    assert.equal(cardFacts('1889800000000171', 'BCA').issuer, 'PT BANK CENTRAL ASIA TBK');
  });

  test('every test card has deterministic facts', () => {
    for (const [pan, network] of TEST_CARDS) {
      const facts = cardFacts(pan, network);
      assert.deepEqual(cardFacts(pan, network), facts);
      assert.match(facts.country, /^[A-Z]{2}$/);
      assert.ok(facts.issuer.length > 0);
      assert.ok(facts.type === 'CREDIT' || facts.type === 'DEBIT');
    }
  });

  test('fingerprint is 24 hex, stable per scope, different across scopes', () => {
    const a = cardFingerprint('4000000000001091', 'biz-1');
    assert.match(a, /^[0-9a-f]{24}$/);
    assert.equal(cardFingerprint('4000000000001091', 'biz-1'), a);
    assert.notEqual(cardFingerprint('4000000000001091', 'biz-2'), a);
    assert.notEqual(cardFingerprint('4000000000001000', 'biz-1'), a);
  });
});

describe('payment_details', () => {
  let counter = 0;
  const random = (bytes: number) => Buffer.from(Array.from({ length: bytes }, () => (counter++ * 37) % 256));

  const challenged = (authenticated = true) => ({ flow: 'CHALLENGE' as const, dsTransId: '6f1c2b4e-1a2b-4c3d-8e9f-0a1b2c3d4e5f', authenticated });

  test('approved VISA challenge looks like the §9.4 example', () => {
    const details = paymentDetails({ network: 'VISA', authentication: challenged(), cvnGiven: true, random }) as any;
    const auth = details.authorization_data;
    assert.match(auth.reconciliation_id, /^\d+$/);
    assert.match(auth.authorization_code, /^\d{6}$/);
    assert.equal(auth.acquirer_merchant_id, 'xendit_ctv_agg');
    assert.equal(auth.network_response_code, '00');
    assert.match(auth.network_transaction_id, /^\d+$/);
    assert.equal(auth.cvn_verification_result, 'M');
    assert.match(auth.retrieval_reference_number, /^\d{12}$/);
    assert.equal(auth.address_verification_result, 'M');
    assert.equal(auth.network_response_code_descriptor, 'Approved and completed sucessfully');
    const a = details.authentication_data;
    assert.equal(a.flow, 'FULL_AUTH', 'the published enum: FULL_AUTH or FRICTIONLESS');
    assert.equal(a.a_res.eci, '05');
    assert.equal(a.a_res.message_version, '2.2.0');
    assert.match(a.a_res.authentication_value, /^[A-Za-z0-9+/]{27}=$/);
    assert.equal(a.a_res.ds_trans_id, '6f1c2b4e-1a2b-4c3d-8e9f-0a1b2c3d4e5f', 'the id the authentication was given');
    assert.deepEqual(Object.keys(a.a_res).sort(), ['authentication_value', 'ds_trans_id', 'eci', 'message_version']);
  });

  test('no 3DS ran (a saved card charged merchant-initiated): no authentication_data', () => {
    const details = paymentDetails({ network: 'VISA', cvnGiven: false, random }) as any;
    assert.equal(details.authentication_data, undefined);
    assert.equal(details.authorization_data.network_response_code, '00');
  });

  test('uuid makes RFC 4122 version 4 ids', () => {
    assert.match(uuid(random), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test('randomness comes only from the injected source', () => {
    const fixed = (seed: number) => { let n = seed; return (bytes: number) => Buffer.from(Array.from({ length: bytes }, () => n++ % 256)); };
    const input = { network: 'MASTERCARD', authentication: { flow: 'FRICTIONLESS', dsTransId: 'x', authenticated: true }, cvnGiven: true } as const;
    assert.deepEqual(paymentDetails({ ...input, random: fixed(1) }), paymentDetails({ ...input, random: fixed(1) }));
    assert.notDeepEqual(paymentDetails({ ...input, random: fixed(1) }), paymentDetails({ ...input, random: fixed(2) }));
  });

  test('MASTERCARD ECI, missing cvn, and a decline', () => {
    const decline = declineForAmount(10054, 'IDR', 'MASTERCARD')!;
    const details = paymentDetails({ network: 'MASTERCARD', authentication: { flow: 'FRICTIONLESS', dsTransId: 'x', authenticated: true }, decline, cvnGiven: false, random }) as any;
    assert.equal(details.authentication_data.a_res.eci, '02');
    assert.equal(details.authentication_data.flow, 'FRICTIONLESS');
    assert.equal(details.authorization_data.network_response_code, '51');
    assert.equal(details.authorization_data.network_response_code_descriptor, 'Not sufficient funds');
    assert.equal(details.authorization_data.cvn_verification_result, 'N');
    assert.equal(details.authorization_data.authorization_code, undefined);
  });

  test('failed 3DS authentication reports the unauthenticated ECI and no authorisation', () => {
    const visa = paymentDetails({ network: 'VISA', authentication: challenged(false), cvnGiven: true, random }) as any;
    assert.equal(visa.authentication_data.a_res.eci, '07');
    assert.equal(visa.authentication_data.a_res.authentication_value, undefined);
    assert.equal(visa.authorization_data, undefined);
    const mc = paymentDetails({ network: 'MASTERCARD', authentication: challenged(false), cvnGiven: true, random }) as any;
    assert.equal(mc.authentication_data.a_res.eci, '00');
  });
});
