//! The command line: every command, option and help text, in Vietnamese (flags in English).

use std::path::PathBuf;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

/// The help page's layout, its headings in Vietnamese.
const HELP: &str = "\
{before-help}{about-with-newline}
Cách dùng: {usage}

{all-args}{after-help}";

/// chiso766 — chấm Bộ chỉ số phục vụ người dân, doanh nghiệp (QĐ 766/QĐ-TTg) đúng như Cổng
/// DVCQG, lập báo cáo tháng về tiếp nhận, giải quyết TTHC và chỉ ra cần khắc phục gì, bao nhiêu.
#[derive(Debug, Parser)]
#[command(
    name = "chiso766",
    version,
    term_width = 100,
    help_template = HELP,
    override_usage = "chiso766 [--profile TỆP] LỆNH [TÙY CHỌN]",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    subcommand_help_heading = "Lệnh",
    next_help_heading = "Tùy chọn chung",
    after_help = "\
Thường dùng mỗi tháng, trong thư mục chứa tệp xuất của hệ thống một cửa:
  chiso766 init                    lập tệp cấu hình chiso766.toml từ tiêu đề các tệp
  chiso766 check                   kiểm tra mọi tệp, liệt kê mọi lỗi
  chiso766 template --period 2026-10   lập tệp mẫu số liệu bổ sung để điền trong Excel
  chiso766 report --period 2026-10     lập báo cáo tháng

Mã thoát: 0 xong; 1 so sánh với Cổng thấy khác biệt; 2 dữ liệu vào hoặc lệnh sai.
Xem hướng dẫn từng lệnh: chiso766 LỆNH --help"
)]
pub struct Cli {
    /// Tệp cấu hình của đơn vị (mặc định: chiso766.toml trong thư mục hiện tại, nếu có).
    #[arg(long, global = true, value_name = "TỆP")]
    pub profile: Option<PathBuf>,

    /// In trợ giúp.
    #[arg(short = 'h', long, action = clap::ArgAction::Help, global = true)]
    help: Option<bool>,

    /// In phiên bản.
    #[arg(short = 'V', long, action = clap::ArgAction::Version)]
    version: Option<bool>,

    /// Lệnh cần chạy.
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// The command line read, every command's help laid out as the program's (its template, its
    /// options under a Vietnamese heading).
    pub fn read() -> Result<Cli, clap::Error> {
        let command = Cli::command().mut_subcommands(|command| {
            command
                .help_template(HELP)
                .mut_args(|arg| match arg.get_help_heading() {
                    Some(_) => arg,
                    None => arg.help_heading("Tùy chọn"),
                })
        });
        Cli::from_arg_matches(&command.try_get_matches()?)
    }
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Chấm điểm, xếp hạng từ tệp số liệu (JSON hoặc CSV).
    #[command(
        override_usage = "chiso766 score TỆP [--unit MÃ] [--json] [--lenient] [--methodology TÊN|TỆP]"
    )]
    Score(ScoreArgs),
    /// Đếm số liệu các tiêu chí từ dữ liệu hồ sơ, cho một hay nhiều kỳ.
    #[command(override_usage = "chiso766 count --period KỲ [--period KỲ…] [--out TỆP] [TÙY CHỌN]")]
    Count(CountArgs),
    /// Lập báo cáo tháng về tiếp nhận, giải quyết TTHC, kèm kết quả Bộ chỉ số khi có đủ số liệu.
    #[command(
        override_usage = "chiso766 report --period KỲ [--format ĐỊNH DẠNG…] [--out TỆP|THƯ MỤC] [TÙY CHỌN]"
    )]
    Report(ReportArgs),
    /// Cần khắc phục gì, bao nhiêu: điểm bị mất, thay đổi ít nhất để đạt mục tiêu, vượt đơn vị khác.
    #[command(
        override_usage = "chiso766 plan [TỆP | --portal THƯ MỤC --set BỘ | --period KỲ] --unit MÃ [TÙY CHỌN]"
    )]
    Plan(PlanArgs),
    /// So sánh điểm tính lại với điểm Cổng DVCQG đã công bố (mã thoát 1 nếu có khác biệt).
    #[command(
        override_usage = "chiso766 compare THƯ MỤC --set BỘ [--period KỲ] [--partial] [--json]"
    )]
    Compare(CompareArgs),
    /// Giải thích một hồ sơ: tình trạng và phần của nó trong từng tiêu chí.
    #[command(override_usage = "chiso766 explain MÃ_HỒ_SƠ [--period KỲ…] [--json] [TÙY CHỌN]")]
    Explain(ExplainArgs),
    /// Lập tệp mẫu các số liệu không lấy được từ hồ sơ (công khai, đồng bộ…) để điền trong Excel.
    #[command(override_usage = "chiso766 template --period KỲ [--out TỆP] [--force] [TÙY CHỌN]")]
    Template(TemplateArgs),
    /// Kiểm tra mọi tệp của cấu hình, liệt kê mọi lỗi (tệp, dòng, cột, cách sửa) mà không tính điểm.
    #[command(override_usage = "chiso766 check [--show SỐ] [TÙY CHỌN]")]
    Check(CheckArgs),
    /// Lập tệp cấu hình chiso766.toml từ tiêu đề các tệp trong một thư mục.
    #[command(override_usage = "chiso766 init [THƯ MỤC] [--force]")]
    Init(InitArgs),
}

