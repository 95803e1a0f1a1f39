import type { Currency } from '../money.ts';

/** The markets the tables cover (catalogue.ts re-exports them with the Channel types). */
export const COUNTRIES = ['ID', 'PH', 'VN', 'TH', 'SG', 'MY'] as const;
export type Country = (typeof COUNTRIES)[number];

/**
 * The raw channel tables, kept in the shape of spec §12 so a reviewer can compare them line by
 * line: `[code, approval flow, min, max, save (token), reusable code, refund/partial,
 * auth&capture, MIT, display name]`, amounts in major units exactly as published. Everything
 * else about a channel is derived in catalogue.ts.
 */
export type Flag = 'Y' | '-';
type Refund = 'Y' | '-' | 'soon';
export type Row = readonly [
  code: string,
  flow: 'REDIRECT' | 'REDIRECT, SKIP' | 'PRESENT TO CUSTOMER',
  min: string,
  max: string,
  save: Flag,
  reusable: Flag,
  refund: `${Refund}/${Refund}`,
  authCapture: Flag,
  mit: Flag,
  displayName: string,
];
export interface Table {
  country: Country;
  currency: Currency;
  rows: readonly Row[];
}

export const SPEC_TABLES: readonly Table[] = [
  { country: 'ID', currency: 'IDR', rows: [ // §12 ID (IDR) — 30 channels
    ['AKULAKU',                  'REDIRECT',            '1,000.00',  '25,000,000.00',     '-', '-', 'Y/Y', '-', '-', 'Akulaku'],
    ['ALFAMART',                 'PRESENT TO CUSTOMER', '10,000.00', '5,000,000.00',      '-', 'Y', '-/-', '-', '-', 'Alfamart'],
    ['ASTRAPAY',                 'REDIRECT',            '100.00',    '20,000,000.00',     '-', '-', '-/-', '-', '-', 'AstraPay'],
    ['ATOME',                    'REDIRECT',            '50,000.00', '6,000,000.00',      '-', '-', 'Y/Y', '-', '-', 'Atome'],
    ['BCA_VIRTUAL_ACCOUNT',      'PRESENT TO CUSTOMER', '10,000.00', '50,000,000.00',     '-', 'Y', '-/-', '-', '-', 'BCA Virtual Account'],
    ['BJB_VIRTUAL_ACCOUNT',      'PRESENT TO CUSTOMER', '1.00',      '2,000,000,000.00',  '-', 'Y', '-/-', '-', '-', 'BJB Virtual Account'],
    ['BNC_VIRTUAL_ACCOUNT',      'PRESENT TO CUSTOMER', '1.00',      '50,000,000,000.00', '-', 'Y', '-/-', '-', '-', 'Bank Neo Commerce Virtual Account'],
    ['BNI_VIRTUAL_ACCOUNT',      'PRESENT TO CUSTOMER', '1.00',      '50,000,000.00',     '-', 'Y', '-/-', '-', '-', 'BNI Virtual Account'],
    ['BRI_DIRECT_DEBIT',         'REDIRECT, SKIP',      '1.00',      '50,000,000.00',     'Y', '-', 'Y/-', '-', 'Y', 'BRI Direct Debit'],
    ['BRI_VIRTUAL_ACCOUNT',      'PRESENT TO CUSTOMER', '1.00',      '50,000,000,000.00', '-', 'Y', '-/-', '-', '-', 'BRI Virtual Account'],
    ['BSI_VIRTUAL_ACCOUNT',      'PRESENT TO CUSTOMER', '1.00',      '50,000,000,000.00', '-', 'Y', '-/-', '-', '-', 'BSI Virtual Account'],
    ['BSS_VIRTUAL_ACCOUNT',      'PRESENT TO CUSTOMER', '1.00',      '50,000,000,000.00', '-', 'Y', '-/-', '-', '-', 'Bank Sahabat Sampoerna Virtual Account'],
    ['CARDS',                    'REDIRECT, SKIP',      '5,000.00',  '200,000,000.00',    'Y', '-', 'Y/Y', 'Y', 'Y', 'Cards'],
    ['CIMB_VIRTUAL_ACCOUNT',     'PRESENT TO CUSTOMER', '1.00',      '50,000,000.00',     '-', 'Y', '-/-', '-', '-', 'CIMB Niaga Virtual Account'],
    ['DANA',                     'REDIRECT, SKIP',      '100.00',    '20,000,000.00',     'Y', '-', 'Y/Y', '-', 'Y', 'DANA'],
    ['GOPAY',                    'REDIRECT',            '1.00',      '50,000,000.00',     'Y', '-', 'Y/Y', '-', 'Y', 'GoPay'],
    ['GOPAY_RECURRING',          'REDIRECT, SKIP',      '1.00',      '50,000,000.00',     'Y', '-', 'Y/Y', '-', 'Y', 'GoPay Recurring'],
    ['HANA_VIRTUAL_ACCOUNT',     'PRESENT TO CUSTOMER', '1.00',      '50,000,000,000.00', '-', 'Y', '-/-', '-', '-', 'Hana Bank Virtual Account'],
    ['INDODANA',                 'REDIRECT',            '10,000.00', '25,000,000.00',     '-', '-', 'Y/Y', '-', '-', 'Indodana PayLater'],
    ['INDOMARET',                'PRESENT TO CUSTOMER', '10,000.00', '2,500,000.00',      '-', 'Y', '-/-', '-', '-', 'Indomaret'],
    ['JENIUSPAY',                'REDIRECT',            '1,000.00',  '20,000,000.00',     '-', '-', 'Y/Y', '-', '-', 'Jenius Pay'],
    ['KREDIVO',                  'REDIRECT',            '1,000.00',  '30,000,000.00',     '-', '-', 'Y/Y', '-', '-', 'Kredivo'],
    ['LINKAJA',                  'REDIRECT',            '1.00',      '20,000,000.00',     '-', '-', 'Y/-', '-', '-', 'LinkAja'],
    ['MANDIRI_VIRTUAL_ACCOUNT',  'PRESENT TO CUSTOMER', '1.00',      '50,000,000,000.00', '-', 'Y', '-/-', '-', '-', 'Mandiri Virtual Account'],
    ['MUAMALAT_VIRTUAL_ACCOUNT', 'PRESENT TO CUSTOMER', '1.00',      '50,000,000,000.00', '-', 'Y', '-/-', '-', '-', 'Bank Muamalat Virtual Account'],
    ['NEXCASH',                  'REDIRECT',            '1.00',      '20,000,000.00',     'Y', '-', '-/-', '-', '-', 'NexCash'],
    ['OVO',                      'REDIRECT, SKIP',      '100.00',    '20,000,000.00',     'Y', '-', 'Y/Y', '-', 'Y', 'OVO'],
    ['PERMATA_VIRTUAL_ACCOUNT',  'PRESENT TO CUSTOMER', '1.00',      '9,999,999,999.00',  '-', 'Y', '-/-', '-', '-', 'Permata Virtual Account'],
    ['QRIS',                     'PRESENT TO CUSTOMER', '1.00',      '20,000,000.00',     '-', 'Y', 'Y/-', '-', '-', 'QRIS'],
    ['SHOPEEPAY',                'REDIRECT, SKIP',      '1.00',      '20,000,000.00',     'Y', '-', 'Y/Y', '-', 'Y', 'ShopeePay'],
  ] },
  { country: 'PH', currency: 'PHP', rows: [ // §12 PH (PHP) — 43 channels
    ['7ELEVEN',                       'PRESENT TO CUSTOMER', '50.00',     '50,000.00',      '-', '-', '-/-', '-', '-', '7-Eleven'],
    ['7ELEVEN_CLIQQ',                 'PRESENT TO CUSTOMER', '50.00',     '50,000.00',      '-', 'Y', '-/-', '-', '-', '7-Eleven CLiQQ'],
    ['BANK_TRANSFER',                 'PRESENT TO CUSTOMER', '1.00',      '200,000,000.00', '-', 'Y', '-/-', '-', '-', 'Bank Transfer'],
    ['BDO_ONLINE_BANKING',            'REDIRECT',            '1.00',      '2,000,000.00',   '-', '-', '-/-', '-', '-', 'BDO Online Banking'],
    ['BILLEASE',                      'REDIRECT',            '50.00',     '150,000.00',     '-', '-', 'Y/-', '-', '-', 'BillEase'],
    ['BOC_ONLINE_BANKING',            'REDIRECT',            '10.00',     '1,000,000.00',   '-', '-', '-/-', '-', '-', 'Bank of Commerce Online Banking'],
    ['BPI_DIRECT_DEBIT',              'REDIRECT',            '1.00',      '500,000.00',     'Y', '-', 'Y/Y', '-', '-', 'BPI Direct Debit'],
    ['BPI_ONLINE_BANKING',            'REDIRECT',            '1.00',      '250,000.00',     '-', '-', '-/-', '-', '-', 'BPI Online Banking'],
    ['BPI_RECURRING',                 'REDIRECT, SKIP',      '1.00',      '500,000.00',     'Y', '-', 'Y/Y', '-', 'Y', 'BPI Recurring'],
    ['CARDS',                         'REDIRECT, SKIP',      '20.00',     '700,000.00',     'Y', '-', 'Y/Y', 'Y', 'Y', 'Cards'],
    ['CEBUANA',                       'PRESENT TO CUSTOMER', '50.00',     '30,000.00',      '-', 'Y', '-/-', '-', '-', 'Cebuana Lhuillier'],
    ['CHINABANK_DIRECT_DEBIT',        'REDIRECT',            '1.00',      '50,000.00',      'Y', '-', 'Y/Y', '-', '-', 'China Bank Direct Debit'],
    ['CHINABANK_ONLINE_BANKING',      'REDIRECT',            '1.00',      '1,000,000.00',   '-', '-', '-/-', '-', '-', 'China Bank Online Banking'],
    ['CVM',                           'PRESENT TO CUSTOMER', '50.00',     '30,000.00',      '-', 'Y', '-/-', '-', '-', 'CVM Pawnshop'],
    ['ECPAY',                         'PRESENT TO CUSTOMER', '1.00',      '50,000.00',      '-', 'Y', '-/-', '-', '-', 'ECPay'],
    ['ECPAY_DRAGONLOAN',              'PRESENT TO CUSTOMER', '50.00',     '20,000.00',      '-', 'Y', '-/-', '-', '-', 'ECPay Dragon Loans'],
    ['ECPAY_SCHOOL',                  'PRESENT TO CUSTOMER', '50.00',     '50,000.00',      '-', 'Y', '-/-', '-', '-', 'ECPay School'],
    ['GCASH',                         'REDIRECT',            '1.00',      '100,000.00',     '-', '-', 'Y/Y', '-', '-', 'GCash'],
    ['GRABPAY',                       'REDIRECT, SKIP',      '1.00',      '100,000.00',     'Y', '-', 'Y/Y', '-', 'Y', 'GrabPay'],
    ['INSTAPAY_ONLINE_BANKING',       'REDIRECT',            '1.00',      '35,000.00',      '-', '-', '-/-', '-', '-', 'InstaPay Online Banking'],
    ['LANDBANK_ONLINE_BANKING',       'REDIRECT',            '1.00',      '250,000.00',     '-', '-', '-/-', '-', '-', 'Landbank Online Banking'],
    ['LBC',                           'PRESENT TO CUSTOMER', '50.00',     '200,000.00',     '-', 'Y', '-/-', '-', '-', 'LBC'],
    ['MAYBANK_ONLINE_BANKING',        'REDIRECT',            '1.00',      '1,000,000.00',   '-', '-', '-/-', '-', '-', 'Maybank Online Banking'],
    ['METROBANK_ONLINE_BANKING',      'REDIRECT',            '1.00',      '2,000,000.00',   '-', '-', '-/-', '-', '-', 'Metrobank Online Banking'],
    ['MLHUILLIER',                    'PRESENT TO CUSTOMER', '50.00',     '200,000.00',     '-', 'Y', '-/-', '-', '-', 'M Lhuillier'],
    ['PALAWAN',                       'PRESENT TO CUSTOMER', '50.00',     '20,000.00',      '-', 'Y', '-/-', '-', '-', 'Palawan Express'],
    ['PAYMAYA',                       'REDIRECT, SKIP',      '1.00',      '100,000.00',     'Y', '-', 'Y/Y', '-', 'Y', 'Maya'],
    ['PESONET_ONLINE_BANKING',        'REDIRECT',            '50,000.01', '20,000,000.00',  '-', '-', '-/-', '-', '-', 'PESONet Online Banking'],
    ['PNB_ONLINE_BANKING',            'REDIRECT',            '1.00',      '1,000,000.00',   '-', '-', '-/-', '-', '-', 'PNB Online Banking'],
    ['PSBANK_ONLINE_BANKING',         'REDIRECT',            '10.00',     '25,000.00',      '-', '-', '-/-', '-', '-', 'PSBank Online Banking'],
    ['QRPH',                          'PRESENT TO CUSTOMER', '1.00',      '50,000.00',      '-', '-', '-/-', '-', '-', 'QR Ph'],
    ['RCBC_DIRECT_DEBIT',             'REDIRECT',            '1.00',      '50,000.00',      'Y', '-', 'Y/Y', '-', '-', 'RCBC Direct Debit'],
    ['RCBC_ONLINE_BANKING',           'REDIRECT',            '500.00',    '1,000,000.00',   '-', '-', '-/-', '-', '-', 'RCBC Online Banking'],
    ['RD_PAWNSHOP',                   'PRESENT TO CUSTOMER', '50.00',     '20,000.00',      '-', 'Y', '-/-', '-', '-', 'RD Pawnshop'],
    ['ROBINSONS_BANK_ONLINE_BANKING', 'REDIRECT',            '10.00',     '1,000,000.00',   '-', '-', '-/-', '-', '-', 'Robinsons Bank Online Banking'],
    ['ROBINSONS_BILLS_PAYMENT',       'PRESENT TO CUSTOMER', '50.00',     '200,000.00',     '-', 'Y', '-/-', '-', '-', 'Robinsons Bills Payment'],
    ['SECURITY_BANK_ONLINE_BANKING',  'REDIRECT',            '1.00',      '500,000.00',     '-', '-', '-/-', '-', '-', 'Security Bank Online Banking'],
    ['SHOPEEPAY',                     'REDIRECT, SKIP',      '1.00',      '100,000.00',     'Y', '-', 'Y/Y', '-', 'Y', 'ShopeePay'],
    ['SM_BILLS_PAYMENT',              'PRESENT TO CUSTOMER', '50.00',     '200,000.00',     '-', 'Y', '-/-', '-', '-', 'SM Bills Payment'],
    ['UBP_DIRECT_DEBIT',              'REDIRECT',            '1.00',      '100,000.00',     'Y', '-', 'Y/Y', '-', '-', 'UnionBank Direct Debit'],
    ['UBP_EADA',                      'REDIRECT, SKIP',      '1.00',      '100,000.00',     'Y', '-', 'Y/Y', '-', 'Y', 'UnionBank EADA'],
    ['UNIONBANK_ONLINE_BANKING',      'REDIRECT',            '1.00',      '100,000.00',     '-', '-', '-/-', '-', '-', 'UnionBank Online Banking'],
    ['USSC',                          'PRESENT TO CUSTOMER', '50.00',     '20,000.00',      '-', 'Y', '-/-', '-', '-', 'USSC'],
  ] },
  { country: 'VN', currency: 'VND', rows: [ // §12 VN (VND) — 12 channels
    ['APPOTA',                      'REDIRECT',            '1.00',      '50,000,000.00',  '-', '-', 'Y/-', '-', '-', 'Appota'],
    ['BIDV_VIRTUAL_ACCOUNT',        'PRESENT TO CUSTOMER', '10,000.00', '499,999,999.00', '-', 'Y', '-/-', '-', '-', 'BIDV Virtual Account'],
    ['CARDS',                       'REDIRECT, SKIP',      '1,000.00',  '100,000.00',     'Y', '-', 'Y/Y', 'Y', 'Y', 'Cards'],
    ['MOMO',                        'REDIRECT',            '1.00',      '50,000,000.00',  '-', '-', 'Y/Y', '-', '-', 'MoMo'],
    ['MSB_VIRTUAL_ACCOUNT',         'PRESENT TO CUSTOMER', '10,000.00', '499,999,999.00', '-', 'Y', '-/-', '-', '-', 'MSB Virtual Account'],
    ['PV_VIRTUAL_ACCOUNT',          'PRESENT TO CUSTOMER', '10,000.00', '499,999,999.00', '-', 'Y', '-/-', '-', '-', 'PVcomBank Virtual Account'],
    ['SHOPEEPAY',                   'REDIRECT',            '1.00',      '50,000,000.00',  '-', '-', 'Y/Y', '-', '-', 'ShopeePay'],
    ['VIETCAPITAL_VIRTUAL_ACCOUNT', 'PRESENT TO CUSTOMER', '10,000.00', '499,999,999.00', '-', 'Y', '-/-', '-', '-', 'Viet Capital Bank Virtual Account'],
    ['VNPTWALLET',                  'REDIRECT',            '1.00',      '50,000,000.00',  '-', '-', 'Y/-', '-', '-', 'VNPT Money'],
    ['VPB_VIRTUAL_ACCOUNT',         'PRESENT TO CUSTOMER', '10,000.00', '499,999,999.00', '-', 'Y', '-/-', '-', '-', 'VPBank Virtual Account'],
    ['WOORI_VIRTUAL_ACCOUNT',       'PRESENT TO CUSTOMER', '10,000.00', '499,999,999.00', '-', 'Y', '-/-', '-', '-', 'Woori Bank Virtual Account'],
    ['ZALOPAY',                     'REDIRECT',            '1.00',      '50,000,000.00',  '-', '-', 'Y/Y', '-', '-', 'ZaloPay'],
  ] },
  { country: 'TH', currency: 'THB', rows: [ // §12 TH (THB) — 16 channels
    ['BBL_DIRECT_DEBIT',                   'REDIRECT, SKIP',      '20.00', '700,000.00', 'Y', '-', '-/-',       '-', 'Y', 'Bangkok Bank Direct Debit'],
    ['BBL_MOBILE_BANKING',                 'REDIRECT',            '20.00', '700,000.00', '-', '-', '-/-',       '-', '-', 'Bangkok Bank Mobile Banking'],
    ['CARDS',                              'REDIRECT, SKIP',      '1.00',  '700,000.00', 'Y', '-', 'Y/Y',       'Y', 'Y', 'Cards'],
    ['KBANK_MOBILE_BANKING',               'REDIRECT',            '20.00', '700,000.00', '-', '-', '-/-',       '-', '-', 'Kasikornbank Mobile Banking'],
    ['KRUNGSRI_DIRECT_DEBIT',              'REDIRECT, SKIP',      '20.00', '700,000.00', 'Y', '-', '-/-',       '-', 'Y', 'Krungsri Direct Debit'],
    ['KRUNGSRI_MOBILE_BANKING',            'REDIRECT',            '20.00', '700,000.00', '-', '-', '-/-',       '-', '-', 'Krungsri Mobile Banking'],
    ['KTB_DIRECT_DEBIT',                   'REDIRECT, SKIP',      '20.00', '700,000.00', 'Y', '-', '-/-',       '-', 'Y', 'Krungthai Direct Debit'],
    ['KTB_MOBILE_BANKING',                 'REDIRECT',            '20.00', '700,000.00', '-', '-', '-/-',       '-', '-', 'Krungthai Mobile Banking'],
    ['LINEPAY',                            'REDIRECT',            '1.00',  '50,000.00',  '-', '-', 'soon/soon', '-', '-', 'Rabbit LINE Pay'],
    ['PROMPTPAY',                          'PRESENT TO CUSTOMER', '1.00',  '700,000.00', '-', '-', '-/-',       '-', '-', 'PromptPay'],
    ['SCB_DIRECT_DEBIT',                   'REDIRECT, SKIP',      '20.00', '700,000.00', 'Y', '-', '-/-',       '-', 'Y', 'SCB Direct Debit'],
    ['SCB_MOBILE_BANKING',                 'REDIRECT',            '20.00', '700,000.00', '-', '-', '-/-',       '-', '-', 'SCB Mobile Banking'],
    ['SHOPEEPAY',                          'REDIRECT',            '1.00',  '200,000.00', '-', '-', 'soon/soon', '-', '-', 'ShopeePay'],
    ['STANDARD_CHARTERED_VIRTUAL_ACCOUNT', 'PRESENT TO CUSTOMER', '20.00', '700,000.00', '-', 'Y', '-/-',       '-', '-', 'Standard Chartered Virtual Account'],
    ['TRUEMONEY',                          'REDIRECT',            '1.00',  '50,000.00',  '-', '-', 'soon/soon', '-', '-', 'TrueMoney Wallet'],
    ['WECHATPAY',                          'REDIRECT',            '1.00',  '70,000.00',  '-', '-', 'soon/soon', '-', '-', 'WeChat Pay'],
  ] },
  { country: 'MY', currency: 'MYR', rows: [ // §12 MY (MYR) — 46 channels
    ['AFFIN_FPX',              'REDIRECT',            '1.00', '30,000.00',    '-', '-', '-/-', '-', '-', 'Affin Bank (FPX)'],
    ['AFFIN_FPX_BUSINESS',     'REDIRECT',            '1.00', '1,000,000.00', '-', '-', '-/-', '-', '-', 'Affin Bank (FPX Business)'],
    ['AGRO_FPX',               'REDIRECT',            '1.00', '30,000.00',    '-', '-', '-/-', '-', '-', 'Agrobank (FPX)'],
    ['AGRO_FPX_BUSINESS',      'REDIRECT',            '1.00', '1,000,000.00', '-', '-', '-/-', '-', '-', 'Agrobank (FPX Business)'],
    ['ALLIANCE_FPX',           'REDIRECT',            '1.00', '30,000.00',    '-', '-', '-/-', '-', '-', 'Alliance Bank (FPX)'],
    ['ALLIANCE_FPX_BUSINESS',  'REDIRECT',            '1.00', '1,000,000.00', '-', '-', '-/-', '-', '-', 'Alliance Bank (FPX Business)'],
    ['AMBANK_FPX',             'REDIRECT',            '1.00', '30,000.00',    '-', '-', '-/-', '-', '-', 'AmBank (FPX)'],
    ['AMBANK_FPX_BUSINESS',    'REDIRECT',            '1.00', '1,000,000.00', '-', '-', '-/-', '-', '-', 'AmBank (FPX Business)'],
    ['AMBANK_VIRTUAL_ACCOUNT', 'PRESENT TO CUSTOMER', '1.00', '-',            '-', 'Y', '-/-', '-', '-', 'AmBank Virtual Account'],
    ['BNP_FPX_BUSINESS',       'REDIRECT',            '1.00', '1,000,000.00', '-', '-', '-/-', '-', '-', 'BNP Paribas (FPX Business)'],
    ['BOC_FPX',                'REDIRECT',            '1.00', '30,000.00',    '-', '-', '-/-', '-', '-', 'Bank of China (FPX)'],
    ['BSN_FPX',                'REDIRECT',            '1.00', '30,000.00',    '-', '-', '-/-', '-', '-', 'BSN (FPX)'],
    ['CARDS',                  'REDIRECT, SKIP',      '1.00', '5,000.00',     'Y', '-', 'Y/Y', 'Y', 'Y', 'Cards'],
    ['CIMB_FPX',               'REDIRECT',            '1.00', '30,000.00',    '-', '-', '-/-', '-', '-', 'CIMB Bank (FPX)'],
    ['CIMB_FPX_BUSINESS',      'REDIRECT',            '1.00', '1,000,000.00', '-', '-', '-/-', '-', '-', 'CIMB Bank (FPX Business)'],
    ['CITIBANK_FPX_BUSINESS',  'REDIRECT',            '1.00', '1,000,000.00', '-', '-', '-/-', '-', '-', 'Citibank (FPX Business)'],
    ['DEUTSCHE_FPX_BUSINESS',  'REDIRECT',            '1.00', '1,000,000.00', '-', '-', '-/-', '-', '-', 'Deutsche Bank (FPX Business)'],
    ['GRABPAY',                'REDIRECT, SKIP',      '1.00', '1,500.00',     'Y', '-', 'Y/Y', '-', 'Y', 'GrabPay'],
    ['HLB_FPX',                'REDIRECT',            '1.00', '30,000.00',    '-', '-', '-/-', '-', '-', 'Hong Leong Bank (FPX)'],
    ['HLB_FPX_BUSINESS',       'REDIRECT',            '1.00', '1,000,000.00', '-', '-', '-/-', '-', '-', 'Hong Leong Bank (FPX Business)'],
    ['HSBC_FPX',               'REDIRECT',            '1.00', '30,000.00',    '-', '-', '-/-', '-', '-', 'HSBC (FPX)'],
    ['HSBC_FPX_BUSINESS',      'REDIRECT',            '1.00', '1,000,000.00', '-', '-', '-/-', '-', '-', 'HSBC (FPX Business)'],
    ['ISLAM_FPX',              'REDIRECT',            '1.00', '30,000.00',    '-', '-', '-/-', '-', '-', 'Bank Islam (FPX)'],
    ['ISLAM_FPX_BUSINESS',     'REDIRECT',            '1.00', '1,000,000.00', '-', '-', '-/-', '-', '-', 'Bank Islam (FPX Business)'],
    ['KFH_FPX',                'REDIRECT',            '1.00', '30,000.00',    '-', '-', '-/-', '-', '-', 'Kuwait Finance House (FPX)'],
    ['KFH_FPX_BUSINESS',       'REDIRECT',            '1.00', '1,000,000.00', '-', '-', '-/-', '-', '-', 'Kuwait Finance House (FPX Business)'],
    ['MAYB2E_FPX',             'REDIRECT',            '1.00', '30,000.00',    '-', '-', '-/-', '-', '-', 'Maybank2E (FPX)'],
    ['MAYB2E_FPX_BUSINESS',    'REDIRECT',            '1.00', '1,000,000.00', '-', '-', '-/-', '-', '-', 'Maybank2E (FPX Business)'],
    ['MAYB2U_FPX',             'REDIRECT',            '1.00', '30,000.00',    '-', '-', '-/-', '-', '-', 'Maybank2u (FPX)'],
    ['MUAMALAT_FPX',           'REDIRECT',            '1.00', '30,000.00',    '-', '-', '-/-', '-', '-', 'Bank Muamalat (FPX)'],
    ['MUAMALAT_FPX_BUSINESS',  'REDIRECT',            '1.00', '1,000,000.00', '-', '-', '-/-', '-', '-', 'Bank Muamalat (FPX Business)'],
    ['OCBC_FPX',               'REDIRECT',            '1.00', '30,000.00',    '-', '-', '-/-', '-', '-', 'OCBC Bank (FPX)'],
    ['OCBC_FPX_BUSINESS',      'REDIRECT',            '1.00', '1,000,000.00', '-', '-', '-/-', '-', '-', 'OCBC Bank (FPX Business)'],
    ['PUBLIC_FPX',             'REDIRECT',            '1.00', '30,000.00',    '-', '-', '-/-', '-', '-', 'Public Bank (FPX)'],
    ['PUBLIC_FPX_BUSINESS',    'REDIRECT',            '1.00', '1,000,000.00', '-', '-', '-/-', '-', '-', 'Public Bank (FPX Business)'],
    ['RAKYAT_FPX',             'REDIRECT',            '1.00', '30,000.00',    '-', '-', '-/-', '-', '-', 'Bank Rakyat (FPX)'],
    ['RAKYAT_FPX_BUSINESS',    'REDIRECT',            '1.00', '1,000,000.00', '-', '-', '-/-', '-', '-', 'Bank Rakyat (FPX Business)'],
    ['RHB_FPX',                'REDIRECT',            '1.00', '30,000.00',    '-', '-', '-/-', '-', '-', 'RHB Bank (FPX)'],
    ['RHB_FPX_BUSINESS',       'REDIRECT',            '1.00', '1,000,000.00', '-', '-', '-/-', '-', '-', 'RHB Bank (FPX Business)'],
    ['SCH_FPX',                'REDIRECT',            '1.00', '30,000.00',    '-', '-', '-/-', '-', '-', 'Standard Chartered (FPX)'],
    ['SCH_FPX_BUSINESS',       'REDIRECT',            '1.00', '1,000,000.00', '-', '-', '-/-', '-', '-', 'Standard Chartered (FPX Business)'],
    ['SHOPEEPAY',              'REDIRECT, SKIP',      '1.00', '4,999.00',     'Y', '-', 'Y/Y', '-', 'Y', 'ShopeePay'],
    ['TOUCHNGO',               'REDIRECT, SKIP',      '1.00', '20,000.00',    'Y', '-', 'Y/Y', '-', 'Y', 'Touch \'n Go eWallet'],
    ['UOB_FPX',                'REDIRECT',            '1.00', '30,000.00',    '-', '-', '-/-', '-', '-', 'UOB (FPX)'],
    ['UOB_FPX_BUSINESS',       'REDIRECT',            '1.00', '1,000,000.00', '-', '-', '-/-', '-', '-', 'UOB (FPX Business)'],
    ['WECHATPAY',              'REDIRECT',            '1.00', '4,999.00',     '-', '-', 'Y/-', '-', '-', 'WeChat Pay'],
  ] },
];

