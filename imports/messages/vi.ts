/** The importer's sentences in Vietnamese, the clerks' language and the default. */
import type { ImportMessages } from './codes';

const then = 'mở bằng Excel và lưu lại dưới dạng .xlsx hoặc CSV UTF-8';
const copyToExcel = 'chép bảng danh mục sang Excel và lưu dưới dạng .xlsx hoặc CSV UTF-8';
const REQUIRED = { code: 'mã thủ tục', name: 'tên thủ tục', agency: 'cơ quan thực hiện', level: 'mức độ' };
const FLAGS = { portal: 'tích hợp Cổng DVCQG', qd411: 'QĐ 411', eligible: 'đủ điều kiện' };
const LINK_PROBLEMS = {
  space: 'có khoảng trắng hoặc ký tự ẩn ở giữa địa chỉ.',
  scheme: 'không phải địa chỉ web (javascript:, data:, vbscript:, file: … đều bị từ chối).',
  relative: 'thiếu phần https:// hoặc tên miền (địa chỉ tương đối hoặc chỉ có chữ).',
  credentials: 'có tên đăng nhập hoặc mật khẩu trước tên miền (phần trước dấu @).',
  malformed: 'không đọc được địa chỉ này.',
};
const quoted = (names: string[]): string => names.map((n) => `"${n}"`).join(', ');
const short = (text: string): string => (text.length > 120 ? `${text.slice(0, 117)}…` : text);
const n = (value: number): string => value.toLocaleString('vi-VN');