/// The record files, one by one; each given file replaces the profile's.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Tệp dữ liệu (thay cho tệp trong cấu hình)")]
pub struct Files {
    /// Danh mục thủ tục hành chính (procedures.csv).
    #[arg(long, value_name = "TỆP")]
    pub procedures: Option<PathBuf>,
    /// Hồ sơ (dossiers.csv); có thể ghi nhiều lần.
    #[arg(long, value_name = "TỆP")]
    pub dossiers: Vec<PathBuf>,
    /// Phản ánh, kiến nghị (petitions.csv); có thể ghi nhiều lần.
    #[arg(long, value_name = "TỆP")]
    pub petitions: Vec<PathBuf>,
    /// Danh sách đơn vị (units.csv).
    #[arg(long, value_name = "TỆP")]
    pub units: Option<PathBuf>,
    /// Ngày nghỉ, ngày làm bù của tỉnh (holidays.csv).
    #[arg(long, value_name = "TỆP")]
    pub holidays: Option<PathBuf>,
    /// Số liệu không lấy được từ hồ sơ (JSON, hoặc CSV do lệnh template lập); có thể ghi nhiều lần.
    #[arg(long, value_name = "TỆP")]
    pub counts: Vec<PathBuf>,
    /// Mã đơn vị của báo cáo (tỉnh), thay cho province trong cấu hình.
    #[arg(long, value_name = "MÃ")]
    pub province: Option<String>,
}

/// How files are read; each given option replaces the profile's.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Cách đọc tệp")]
pub struct Reading {
    /// Đọc ngày viết kiểu ngày/tháng/năm (05/10/2026 là ngày 5 tháng 10).
    #[arg(long)]
    pub day_first: bool,
    /// Vẫn tính hồ sơ có các thời điểm mâu thuẫn (hạn trước ngày nhận…), ghi cảnh báo.
    #[arg(long)]
    pub lenient_timelines: bool,
    /// Độ dài tối đa một dòng, tính bằng byte (mặc định 1 MiB).
    #[arg(long, value_name = "SỐ")]
    pub max_line_bytes: Option<usize>,
}

/// The counting policies of local systems (SPEC §4); the portal's are the default.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Quy tắc đếm (mặc định như Cổng DVCQG)")]
pub struct Policies {
    /// So với hạn theo ngày (date, mặc định) hay theo đúng thời điểm (instant).
    #[arg(long, value_enum, value_name = "CÁCH", hide_possible_values = true)]
    pub deadline: Option<DeadlineArg>,
    /// Hồ sơ không có hạn: theo thời hạn luật định (statutory), coi là đúng hạn (on-time), hay
    /// quá hạn (overdue).
    #[arg(long, value_enum, value_name = "CÁCH", hide_possible_values = true)]
    pub no_due_date: Option<NoDueDateArg>,
    /// Hồ sơ dừng, từ chối, rút được tính là đúng hạn.
    #[arg(long)]
    pub stopped_on_time: bool,
    /// Hồ sơ thiếu tên cán bộ xử lý bị tính là quá hạn.
    #[arg(long)]
    pub missing_officer_overdue: bool,
    /// Hồ sơ hẹn trả dài hơn thời hạn của thủ tục bị tính là quá hạn.
    #[arg(long)]
    pub long_appointment_overdue: bool,
    /// Thời điểm đánh giá hồ sơ chưa xong (mặc định: cuối kỳ, hoặc hiện tại nếu kỳ chưa hết).
    #[arg(long, value_name = "THỜI ĐIỂM")]
    pub as_of: Option<String>,
}