/**
 * Lunas decisions, not in §12: §12 accepts SGD sessions and says "USD also for PH cards" but
 * publishes no SG channel and no USD limits, so cards get the other card rows' features and
 * limits of a size a card acquirer would plausibly take.
 */
export const LUNAS_TABLES: readonly Table[] = [
  { country: 'SG', currency: 'SGD', rows: [
    ['CARDS', 'REDIRECT, SKIP', '1.00', '200,000.00', 'Y', '-', 'Y/Y', 'Y', 'Y', 'Cards'],
  ] },
  { country: 'PH', currency: 'USD', rows: [
    ['CARDS', 'REDIRECT, SKIP', '1.00', '15,000.00', 'Y', '-', 'Y/Y', 'Y', 'Y', 'Cards'],
  ] },
  // Xendit's PromptPay request example spells the code QRPROMPTPAY; the §12 table says PROMPTPAY.
  // Both are accepted (API only: a session offers PROMPTPAY once), with PROMPTPAY's terms.
  { country: 'TH', currency: 'THB', rows: [
    ['QRPROMPTPAY', 'PRESENT TO CUSTOMER', '1.00', '700,000.00', '-', '-', '-/-', '-', '-', 'PromptPay'],
  ] },
];

/**
 * Default payment-request expiry in minutes. Lookup order: `CC:CODE`, `CODE`, `CC:FAMILY`,
 * `FAMILY`. Code entries are §10a.0 "Payment Request Expiry (hours)" converted to whole minutes
 * (a checkout counts minutes, and the published hours are themselves rounded: 0.166 h is 10 min).
 * Family entries are Lunas defaults where Xendit publishes none.
 */
