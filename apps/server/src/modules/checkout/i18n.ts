import { SESSION_LOCALES, type Locale as SdkLocale } from '@lunas/protocol/gateway';

/**
 * The hosted checkout's own words, in the four languages the SDK ships (spec §3.1 `locale`):
 * English, Indonesian, Thai and Vietnamese. The payment form inside the page is the SDK's and
 * is localised by the SDK from the same `locale`. A session locale Lunas has no words for
 * falls back to English.
 */
export const LOCALES = SESSION_LOCALES;
export type Locale = SdkLocale;

export const toLocale = (value: string | undefined): Locale => (LOCALES as readonly string[]).includes(value ?? '') ? (value as Locale) : 'en';

export interface Words {
  checkout: string;
  payTo: (merchant: string) => string;
  saveFor: (merchant: string) => string;
  total: string;
  orderSummary: string;
  quantity: (n: number) => string;
  expires: (when: string) => string;
  choosePayment: string;
  loading: string;
  noScript: string;
  pay: (amount: string) => string;
  save: string;
  processing: string;
  cancel: string;
  /** The confirmation Cancel opens: a question and the button that really cancels. */
  cancelQuestion: string;
  cancelYes: string;
  failedTitle: string;
  tryAgain: string;
  loadFailed: string;
  testMode: string;
  testModeNote: string;
  securedBy: string;
  completedTitle: string;
  completedMessage: (merchant: string) => string;
  savedTitle: string;
  savedMessage: (merchant: string) => string;
  /** SUBSCRIPTION sessions: the customer links a method that the plan charges each cycle. */
  subscribeTo: (merchant: string) => string;
  subscribe: string;
  subscribedTitle: string;
  subscribedMessage: (merchant: string) => string;
  expiredTitle: string;
  expiredMessage: (merchant: string) => string;
  canceledTitle: string;
  canceledMessage: string;
  returnTo: (merchant: string) => string;
  redirecting: (merchant: string) => string;
  notFoundTitle: string;
  notFoundMessage: string;
}

const en: Words = {
  checkout: 'Checkout',
  payTo: (m) => `Pay ${m}`,
  saveFor: (m) => `Save a payment method for ${m}`,
  total: 'Total',
  orderSummary: 'Order summary',
  quantity: (n) => `Qty ${n}`,
  expires: (w) => `This link expires on ${w}.`,
  choosePayment: 'Choose how to pay',
  loading: 'Loading payment methods…',
  noScript: 'Turn on JavaScript to choose a payment method: the payment form needs it.',
  pay: (a) => `Pay ${a}`,
  save: 'Save payment method',
  processing: 'Processing…',
  cancel: 'Cancel payment',
  cancelQuestion: 'Cancel this payment? Nothing will be charged.',
  cancelYes: 'Yes, cancel payment',
  failedTitle: 'The payment did not go through',
  tryAgain: 'Please check the details or choose another payment method, then try again.',
  loadFailed: 'The payment form could not be loaded. Reload the page to try again.',
  testMode: 'Test mode',
  testModeNote: 'No real money moves.',
  securedBy: 'Secure checkout by Lunas',
  completedTitle: 'Payment successful',
  completedMessage: (m) => `Thank you. ${m} has received your payment.`,
  savedTitle: 'Payment method saved',
  savedMessage: (m) => `Your payment method is saved with ${m}.`,
  subscribeTo: (m) => `Subscribe to ${m}`,
  subscribe: 'Subscribe',
  subscribedTitle: 'Subscription started',
  subscribedMessage: (m) => `Your subscription with ${m} is active.`,
  expiredTitle: 'This payment link has expired',
  expiredMessage: (m) => `No payment was taken. Ask ${m} for a new link.`,
  canceledTitle: 'Payment canceled',
  canceledMessage: 'No payment was taken.',
  returnTo: (m) => `Return to ${m}`,
  redirecting: (m) => `Taking you back to ${m}…`,
  notFoundTitle: 'Payment link not found',
  notFoundMessage: 'Check that the link is complete, or ask the merchant for a new one.',
};