/// `--deadline`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DeadlineArg {
    /// Theo ngày.
    Date,
    /// Theo thời điểm.
    Instant,
}

/// `--no-due-date`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NoDueDateArg {
    /// Theo thời hạn luật định của thủ tục.
    Statutory,
    /// Coi là đúng hạn.
    OnTime,
    /// Coi là quá hạn.
    Overdue,
}

/// `chiso766 score`.
#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Tệp số liệu (.json hoặc .csv).
    #[arg(value_name = "TỆP")]
    pub file: PathBuf,
    /// Chỉ in bảng điểm của một đơn vị.
    #[arg(long, value_name = "MÃ")]
    pub unit: Option<String>,
    /// In kết quả dạng JSON.
    #[arg(long)]
    pub json: bool,
    /// Tử số lớn hơn mẫu số được tính là 100% (ghi lưu ý) thay vì báo lỗi.
    #[arg(long)]
    pub lenient: bool,
    /// Phương pháp tính: tên có sẵn (dvcqg-2026) hoặc tệp JSON.
    #[arg(long, value_name = "TÊN|TỆP")]
    pub methodology: Option<String>,
}

/// What a command that counts records reads them with: the methodology, the files one by one,
/// how to read them, the counting policies.
#[derive(Debug, Args)]
pub struct CountingArgs {
    /// Phương pháp tính: tên có sẵn (dvcqg-2026) hoặc tệp JSON.
    #[arg(long, value_name = "TÊN|TỆP")]
    pub methodology: Option<String>,
    #[command(flatten)]
    pub files: Files,
    #[command(flatten)]
    pub reading: Reading,
    #[command(flatten)]
    pub policies: Policies,
}

/// `chiso766 count`.
#[derive(Debug, Args)]
pub struct CountArgs {
    /// Kỳ cần đếm: 2026, 2026-Q3, 2026-09, 2026-08-21..2026-09-20 hoặc "tháng 9/2026"; có thể
    /// ghi nhiều lần.
    #[arg(long, value_name = "KỲ", required = true)]
    pub period: Vec<String>,
    /// Ghi số liệu vào tệp .json hoặc .csv (nhiều kỳ: tên tệp thêm kỳ); mặc định in JSON.
    #[arg(long, value_name = "TỆP")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub counting: CountingArgs,
}

/// The report's formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
pub enum Format {
    /// Văn bản thuần.
    Text,
    /// Markdown.
    Md,
    /// Trang HTML có biểu đồ (in ra A4).
    Html,
    /// CSV cho Excel (phụ lục).
    Csv,
    /// JSON.
    Json,
    /// Sổ tính Excel.
    Xlsx,
    /// Văn bản Word theo thể thức Nghị định 30/2020/NĐ-CP, để sửa và ký.
    Docx,
}