export const EXPIRY_MINUTES: Readonly<Record<string, number>> = {
  CARDS: 10, // 0.166 h
  OVO: 1, // 0.015 h is 54 s; rounded up so a push approval always has a whole minute
  GCASH: 15, PAYMAYA: 15, 'PH:GRABPAY': 15, 'PH:SHOPEEPAY': 15, // 0.25 h
  'TH:DIRECT_DEBIT': 15, 'TH:ONLINE_BANKING': 15, // TH mobile banking / direct debit 0.25 h
  'MY:SHOPEEPAY': 20, APPOTA: 20, // 0.33 h
  'VN:SHOPEEPAY': 25, // 0.42 h
  LINKAJA: 30, GOPAY_RECURRING: 30, 'ID:SHOPEEPAY': 30, // 0.5 h
  'MY:GRABPAY': 35, // 0.58 h
  TOUCHNGO: 60, // 1 h
  VNPTWALLET: 10, // 0.166 h
  'MY:WECHATPAY': 5, // 0.083 h
  DANA: 1440, // 24 h
  QRIS: 2880, // 48 h
  // §10a.8 gives 24 h for paylater (AKULAKU, KREDIVO, INDODANA published; ATOME, BILLEASE assumed alike).
  PAYLATER: 1440,
  // Unpublished: VAs and OTC codes are paid later at a bank or shop, so the payer gets a day...
  VIRTUAL_ACCOUNT: 1440,
  OTC: 1440,
  // ...except VN VAs, whose only published example defaults `expires_at` to creation + 48 h (§10a.4).
  'VN:VIRTUAL_ACCOUNT': 2880,
  // Unpublished: the customer completes these while the checkout is open; the session default is 30 min (§13).
  EWALLET: 30,
  DIRECT_DEBIT: 30,
  ONLINE_BANKING: 30,
  QR: 30,
};
