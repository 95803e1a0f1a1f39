import type { Locale } from '@lunas/protocol/gateway';

/**
 * The lines the gateway sends with a channel and an attempt ("Pay with DANA", what happens after
 * Continue, the copy of a QR / VA / payment-code action, the OTP notice), so that the official
 * SDK, which shows them as they come, speaks the session's language too. Server only
 * (`@lunas/components/i18n`): the SDK bundle does not carry them. English is the reference.
 */
const en = {
  'instructions.pay_with': 'Pay with {channel}',
  'instructions.pay_at': 'Pay at {channel}',
  'instructions.present': 'After you continue, you will get the details to complete the payment.',
  'instructions.push': 'After you continue, approve the payment in your {channel} app.',
  'instructions.direct_debit': "After you continue, approve the payment on {channel}'s page or with the one-time password it sends you.",
  'instructions.redirect': 'After you continue, you will be taken to {channel} to approve the payment.',
  'instructions.scan_qr': 'Scan the QR code with your banking or e-wallet app',
  'instructions.transfer_va': 'Transfer the exact amount to this virtual account number',
  'instructions.show_code': 'Show this payment code to the cashier',
  'instructions.otp_title': 'Enter the one-time password',
  'instructions.otp_sent': '{channel} sent a one-time password by SMS to the mobile number registered with your account.',
  'instructions.this_channel': 'the channel',
  'instructions.your_bank': 'Your bank',
  // Labels of the channel forms' fields (catalogue.ts), by field name, and their format error.
  'field.account_mobile_number': 'Mobile number',
  'field.cashtag': 'Jenius $Cashtag',
  'field.card_last_four': 'Last 4 digits of debit card',
  'field.card_expiry': 'Card expiry (MM/YY)',
  'field.account_email': 'Email',
  'field.account_identity_number': 'National ID or passport number',
  'field.payer_name': 'Payer name',
  'field.invalid': 'Enter a valid {label}',
};

export type InstructionKey = keyof typeof en;
type InstructionDictionary = Record<InstructionKey, string>;

const id: InstructionDictionary = {
  'instructions.pay_with': 'Bayar dengan {channel}',
  'instructions.pay_at': 'Bayar di {channel}',
  'instructions.present': 'Setelah Anda lanjutkan, Anda akan mendapatkan rincian untuk menyelesaikan pembayaran.',
  'instructions.push': 'Setelah Anda lanjutkan, setujui pembayaran di aplikasi {channel} Anda.',
  'instructions.direct_debit': 'Setelah Anda lanjutkan, setujui pembayaran di halaman {channel} atau dengan kode OTP yang dikirimkannya.',
  'instructions.redirect': 'Setelah Anda lanjutkan, Anda akan diarahkan ke {channel} untuk menyetujui pembayaran.',
  'instructions.scan_qr': 'Pindai kode QR dengan aplikasi bank atau e-wallet Anda',
  'instructions.transfer_va': 'Transfer jumlah yang tepat ke nomor virtual account ini',
  'instructions.show_code': 'Tunjukkan kode pembayaran ini kepada kasir',
  'instructions.otp_title': 'Masukkan kode OTP',
  'instructions.otp_sent': '{channel} mengirimkan kode OTP lewat SMS ke nomor ponsel yang terdaftar di akun Anda.',
  'instructions.this_channel': 'metode ini',
  'instructions.your_bank': 'Bank Anda',
  'field.account_mobile_number': 'Nomor ponsel',
  'field.cashtag': '$Cashtag Jenius',
  'field.card_last_four': '4 digit terakhir kartu debit',
  'field.card_expiry': 'Masa berlaku kartu (MM/YY)',
  'field.account_email': 'Email',
  'field.account_identity_number': 'Nomor KTP atau paspor',
  'field.payer_name': 'Nama pembayar',
  'field.invalid': 'Masukkan {label} yang valid',
};