/// `chiso766 report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Kỳ báo cáo: 2026-10, 2026-Q3, 2026, 2026-09-21..2026-10-20, hoặc như văn bản viết:
    /// "tháng 10/2026", "quý III/2026".
    #[arg(long, value_name = "KỲ")]
    pub period: String,
    /// Kỳ so sánh (mặc định: kỳ liền trước cùng độ dài).
    #[arg(long, value_name = "KỲ")]
    pub previous: Option<String>,
    /// Không so sánh với kỳ trước (khi dữ liệu không có đủ hồ sơ của kỳ trước).
    #[arg(long, conflicts_with = "previous")]
    pub no_previous: bool,
    /// Định dạng: docx (văn bản Word để sửa và ký), html (in ra PDF), xlsx (sổ tính Excel), text,
    /// md, csv (phụ lục cho Excel), json; có thể ghi nhiều lần (mặc định: formats trong cấu hình,
    /// hoặc text)
    #[arg(
        long,
        value_enum,
        value_name = "ĐỊNH DẠNG",
        hide_possible_values = true
    )]
    pub format: Vec<Format>,
    /// Tệp kết quả (một định dạng) hoặc thư mục (nhiều định dạng); mặc định: out trong cấu hình
    /// (một định dạng xem trên màn hình, text, md hay json, thì in ra màn hình).
    #[arg(long, value_name = "TỆP|THƯ MỤC")]
    pub out: Option<PathBuf>,
    /// Cách tính tỷ lệ đúng hạn: settled_in_time (mặc định), due_in_period hoặc late_share.
    #[arg(long, value_name = "CÁCH")]
    pub on_time: Option<String>,
    /// Ngưỡng "ít hồ sơ": đơn vị tiếp nhận dưới số này được nêu tên (mặc định 50).
    #[arg(long, value_name = "SỐ")]
    pub min_volume: Option<u64>,
    /// Số kỳ của biểu đồ xu hướng, kể cả kỳ báo cáo (1 đến 12, mặc định 6).
    #[arg(long, value_name = "SỐ", value_parser = clap::value_parser!(u8).range(1..=12))]
    pub trend: Option<u8>,
    #[command(flatten)]
    pub counting: CountingArgs,
}

/// `chiso766 plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Tệp số liệu (.json hoặc .csv); không ghi thì dùng --portal, hoặc dữ liệu hồ sơ của cấu hình
    /// với --period.
    #[arg(value_name = "TỆP")]
    pub file: Option<PathBuf>,
    /// Mã đơn vị cần lập kế hoạch.
    #[arg(long, value_name = "MÃ")]
    pub unit: String,
    /// Mục tiêu: tiêu chí, nhóm hoặc total = số điểm (ví dụ total=72, TDGQ=19,
    /// DOSSIER_ON_TIME=19,5); có thể ghi nhiều lần.
    #[arg(long, value_name = "MÃ=ĐIỂM")]
    pub target: Vec<String>,
    /// Thay đổi ít nhất để xếp trên đơn vị này (cùng nhóm xếp hạng).
    #[arg(long, value_name = "MÃ", conflicts_with = "rank")]
    pub overtake: Option<String>,
    /// Thay đổi ít nhất để đạt thứ hạng này.
    #[arg(long, value_name = "HẠNG")]
    pub rank: Option<u32>,
    /// Kịch bản giả định (JSON): tính lại mọi đơn vị.
    #[arg(long, value_name = "TỆP")]
    pub scenario: Option<PathBuf>,
    /// Thứ hạng của đơn vị theo các biến thể phương pháp tính.
    #[arg(long)]
    pub sensitivity: bool,
    /// In kết quả dạng JSON.
    #[arg(long)]
    pub json: bool,
    /// Thư mục phản hồi của Cổng DVCQG (thay cho tệp số liệu).
    #[arg(
        long,
        value_name = "THƯ MỤC",
        requires = "set",
        conflicts_with = "file"
    )]
    pub portal: Option<PathBuf>,
    /// Bộ phản hồi của Cổng: month-all, quarter-all, year-all…
    #[arg(long, value_name = "BỘ")]
    pub set: Option<String>,
    /// Bộ phản hồi Cổng thiếu một số phản hồi: chỉ đọc các phản hồi đang có.
    #[arg(long, requires = "portal")]
    pub partial: bool,
    /// Kỳ: của bộ phản hồi Cổng (khi tệp manifest không ghi), hoặc kỳ đếm từ dữ liệu hồ sơ.
    #[arg(long, value_name = "KỲ")]
    pub period: Option<String>,
    #[command(flatten)]
    pub counting: CountingArgs,
}