const id: Words = {
  checkout: 'Pembayaran',
  payTo: (m) => `Bayar ke ${m}`,
  saveFor: (m) => `Simpan metode pembayaran untuk ${m}`,
  total: 'Total',
  orderSummary: 'Ringkasan pesanan',
  quantity: (n) => `Jumlah ${n}`,
  expires: (w) => `Tautan ini berlaku sampai ${w}.`,
  choosePayment: 'Pilih cara pembayaran',
  loading: 'Memuat metode pembayaran…',
  noScript: 'Aktifkan JavaScript untuk memilih metode pembayaran: formulir pembayaran membutuhkannya.',
  pay: (a) => `Bayar ${a}`,
  save: 'Simpan metode pembayaran',
  processing: 'Memproses…',
  cancel: 'Batalkan pembayaran',
  cancelQuestion: 'Batalkan pembayaran ini? Tidak ada yang akan ditagih.',
  cancelYes: 'Ya, batalkan pembayaran',
  failedTitle: 'Pembayaran tidak berhasil',
  tryAgain: 'Periksa kembali data Anda atau pilih metode pembayaran lain, lalu coba lagi.',
  loadFailed: 'Formulir pembayaran tidak dapat dimuat. Muat ulang halaman untuk mencoba lagi.',
  testMode: 'Mode uji',
  testModeNote: 'Tidak ada uang sungguhan yang berpindah.',
  securedBy: 'Pembayaran aman oleh Lunas',
  completedTitle: 'Pembayaran berhasil',
  completedMessage: (m) => `Terima kasih. ${m} telah menerima pembayaran Anda.`,
  savedTitle: 'Metode pembayaran tersimpan',
  savedMessage: (m) => `Metode pembayaran Anda tersimpan di ${m}.`,
  subscribeTo: (m) => `Berlangganan ${m}`,
  subscribe: 'Berlangganan',
  subscribedTitle: 'Langganan dimulai',
  subscribedMessage: (m) => `Langganan Anda di ${m} sudah aktif.`,
  expiredTitle: 'Tautan pembayaran ini sudah kedaluwarsa',
  expiredMessage: (m) => `Tidak ada pembayaran yang diambil. Minta tautan baru kepada ${m}.`,
  canceledTitle: 'Pembayaran dibatalkan',
  canceledMessage: 'Tidak ada pembayaran yang diambil.',
  returnTo: (m) => `Kembali ke ${m}`,
  redirecting: (m) => `Mengarahkan Anda kembali ke ${m}…`,
  notFoundTitle: 'Tautan pembayaran tidak ditemukan',
  notFoundMessage: 'Pastikan tautannya lengkap, atau minta tautan baru kepada penjual.',
};

const th: Words = {
  checkout: 'ชำระเงิน',
  payTo: (m) => `ชำระเงินให้ ${m}`,
  saveFor: (m) => `บันทึกวิธีการชำระเงินสำหรับ ${m}`,
  total: 'ยอดรวม',
  orderSummary: 'สรุปคำสั่งซื้อ',
  quantity: (n) => `จำนวน ${n}`,
  expires: (w) => `ลิงก์นี้หมดอายุ ${w}`,
  choosePayment: 'เลือกวิธีการชำระเงิน',
  loading: 'กำลังโหลดวิธีการชำระเงิน…',
  noScript: 'โปรดเปิดใช้งาน JavaScript เพื่อเลือกวิธีการชำระเงิน',
  pay: (a) => `ชำระ ${a}`,
  save: 'บันทึกวิธีการชำระเงิน',
  processing: 'กำลังดำเนินการ…',
  cancel: 'ยกเลิกการชำระเงิน',
  cancelQuestion: 'ยกเลิกการชำระเงินนี้หรือไม่ จะไม่มีการเรียกเก็บเงิน',
  cancelYes: 'ใช่ ยกเลิกการชำระเงิน',
  failedTitle: 'การชำระเงินไม่สำเร็จ',
  tryAgain: 'โปรดตรวจสอบข้อมูลหรือเลือกวิธีการชำระเงินอื่น แล้วลองอีกครั้ง',
  loadFailed: 'ไม่สามารถโหลดแบบฟอร์มการชำระเงินได้ โปรดโหลดหน้านี้ใหม่',
  testMode: 'โหมดทดสอบ',
  testModeNote: 'ไม่มีการโอนเงินจริง',
  securedBy: 'ชำระเงินอย่างปลอดภัยโดย Lunas',
  completedTitle: 'ชำระเงินสำเร็จ',
  completedMessage: (m) => `ขอบคุณ ${m} ได้รับการชำระเงินของคุณแล้ว`,
  savedTitle: 'บันทึกวิธีการชำระเงินแล้ว',
  savedMessage: (m) => `วิธีการชำระเงินของคุณถูกบันทึกไว้กับ ${m} แล้ว`,
  subscribeTo: (m) => `สมัครสมาชิก ${m}`,
  subscribe: 'สมัครสมาชิก',
  subscribedTitle: 'เริ่มการสมัครสมาชิกแล้ว',
  subscribedMessage: (m) => `การสมัครสมาชิกของคุณกับ ${m} เปิดใช้งานแล้ว`,
  expiredTitle: 'ลิงก์ชำระเงินนี้หมดอายุแล้ว',
  expiredMessage: (m) => `ไม่มีการเรียกเก็บเงิน โปรดขอลิงก์ใหม่จาก ${m}`,
  canceledTitle: 'ยกเลิกการชำระเงินแล้ว',
  canceledMessage: 'ไม่มีการเรียกเก็บเงิน',
  returnTo: (m) => `กลับไปที่ ${m}`,
  redirecting: (m) => `กำลังพาคุณกลับไปที่ ${m}…`,
  notFoundTitle: 'ไม่พบลิงก์ชำระเงิน',
  notFoundMessage: 'โปรดตรวจสอบว่าลิงก์ครบถ้วน หรือขอลิงก์ใหม่จากร้านค้า',
};