export const vi: ImportMessages = {
  problems: {
    'row.cell-count': (p) => `Dòng có ${p.cells} ô nhưng dòng tiêu đề có ${p.columns} cột (thừa hoặc thiếu dấu phân cách).`,
    'cell.control-chars': (p) =>
      `Đã xoá ${p.chars.length > 1 ? 'các ký tự điều khiển' : 'ký tự điều khiển'} ${p.chars.join(', ')} (không hiển thị được) khỏi ô này.`,
    'cell.too-long': (p) => `Giá trị dài ${p.length} ký tự, quá giới hạn ${p.max} ký tự.`,
    'cell.required': (p) => `Thiếu ${REQUIRED[p.field]}: ô này không được để trống.`,
    'flag.unknown': (p) =>
      `Không hiểu giá trị "${p.value}" của cột ${FLAGS[p.field]}: dùng Có/Không, x/để trống, Đã tích hợp/Chưa tích hợp hoặc Không rõ.`,
    'agency.too-long': (p) => `Tên cơ quan dài ${p.length} ký tự, quá giới hạn ${p.max} ký tự.`,
    'agency.missing': () => 'Thiếu cơ quan thực hiện: ô này không được để trống.',
    'agency.several-for-local-code': (p) =>
      `Mã địa phương ${p.localCode} chỉ thuộc một cơ quan, nhưng ô này ghi ${p.count} cơ quan: tách mỗi cơ quan ra một dòng với mã của nó, hoặc dùng mã quốc gia ${p.procedureCode}.`,
    'code.number-cell': () =>
      'Mã được lưu dạng số nên Excel có thể đã bỏ các chữ số 0 ở cuối (1.001610 thành 1.00161): định dạng cột mã là Text (hoặc số có đủ 6 chữ số thập phân, 0.000000), gõ lại mã đúng rồi nhập lại.',
    'code.other-form': () => 'Mã không theo dạng D.DDDDDD hoặc D.DDDDDD.DDD.DD.DD.XDD; vẫn được nhận nguyên văn.',
    'code.duplicate-pair': (p) =>
      `Mã ${p.code} của "${p.agency}" đã có ở dòng ${p.firstLine}: mỗi cặp mã thủ tục và cơ quan chỉ được xuất hiện một lần.`,
    'level.unknown': (p) => `Không hiểu mức độ "${p.value}": dùng 1–4, "Mức độ 3", "Toàn trình" hoặc "Một phần".`,
    'tiers.unknown': (p) =>
      `Không hiểu cấp thực hiện "${p.value}": dùng Cấp tỉnh, Cấp huyện, Cấp xã, Cấp bộ hoặc Cơ quan khác, cách nhau bởi dấu phẩy.`,
    'status.unknown': (p) => `Không hiểu tình trạng "${p.value}": dùng "Còn hiệu lực" hoặc "Bãi bỏ".`,
    'link.refused': (p) => `Đường dẫn không được nhận: ${LINK_PROBLEMS[p.problem]} Chỉ nhận địa chỉ web đầy đủ bắt đầu bằng https:// hoặc http://, ví dụ https://dichvucong.gov.vn/…`,
    'procedure.details-differ': (p) =>
      `Mã ${p.code} ghi cột ${p.column} khác nhau giữa các dòng: "${short(p.other)}" (${n(p.otherRows)} dòng, từ dòng này) và "${short(p.kept)}" (${n(p.keptRows)} dòng, từ dòng ${p.keptLine}). Giữ "${short(p.kept)}" cho cả thủ tục: ${p.tie ? 'số dòng bằng nhau nên giữ giá trị gặp trước' : 'giá trị có nhiều dòng nhất'}.`,
    'contact.header-missing': (p) =>
      `Không tìm thấy dòng tên cột của danh sách cơ quan trong ${p.searchRows} dòng đầu: cần cột "Tên cơ quan" và ít nhất một cột "Mã cơ quan", "Địa chỉ", "Điện thoại", "Email", "Giờ làm việc" hoặc "Website". Các cột tìm thấy ở dòng gần đủ nhất: ${p.found.length ? quoted(p.found) : '(không có)'}.`,
    'contact.name-missing': () => 'Thiếu tên cơ quan: ô này không được để trống.',
    'contact.phone-invalid': (p) => `Không đọc được số điện thoại "${short(p.value)}": ô phải bắt đầu bằng một số có 6–15 chữ số (ví dụ 0255 3822 123); số thứ hai ghi sau dấu phẩy hoặc chấm phẩy.`,
    'contact.email-invalid': (p) => `Địa chỉ thư điện tử "${short(p.value)}" không hợp lệ: ghi một địa chỉ dạng ten@quangngai.gov.vn, không có khoảng trắng.`,
    'contact.duplicate': (p) => `Cơ quan "${p.agency}" đã có ở dòng ${p.firstLine}: mỗi cơ quan chỉ được ghi một lần.`,
    'contact.unknown-agency': (p) =>
      `Danh mục chưa có cơ quan "${p.name}"${p.code ? ` (mã ${p.code})` : ''}: dòng này được bỏ qua, không tạo cơ quan mới. Kiểm tra tên hoặc mã cơ quan, hoặc nhập thủ tục của cơ quan trước.`,
    'contact.matched-by-code': (p) => `Tên "${p.name}" khác tên trong danh mục "${p.stored}"; đã ghép theo mã cơ quan.`,
    'header.missing': (p) => {
      const where = `Không tìm thấy dòng tên cột đủ các cột bắt buộc trong ${p.searchRows} dòng đầu. Thiếu cột bắt buộc ${quoted(p.columns)}. Các cột tìm thấy ở dòng gần đủ nhất: ${p.found.length ? quoted(p.found) : '(không có)'}.`;
      // The National Portal's export has every column but the level: say so, and what to add.
      return p.levelMissing
        ? `${where} Danh sách tải từ Cổng DVCQG không có cột mức độ: thêm một cột "Mức độ" trong Excel và ghi mức độ của từng thủ tục (1–4, "Toàn trình" hoặc "Một phần") rồi nhập lại.`
        : where;
    },
    'header.duplicate': (p) =>
      `Cột ${p.column} xuất hiện nhiều lần: ${p.headers.map((h) => `"${h.header}" (cột ${h.column})`).join(' và ')}. Hãy giữ một cột.`,
    'file.empty': () => 'Tệp rỗng: không có dòng tiêu đề.',
    'file.header-only': () => 'Tệp chỉ có dòng tiêu đề, không có thủ tục nào.',
    'file.no-valid-rows': () => 'Không có dòng hợp lệ nào để nhập.',
    'format.refused': (p) =>
      ({
        xls: `Tệp Excel 97–2003 (.xls): ${then}.`,
        xlsb: `Tệp Excel nhị phân (.xlsb): ${then}.`,
        ods: 'Tệp bảng tính OpenDocument (.ods): mở bằng LibreOffice Calc hoặc Excel và lưu lại dưới dạng .xlsx hoặc CSV UTF-8.',
        odt: `Tệp văn bản OpenDocument (.odt), không phải bảng tính: ${copyToExcel}.`,
        docx: `Tệp Word (.docx), không phải bảng tính: ${copyToExcel}.`,
        rtf: `Tệp văn bản RTF (Word), không phải bảng tính: ${copyToExcel}.`,
        pptx: `Tệp PowerPoint (.pptx), không phải bảng tính: ${copyToExcel}.`,
        pdf: 'Tệp PDF, không đọc được thành bảng: dùng tệp Excel (.xlsx) hoặc CSV mà văn bản được lập từ đó (hoặc tải danh sách dạng Excel từ Cổng DVCQG).',
        zip: 'Tệp nén (.zip): giải nén rồi nhập tệp .xlsx hoặc .csv ở bên trong.',
        image: 'Tệp hình ảnh (ảnh chụp hoặc ảnh quét), không đọc được thành bảng: cần tệp Excel (.xlsx) hoặc CSV của danh mục.',
        html: `Tệp trang web (HTML) dù có thể mang tên .xls: ${then}.`,
      })[p.format],
    'csv.unclosed-quote': () => 'Dòng này mở đầu một ô trong dấu ngoặc kép (") không được đóng đến hết tệp.',
    'csv.record-too-long': (p) => `Một dòng dài quá ${n(p.max)} ký tự.`,
    'csv.unreadable': (p) => `Không đọc được tệp CSV (${p.reason}).`,
    'xlsx.unreadable': (p) => `Không đọc được bảng tính .xlsx (${p.reason}): mở bằng Excel, lưu lại dưới dạng .xlsx rồi nhập lại.`,
    'xlsx.no-sheets': () => 'Bảng tính không có trang tính (sheet) nào.',
    'xlsx.no-such-sheet': (p) => `Bảng tính không có trang tính "${p.sheet}". Các trang tính: ${quoted(p.sheets) || '(không có)'}.`,
  },
  report: {
    line: (line, textLine) => (textLine !== undefined && textLine !== line ? `dòng ${line} (dòng ${textLine} của tệp văn bản)` : `dòng ${line}`),
    column: (column) => `cột "${column}"`,
    value: (value) => ` [giá trị: "${value}"]`,
    titleRows: (count) => `Bỏ qua ${count} dòng tiêu đề phía trên dòng tên cột`,
    multiAgencyRows: (count) => `${count} dòng ghi nhiều cơ quan thực hiện trong một ô: mỗi cơ quan được nhập thành một thủ tục riêng của cơ quan đó`,
    file: (name, bytes) => `Tệp: ${name} (${bytes} byte)`,
    effectiveDate: (date) => `ngày hiệu lực: ${date}`,
    workbook: (sheet, sheets) =>
      `Bảng tính Excel (.xlsx)${sheet !== null ? `, trang tính "${sheet}"${sheets.length > 1 ? ` (các trang tính: ${quoted(sheets)})` : ''}` : ''}`,
    csvFormat: (encoding, delimiter) => `Bảng mã: ${encoding}; phân cách: ${delimiter}`,
    encodings: {
      'utf-8': 'UTF-8',
      'utf-8-bom': 'UTF-8 (có BOM)',
      'utf-16le': 'UTF-16 LE (Excel Unicode text)',
      'utf-16be': 'UTF-16 BE',
      'windows-1258': 'Windows-1258 (bảng mã tiếng Việt của Windows)',
    },
    delimiters: { comma: 'dấu phẩy', semicolon: 'dấu chấm phẩy', tab: 'tab' },
    headerLine: (line) => `dòng tên cột: dòng ${line}`,
    mapped: (headers) => `Cột nhận diện: ${quoted(headers) || '(không có)'}`,
    ignored: (headers) => `Cột bỏ qua: ${quoted(headers)}`,
    imported: (id) => `ĐÃ NHẬP (lần nhập số ${id}).`,
    dryRun: 'CHẠY THỬ: chưa ghi gì vào cơ sở dữ liệu.',
    refused: 'TỪ CHỐI: không ghi gì vào cơ sở dữ liệu.',
    fileErrorLine: (line, message) => `Dòng ${line}: ${message}`,
    refusedCounts: (read, rejected) => `Đọc ${read} dòng, bị loại ${rejected}.`,
    counts: (c) =>
      `Đọc ${c.read} dòng: thêm mới ${c.inserted}, cập nhật ${c.updated}, không đổi ${c.unchanged}, bãi bỏ ${c.withdrawn}, bị loại ${c.rejected}.`,
    errors: (count, shown) => `${count} lỗi${shown !== null ? ` (${shown} lỗi đầu tiên)` : ''}:`,
    warnings: (count, shown) => `${count} cảnh báo${shown !== null ? ` (${shown} cảnh báo đầu tiên)` : ''}:`,
    duration: (seconds, rate) => `Thời gian: ${seconds.toLocaleString('vi-VN', { maximumFractionDigits: 1 })} giây${rate ? ` (${rate} dòng/giây)` : ''}.`,
    progressLine: (percent, rows, rate) => `đã đọc ${percent} tệp · ${rows} dòng · ${rate ? `${rate} dòng/giây` : 'đang đo tốc độ…'} · đang đọc…`,
    problemColumns: ['Dòng', 'Cột', 'Giá trị', 'Loại', 'Lỗi', 'Dòng của tệp văn bản'],
    error: 'Lỗi',
    warning: 'Cảnh báo',
    numberLocale: 'vi-VN',
  },
};