/// `chiso766 compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Thư mục phản hồi của Cổng DVCQG (transparency/, dvc-progress-tree/…).
    #[arg(value_name = "THƯ MỤC")]
    pub dir: PathBuf,
    /// Bộ phản hồi: month-all, quarter-all, year-all, month-formality…
    #[arg(long, value_name = "BỘ")]
    pub set: String,
    /// Kỳ của bộ phản hồi, khi tệp manifest không ghi (phải khớp nếu có).
    #[arg(long, value_name = "KỲ")]
    pub period: Option<String>,
    /// Bộ phản hồi thiếu một số phản hồi: chỉ so sánh các phản hồi đang có.
    #[arg(long)]
    pub partial: bool,
    /// In kết quả dạng JSON.
    #[arg(long)]
    pub json: bool,
}

/// `chiso766 explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Mã hồ sơ.
    #[arg(value_name = "MÃ HỒ SƠ")]
    pub dossier: String,
    /// Kỳ xét; có thể ghi nhiều lần (mặc định: tháng và năm hồ sơ được tiếp nhận).
    #[arg(long, value_name = "KỲ")]
    pub period: Vec<String>,
    /// In kết quả dạng JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub files: Files,
    #[command(flatten)]
    pub reading: Reading,
    #[command(flatten)]
    pub policies: Policies,
}

/// `chiso766 template`.
#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// Kỳ của số liệu: 2026-10, 2026-Q3, 2026…
    #[arg(long, value_name = "KỲ")]
    pub period: String,
    /// Tệp mẫu cần ghi (mặc định: so-lieu-bo-sung-KỲ.csv trong thư mục của cấu hình).
    #[arg(long, value_name = "TỆP")]
    pub out: Option<PathBuf>,
    /// Ghi đè tệp đã có.
    #[arg(long)]
    pub force: bool,
    /// Phương pháp tính: tên có sẵn (dvcqg-2026) hoặc tệp JSON.
    #[arg(long, value_name = "TÊN|TỆP")]
    pub methodology: Option<String>,
    #[command(flatten)]
    pub files: Files,
    #[command(flatten)]
    pub reading: Reading,
}

/// `chiso766 check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Số lỗi in ra cho mỗi loại lỗi của mỗi cột (mặc định 5; các lỗi còn lại được đếm).
    #[arg(long, value_name = "SỐ", default_value_t = 5)]
    pub show: usize,
    #[command(flatten)]
    pub files: Files,
    #[command(flatten)]
    pub reading: Reading,
}

/// `chiso766 init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Thư mục chứa các tệp xuất (mặc định: thư mục hiện tại).
    #[arg(value_name = "THƯ MỤC")]
    pub folder: Option<PathBuf>,
    /// Ghi đè chiso766.toml đã có.
    #[arg(long)]
    pub force: bool,
}

/// What a command that reads records was given besides the profile.
pub struct Given<'a> {
    /// The files given one by one.
    pub files: &'a Files,
    /// How to read them.
    pub reading: &'a Reading,
    /// The counting policies, for the commands that count.
    pub policies: Option<&'a Policies>,
    /// The methodology, for the commands that score.
    pub methodology: Option<&'a str>,
}

impl<'a> Given<'a> {
    fn new(files: &'a Files, reading: &'a Reading) -> Given<'a> {
        Given {
            files,
            reading,
            policies: None,
            methodology: None,
        }
    }

    fn counting(self, policies: &'a Policies, methodology: Option<&'a str>) -> Given<'a> {
        Given {
            policies: Some(policies),
            methodology,
            ..self
        }
    }
}

impl CountingArgs {
    /// The files and options given.
    pub fn given(&self) -> Given<'_> {
        Given::new(&self.files, &self.reading).counting(&self.policies, self.methodology.as_deref())
    }
}

impl ExplainArgs {
    /// The files and options given.
    pub fn given(&self) -> Given<'_> {
        Given::new(&self.files, &self.reading).counting(&self.policies, None)
    }
}

impl TemplateArgs {
    /// The files and options given.
    pub fn given(&self) -> Given<'_> {
        Given {
            methodology: self.methodology.as_deref(),
            ..Given::new(&self.files, &self.reading)
        }
    }
}

impl CheckArgs {
    /// The files and options given.
    pub fn given(&self) -> Given<'_> {
        Given::new(&self.files, &self.reading)
    }
}
