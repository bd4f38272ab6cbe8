/**
 * The words of the quarterly report's Word document that the web page does not already have (those come from
 * server/i18n). Vietnamese only: an administrative document is written in Vietnamese (Nghị định 30/2020/NĐ-CP),
 * whatever language the page is read in.
 */
export const DOC = {
  nation: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  motto: 'Độc lập - Tự do - Hạnh phúc',
  number: 'Số:          /%symbol%',
  placeDate: 'Quảng Ngãi, ngày      tháng      năm 20…',
  kind: 'BÁO CÁO',
  title: 'Kết quả cung cấp dịch vụ công trực tuyến %quarter%',
  to: 'Kính gửi: %to%.',
  issuerMissing: 'TÊN CƠ QUAN BAN HÀNH',
  issuerFallback: 'cơ quan',
  intro: 'Thực hiện chế độ báo cáo định kỳ hằng quý về cung cấp dịch vụ công trực tuyến, %issuer% báo cáo kết quả %quarter% như sau:',
  s1: 'I. KẾT QUẢ THỰC HIỆN SO VỚI CHỈ TIÊU',
  summary:
    'Tính đến ngày %date%, toàn tỉnh có %total% thủ tục hành chính còn hiệu lực; trong đó %level4% thủ tục cung cấp dịch vụ công trực tuyến mức độ 4 (toàn trình), %level3Plus% thủ tục từ mức độ 3 trở lên, %portal% thủ tục đã tích hợp trên Cổng Dịch vụ công Quốc gia.',
  noStart: 'Chưa có số liệu',
  newInQuarter: 'Mới trong quý',
  needed: 'Cần thêm %n% thủ tục mức độ 4',
  s2: 'II. NHIỆM VỤ ĐÃ TRIỂN KHAI',
  changes:
    'Trong quý, theo danh mục thủ tục hành chính: %reached% thủ tục được nâng lên mức độ 4; %integrated% thủ tục mới tích hợp trên Cổng Dịch vụ công Quốc gia; %withdrawn% thủ tục bãi bỏ.',
  listsAttached: 'Danh sách chi tiết các thủ tục thay đổi trong quý có trong tệp Excel kèm theo báo cáo.',
  writeTasks: 'Phần đơn vị viết: các nhiệm vụ, giải pháp đã triển khai trong quý (chỉ đạo, rà soát, tái cấu trúc quy trình, tuyên truyền, hỗ trợ người dân).',
  s3: 'III. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN',
  writeShortcomings: 'Phần đơn vị viết: tồn tại, hạn chế khác và nguyên nhân (khách quan, chủ quan).',
  s4: 'IV. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ TỚI',
  directionNeeded: 'Để toàn tỉnh đạt chỉ tiêu %pct%, cần nâng thêm ít nhất %n% thủ tục lên mức độ 4 (toàn trình).',
  writeDirections: 'Phần đơn vị viết: nhiệm vụ, giải pháp trọng tâm trong quý tới.',
  s5: 'V. ĐỀ XUẤT, KIẾN NGHỊ',
  writeProposals: 'Phần đơn vị viết: đề xuất, kiến nghị với cơ quan cấp trên (nếu có).',
  closing: 'Trên đây là báo cáo kết quả cung cấp dịch vụ công trực tuyến %quarter% của %issuer%./.',
  recipients: 'Nơi nhận:',
  recipientAbove: '- Như trên;',
  recipientArchive: '- Lưu: VT.',
  signerMissing: 'CHỨC VỤ NGƯỜI KÝ',
  signHint: '(Ký, ghi rõ họ tên và đóng dấu)',
  signerName: 'Họ và tên',
  method: 'Nguồn số liệu: danh mục thủ tục hành chính của tỉnh.',
} as const;
