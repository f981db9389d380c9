//! A small office's export, written as one-stop-shop systems write them: Vietnamese headers and
//! words, dates day first, `;` between fields, a byte-order mark. Every figure of its October 2026
//! report is counted by hand in the test that reads it.

use std::path::Path;

/// The units: a province, one department, two communes.
pub const UNITS: &str = "\
Mã đơn vị;Tên đơn vị;Cấp;Mã đơn vị cấp trên
T99;UBND tỉnh Thử Nghiệm;Tỉnh;
T99.01;Sở Nội vụ;Sở, ban, ngành;T99
T99.101;UBND xã An Bình;Xã, phường;T99
T99.102;UBND xã Hòa Lạc;Xã, phường;T99
";

/// Four procedures: two of the province, two of the communes; two bear fees.
pub const PROCEDURES: &str = "\
Mã TTHC;Tên thủ tục;Cấp thực hiện;Mức độ DVC;Có phí, lệ phí;Kết quả bản giấy;Thời hạn giải quyết;Đơn vị thời hạn;Lĩnh vực
1.000001;Cấp giấy phép A;Cấp tỉnh;Toàn trình;Có;Không;5;Ngày làm việc;Nội vụ
1.000002;Đăng ký B;Cấp tỉnh;Một phần;Không;Có;10;Ngày làm việc;Nội vụ
2.000001;Đăng ký khai sinh;Cấp xã;Toàn trình;Không;Không;3;Ngày làm việc;Hộ tịch
2.000002;Chứng thực bản sao;Cấp xã;Không;Có;Không;1;Ngày làm việc;Chứng thực
";

/// Twelve dossiers of October 2026 (one carried over from September): see the test for what
/// each one is.
pub const DOSSIERS: &str = "\
Mã hồ sơ;Mã đơn vị;Mã TTHC;Ngày tiếp nhận;Hạn xử lý;Ngày có kết quả;Ngày dừng xử lý;Hình thức nộp;Thanh toán trực tuyến;Có kết quả điện tử;Số hóa thành phần
HS01;T99.01;1.000001;01/10/2026 08:00;07/10/2026 17:00;05/10/2026 10:00;;Trực tuyến;1;Có;Có
HS02;T99.01;1.000002;02/10/2026 09:00;09/10/2026 17:00;09/10/2026 15:00;;Trực tiếp;0;Có;Không
HS03;T99.01;1.000001;05/10/2026 09:00;08/10/2026 17:00;12/10/2026 10:00;;Trực tiếp;0;Không;Không
HS04;T99.01;1.000002;25/09/2026 09:00;02/10/2026 17:00;01/10/2026 10:00;;Trực tiếp;0;Có;Có
HS05;T99.01;1.000001;20/10/2026 09:00;27/10/2026 17:00;;;Trực tiếp;0;Không;Không
HS06;T99.01;1.000002;28/10/2026 09:00;04/11/2026 17:00;;;Bưu chính công ích;0;Không;Không
HS07;T99.101;2.000001;01/10/2026 08:00;06/10/2026 17:00;02/10/2026 10:00;;Trực tuyến;0;Có;Có
HS08;T99.101;2.000001;06/10/2026 08:00;09/10/2026 17:00;;07/10/2026 10:00;Trực tiếp;0;Không;Không
HS09;T99.101;2.000001;12/10/2026 08:00;15/10/2026 17:00;15/10/2026 10:00;;Bưu chính công ích;0;Có;Không
HS10;T99.102;2.000002;13/10/2026 08:00;16/10/2026 17:00;20/10/2026 10:00;;Trực tiếp;0;Có;Có
HS11;T99.102;2.000002;14/10/2026 08:00;15/10/2026 17:00;15/10/2026 16:00;;Trực tiếp;1;Có;Có
HS12;T99.102;2.000001;13/10/2026 08:00;19/10/2026 17:00;14/10/2026 10:00;;Trực tuyến;0;Có;Có
";

/// Two petitions, dates day first: one answered within 15 working days and liked, one answered
/// late and disliked.
pub const PETITIONS: &str = "\
Mã PAKN;Mã đơn vị;Ngày tiếp nhận;Ngày bắt đầu xử lý;Ngày công khai;Số lượt hài lòng;Số lượt không hài lòng
PA01;T99.101;05/10/2026 08:00;05/10/2026 09:00;08/10/2026 10:00;2;0
PA02;T99.102;06/10/2026 08:00;06/10/2026 09:00;30/10/2026 10:00;0;1
";

/// Writes `text` as Excel's “CSV UTF-8” does: a byte-order mark first, CRLF line ends.
pub fn write_excel_csv(path: &Path, text: &str) {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
    std::fs::write(path, bytes).unwrap();
}

/// The office's export in `dir`.
pub fn write(dir: &Path) {
    write_excel_csv(&dir.join("don-vi.csv"), UNITS);
    write_excel_csv(&dir.join("thu-tuc.csv"), PROCEDURES);
    write_excel_csv(&dir.join("ho-so-thang-10.csv"), DOSSIERS);
    write_excel_csv(&dir.join("pakn.csv"), PETITIONS);
}