const th: InstructionDictionary = {
  'instructions.pay_with': 'ชำระด้วย {channel}',
  'instructions.pay_at': 'ชำระที่ {channel}',
  'instructions.present': 'เมื่อดำเนินการต่อ คุณจะได้รับรายละเอียดสำหรับชำระเงินให้เสร็จสิ้น',
  'instructions.push': 'เมื่อดำเนินการต่อ โปรดอนุมัติการชำระเงินในแอป {channel} ของคุณ',
  'instructions.direct_debit': 'เมื่อดำเนินการต่อ โปรดอนุมัติการชำระเงินบนหน้าของ {channel} หรือด้วยรหัส OTP ที่ส่งถึงคุณ',
  'instructions.redirect': 'เมื่อดำเนินการต่อ ระบบจะพาคุณไปที่ {channel} เพื่ออนุมัติการชำระเงิน',
  'instructions.scan_qr': 'สแกนคิวอาร์โค้ดด้วยแอปธนาคารหรือแอปวอลเล็ตของคุณ',
  'instructions.transfer_va': 'โอนเงินตามจำนวนที่แน่นอนไปยังหมายเลขบัญชีเสมือนนี้',
  'instructions.show_code': 'แสดงรหัสชำระเงินนี้แก่แคชเชียร์',
  'instructions.otp_title': 'กรอกรหัส OTP',
  'instructions.otp_sent': '{channel} ส่งรหัส OTP ทาง SMS ไปยังหมายเลขโทรศัพท์มือถือที่ลงทะเบียนกับบัญชีของคุณแล้ว',
  'instructions.this_channel': 'ช่องทางนี้',
  'instructions.your_bank': 'ธนาคารของคุณ',
  'field.account_mobile_number': 'หมายเลขโทรศัพท์มือถือ',
  'field.cashtag': 'Jenius $Cashtag',
  'field.card_last_four': 'เลขท้าย 4 หลักของบัตรเดบิต',
  'field.card_expiry': 'วันหมดอายุบัตร (MM/YY)',
  'field.account_email': 'อีเมล',
  'field.account_identity_number': 'เลขบัตรประชาชนหรือหนังสือเดินทาง',
  'field.payer_name': 'ชื่อผู้ชำระเงิน',
  'field.invalid': 'กรอก{label}ให้ถูกต้อง',
};

const vi: InstructionDictionary = {
  'instructions.pay_with': 'Thanh toán bằng {channel}',
  'instructions.pay_at': 'Thanh toán tại {channel}',
  'instructions.present': 'Sau khi tiếp tục, bạn sẽ nhận được thông tin để hoàn tất thanh toán.',
  'instructions.push': 'Sau khi tiếp tục, hãy xác nhận thanh toán trong ứng dụng {channel} của bạn.',
  'instructions.direct_debit': 'Sau khi tiếp tục, hãy xác nhận thanh toán trên trang của {channel} hoặc bằng mã OTP được gửi cho bạn.',
  'instructions.redirect': 'Sau khi tiếp tục, bạn sẽ được chuyển đến {channel} để xác nhận thanh toán.',
  'instructions.scan_qr': 'Quét mã QR bằng ứng dụng ngân hàng hoặc ví điện tử của bạn',
  'instructions.transfer_va': 'Chuyển đúng số tiền vào số tài khoản ảo này',
  'instructions.show_code': 'Đưa mã thanh toán này cho thu ngân',
  'instructions.otp_title': 'Nhập mã OTP',
  'instructions.otp_sent': '{channel} đã gửi mã OTP qua SMS đến số điện thoại đã đăng ký với tài khoản của bạn.',
  'instructions.this_channel': 'phương thức này',
  'instructions.your_bank': 'Ngân hàng của bạn',
  'field.account_mobile_number': 'Số điện thoại di động',
  'field.cashtag': '$Cashtag Jenius',
  'field.card_last_four': '4 số cuối của thẻ ghi nợ',
  'field.card_expiry': 'Ngày hết hạn thẻ (MM/YY)',
  'field.account_email': 'Email',
  'field.account_identity_number': 'Số CCCD hoặc hộ chiếu',
  'field.payer_name': 'Tên người thanh toán',
  'field.invalid': 'Nhập {label} hợp lệ',
};

export const INSTRUCTION_DICTIONARIES: Record<Locale, InstructionDictionary> = { en, id, th, vi };
