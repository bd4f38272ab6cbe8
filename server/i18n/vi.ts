/** Every string a user reads, in Vietnamese (the default language). */
export const vi = {
  siteName: 'Danh mục dịch vụ công trực tuyến',
  province: 'Tỉnh Quảng Ngãi',
  skipLink: 'Bỏ qua, đến nội dung chính',
  languageSwitch: 'English',
  languageSwitchLang: 'en',
  sampleNotice:
    'Dữ liệu mẫu: mã và tên thủ tục lấy từ Cổng Dịch vụ công Quốc gia; cơ quan, lĩnh vực, cấp và mức độ chỉ mang tính minh hoạ.',
  footer: 'Mức độ theo Nghị định 43/2011/NĐ-CP; toàn trình / một phần theo Nghị định 42/2022/NĐ-CP.',
  home: {
    title: 'Tổng quan',
    lead: 'Các thủ tục hành chính tỉnh cung cấp, mức độ dịch vụ công trực tuyến và việc tích hợp trên Cổng Dịch vụ công Quốc gia.',
    figuresCaption: 'Số liệu chung (thủ tục còn hiệu lực)',
    procedures: 'Thủ tục hành chính',
    offerings: 'Lượt cung cấp (thủ tục × cơ quan)',
    agencies: 'Cơ quan thực hiện',
    level4: 'Mức độ 4 (toàn trình)',
    level3Plus: 'Mức độ 3 trở lên',
    portal: 'Tích hợp Cổng DVCQG',
    byLevelCaption: 'Lượt cung cấp theo mức độ',
    level: 'Mức độ',
    decree42: 'Theo Nghị định 42/2022',
    count: 'Số lượng',
    share: 'Tỷ lệ',
    total: 'Tổng',
    lastImport: 'Cập nhật lần cuối',
    lastImportText: 'ngày %date%, tệp %file%',
    empty: 'Chưa có dữ liệu. Nhập danh mục bằng lệnh: npm run import -- <tệp.csv>',
    withdrawn: 'Đã bãi bỏ (không tính)',
  },
  levels: {
    1: 'Mức độ 1',
    2: 'Mức độ 2',
    3: 'Mức độ 3',
    4: 'Mức độ 4',
  } as Record<number, string>,
  decree42: {
    full: 'Toàn trình',
    partial: 'Một phần',
    none: 'Chưa trực tuyến',
  },
  errors: {
    title: 'Có lỗi xảy ra',
    notFoundTitle: 'Không tìm thấy trang',
    notFound: 'Trang bạn tìm không tồn tại hoặc đã được chuyển.',
    serverError: 'Hệ thống gặp sự cố. Vui lòng thử lại sau.',
    backHome: 'Về trang chủ',
  },
};

export type Messages = typeof vi;