const vi: Words = {
  checkout: 'Thanh toán',
  payTo: (m) => `Thanh toán cho ${m}`,
  saveFor: (m) => `Lưu phương thức thanh toán cho ${m}`,
  total: 'Tổng cộng',
  orderSummary: 'Tóm tắt đơn hàng',
  quantity: (n) => `SL ${n}`,
  expires: (w) => `Liên kết này hết hạn vào ${w}.`,
  choosePayment: 'Chọn phương thức thanh toán',
  loading: 'Đang tải phương thức thanh toán…',
  noScript: 'Vui lòng bật JavaScript để chọn phương thức thanh toán.',
  pay: (a) => `Thanh toán ${a}`,
  save: 'Lưu phương thức thanh toán',
  processing: 'Đang xử lý…',
  cancel: 'Hủy thanh toán',
  cancelQuestion: 'Hủy thanh toán này? Bạn sẽ không bị trừ tiền.',
  cancelYes: 'Có, hủy thanh toán',
  failedTitle: 'Thanh toán không thành công',
  tryAgain: 'Vui lòng kiểm tra thông tin hoặc chọn phương thức khác, rồi thử lại.',
  loadFailed: 'Không thể tải biểu mẫu thanh toán. Vui lòng tải lại trang.',
  testMode: 'Chế độ thử nghiệm',
  testModeNote: 'Không có tiền thật được chuyển.',
  securedBy: 'Thanh toán an toàn bởi Lunas',
  completedTitle: 'Thanh toán thành công',
  completedMessage: (m) => `Cảm ơn bạn. ${m} đã nhận được khoản thanh toán.`,
  savedTitle: 'Đã lưu phương thức thanh toán',
  savedMessage: (m) => `Phương thức thanh toán của bạn đã được lưu với ${m}.`,
  subscribeTo: (m) => `Đăng ký gói của ${m}`,
  subscribe: 'Đăng ký',
  subscribedTitle: 'Đã bắt đầu gói đăng ký',
  subscribedMessage: (m) => `Gói đăng ký của bạn với ${m} đã được kích hoạt.`,
  expiredTitle: 'Liên kết thanh toán đã hết hạn',
  expiredMessage: (m) => `Không có khoản tiền nào bị trừ. Hãy yêu cầu ${m} gửi liên kết mới.`,
  canceledTitle: 'Đã hủy thanh toán',
  canceledMessage: 'Không có khoản tiền nào bị trừ.',
  returnTo: (m) => `Quay lại ${m}`,
  redirecting: (m) => `Đang đưa bạn quay lại ${m}…`,
  notFoundTitle: 'Không tìm thấy liên kết thanh toán',
  notFoundMessage: 'Hãy kiểm tra liên kết đầy đủ chưa, hoặc yêu cầu người bán gửi liên kết mới.',
};

export const WORDS: Record<Locale, Words> = { en, id, th, vi };
