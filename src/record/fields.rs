//! The fields of each kind of record file (SPEC §7), and a file's layout: where each field's
//! column is, what the office calls it, and the office's words for its values (SPEC §10).

use std::borrow::Cow;

use crate::error::Problem;
use crate::input::{fold, FileWords, ReadOptions, Word};

/// The fields (CSV columns, JSON keys) the readers know, resolved to column positions once per
/// file so that reading a row does no lookup by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Source,
    Kind,
    Date,
    MaxTimeUnit,
    OnlineLevel,
    PaidOnline,
    Channel,
    Code,
    ComponentFiles,
    Disliked,
    Dislikes,
    DossierId,
    DueAt,
    EReceipt,
    FeeBearing,
    FeeNonzero,
    Domain,
    FinishedAt,
    ForCitizens,
    FromPersonalStorage,
    FullOnlineEligible,
    HandlingStartedAt,
    HasPetition,
    Level,
    Likes,
    MaxTime,
    Name,
    Officer,
    PaperResultRequired,
    Parent,
    PetitionId,
    ProcedureCode,
    PublishedAt,
    ReceivedAt,
    RefusedAt,
    Repeated,
    ResultFile,
    ReturnedAt,
    ReusedData,
    StoppedAt,
    SubmittedAt,
    SupplementCompletedAt,
    SupplementCount,
    SupplementRequestedAt,
    TransferredAt,
    UnitCode,
    ValidFrom,
    ValidTo,
    Vneid,
}

impl Field {
    pub(crate) const ALL: [Field; 49] = [
        Field::Source,
        Field::Kind,
        Field::Date,
        Field::MaxTimeUnit,
        Field::OnlineLevel,
        Field::PaidOnline,
        Field::Channel,
        Field::Code,
        Field::ComponentFiles,
        Field::Disliked,
        Field::Dislikes,
        Field::DossierId,
        Field::DueAt,
        Field::EReceipt,
        Field::FeeBearing,
        Field::FeeNonzero,
        Field::Domain,
        Field::FinishedAt,
        Field::ForCitizens,
        Field::FromPersonalStorage,
        Field::FullOnlineEligible,
        Field::HandlingStartedAt,
        Field::HasPetition,
        Field::Level,
        Field::Likes,
        Field::MaxTime,
        Field::Name,
        Field::Officer,
        Field::PaperResultRequired,
        Field::Parent,
        Field::PetitionId,
        Field::ProcedureCode,
        Field::PublishedAt,
        Field::ReceivedAt,
        Field::RefusedAt,
        Field::Repeated,
        Field::ResultFile,
        Field::ReturnedAt,
        Field::ReusedData,
        Field::StoppedAt,
        Field::SubmittedAt,
        Field::SupplementCompletedAt,
        Field::SupplementCount,
        Field::SupplementRequestedAt,
        Field::TransferredAt,
        Field::UnitCode,
        Field::ValidFrom,
        Field::ValidTo,
        Field::Vneid,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Field::Source => "source",
            Field::Kind => "kind",
            Field::Date => "date",
            Field::MaxTimeUnit => "max_time_unit",
            Field::OnlineLevel => "online_level",
            Field::PaidOnline => "paid_online",
            Field::Channel => "channel",
            Field::Code => "code",
            Field::ComponentFiles => "component_files",
            Field::Disliked => "disliked",
            Field::Dislikes => "dislikes",
            Field::DossierId => "dossier_id",
            Field::DueAt => "due_at",
            Field::EReceipt => "e_receipt",
            Field::FeeBearing => "fee_bearing",
            Field::FeeNonzero => "fee_nonzero",
            Field::Domain => "field",
            Field::FinishedAt => "finished_at",
            Field::ForCitizens => "for_citizens",
            Field::FromPersonalStorage => "from_personal_storage",
            Field::FullOnlineEligible => "full_online_eligible",
            Field::HandlingStartedAt => "handling_started_at",
            Field::HasPetition => "has_petition",
            Field::Level => "level",
            Field::Likes => "likes",
            Field::MaxTime => "max_time",
            Field::Name => "name",
            Field::Officer => "officer",
            Field::PaperResultRequired => "paper_result_required",
            Field::Parent => "parent",
            Field::PetitionId => "petition_id",
            Field::ProcedureCode => "procedure_code",
            Field::PublishedAt => "published_at",
            Field::ReceivedAt => "received_at",
            Field::RefusedAt => "refused_at",
            Field::Repeated => "repeated",
            Field::ResultFile => "result_file",
            Field::ReturnedAt => "returned_at",
            Field::ReusedData => "reused_data",
            Field::StoppedAt => "stopped_at",
            Field::SubmittedAt => "submitted_at",
            Field::SupplementCompletedAt => "supplement_completed_at",
            Field::SupplementCount => "supplement_count",
            Field::SupplementRequestedAt => "supplement_requested_at",
            Field::TransferredAt => "transferred_at",
            Field::UnitCode => "unit_code",
            Field::ValidFrom => "valid_from",
            Field::ValidTo => "valid_to",
            Field::Vneid => "vneid",
        }
    }
}

/// The kinds of record file (SPEC §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RecordKind {
    /// The procedure catalogue (`procedures.csv`).
    Procedures,
    /// Dossiers (`dossiers.csv`).
    Dossiers,
    /// Petitions (`petitions.csv`).
    Petitions,
    /// Units (`units.csv`).
    Units,
    /// Days off and make-up working days (`holidays.csv`).
    Holidays,
}

const PROCEDURE_FIELDS: [Field; 11] = [
    Field::ProcedureCode,
    Field::Level,
    Field::Name,
    Field::OnlineLevel,
    Field::FullOnlineEligible,
    Field::PaperResultRequired,
    Field::FeeBearing,
    Field::ForCitizens,
    Field::MaxTime,
    Field::MaxTimeUnit,
    Field::Domain,
];

const DOSSIER_FIELDS: [Field; 24] = [
    Field::DossierId,
    Field::UnitCode,
    Field::ProcedureCode,
    Field::SubmittedAt,
    Field::ReceivedAt,
    Field::DueAt,
    Field::FinishedAt,
    Field::ReturnedAt,
    Field::StoppedAt,
    Field::SupplementCount,
    Field::SupplementRequestedAt,
    Field::SupplementCompletedAt,
    Field::Channel,
    Field::PaidOnline,
    Field::FeeNonzero,
    Field::ResultFile,
    Field::ComponentFiles,
    Field::ReusedData,
    Field::FromPersonalStorage,
    Field::Vneid,
    Field::Disliked,
    Field::HasPetition,
    Field::Officer,
    Field::EReceipt,
];

const PETITION_FIELDS: [Field; 11] = [
    Field::PetitionId,
    Field::UnitCode,
    Field::ReceivedAt,
    Field::TransferredAt,
    Field::RefusedAt,
    Field::SupplementRequestedAt,
    Field::HandlingStartedAt,
    Field::PublishedAt,
    Field::Likes,
    Field::Dislikes,
    Field::Repeated,
];

const UNIT_FIELDS: [Field; 6] = [
    Field::Code,
    Field::Level,
    Field::Name,
    Field::Parent,
    Field::ValidFrom,
    Field::ValidTo,
];

const HOLIDAY_FIELDS: [Field; 4] = [Field::Date, Field::Kind, Field::Name, Field::Source];

/// The values a boolean field takes.
pub(crate) const FLAGS: [&str; 4] = ["0", "1", "true", "false"];

impl RecordKind {
    /// Every kind, in the order a count reads them.
    pub const ALL: [RecordKind; 5] = [
        RecordKind::Procedures,
        RecordKind::Units,
        RecordKind::Holidays,
        RecordKind::Dossiers,
        RecordKind::Petitions,
    ];

    /// The kind's name, as files and an office's profile name it: `procedures`, `dossiers`,
    /// `petitions`, `units`, `holidays`.
    pub fn name(self) -> &'static str {
        match self {
            RecordKind::Procedures => "procedures",
            RecordKind::Dossiers => "dossiers",
            RecordKind::Petitions => "petitions",
            RecordKind::Units => "units",
            RecordKind::Holidays => "holidays",
        }
    }

    /// The kind named `name`.
    pub fn from_name(name: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Its fields, the required ones first.
    pub(crate) fn field_list(self) -> &'static [Field] {
        match self {
            RecordKind::Procedures => &PROCEDURE_FIELDS,
            RecordKind::Dossiers => &DOSSIER_FIELDS,
            RecordKind::Petitions => &PETITION_FIELDS,
            RecordKind::Units => &UNIT_FIELDS,
            RecordKind::Holidays => &HOLIDAY_FIELDS,
        }
    }

    /// How many of its first fields are required.
    fn required_count(self) -> usize {
        match self {
            RecordKind::Dossiers | RecordKind::Petitions => 3,
            RecordKind::Procedures | RecordKind::Units | RecordKind::Holidays => 2,
        }
    }

    /// The fields a file of this kind must have.
    pub(crate) fn required_fields(self) -> &'static [Field] {
        let fields = self.field_list();
        fields.get(..self.required_count()).unwrap_or(fields)
    }

    /// The names of the fields a file of this kind may have (SPEC §7), the required ones first.
    pub fn fields(self) -> impl Iterator<Item = &'static str> {
        self.field_list().iter().map(|f| f.name())
    }

    /// The names of the fields a file of this kind must have.
    pub fn required(self) -> impl Iterator<Item = &'static str> {
        self.required_fields().iter().map(|f| f.name())
    }

    /// The fields a file of this kind may lack but the counts rest on, each with the field read
    /// in its place: a dossier's reception (else its submission), its due date (else the
    /// procedure's time) and the end of its processing (else the hand-over of its result, SPEC
    /// §8); and the fields whose absence counts every dossier as without them (in person, no
    /// electronic result or components, not paid online: SPEC §4), which zeroes figures an office
    /// would otherwise take for its own. A file without one of their columns is read with a
    /// warning.
    pub(crate) fn rested_on(self) -> &'static [(Field, Option<Field>)] {
        match self {
            RecordKind::Dossiers => &[
                (Field::ReceivedAt, Some(Field::SubmittedAt)),
                (Field::DueAt, None),
                (Field::FinishedAt, Some(Field::ReturnedAt)),
                (Field::Channel, None),
                (Field::PaidOnline, None),
                (Field::ResultFile, None),
                (Field::ComponentFiles, None),
            ],
            _ => &[],
        }
    }

    /// The names of the fields a file of this kind may lack but the counts rest on (the
    /// reception, due date and end of processing of a dossier, its channel, payment and files);
    /// see [`Warning`] of
    /// [`Notice::NoColumn`].
    ///
    /// [`Warning`]: crate::input::Warning
    /// [`Notice::NoColumn`]: crate::input::Notice::NoColumn
    pub fn counts_rest_on(self) -> impl Iterator<Item = &'static str> {
        self.rested_on().iter().map(|(field, _)| field.name())
    }

    /// The values `field` takes, as the specification writes them, when it takes a fixed set
    /// (`channel`: `1`, `2`, `3`; a boolean: `0`, `1`, `true`, `false`); `None` for a field of
    /// free text, numbers or times, and for a field the kind does not have. An office's words
    /// ([`Vocabulary::add_value`](crate::input::Vocabulary::add_value)) stand for these.
    pub fn values(self, field: &str) -> Option<&'static [&'static str]> {
        let field = self.field_list().iter().find(|f| f.name() == field)?;
        field.values(self)
    }
}

impl Field {
    /// The values the field takes in a file of `kind`, when it takes a fixed set.
    pub(crate) fn values(self, kind: RecordKind) -> Option<&'static [&'static str]> {
        Some(match self {
            Field::Channel => &["1", "2", "3"],
            Field::PaidOnline => &["0", "1", "2"],
            Field::OnlineLevel => &["none", "partial", "full"],
            Field::MaxTimeUnit => &["working_days", "days", "hours"],
            Field::Kind => &["off", "workday"],
            Field::Level if kind == RecordKind::Units => {
                &["ministry", "province", "department", "district", "commune"]
            }
            Field::Level => &["province", "commune", "ministry"],
            Field::FeeNonzero
            | Field::ResultFile
            | Field::ComponentFiles
            | Field::ReusedData
            | Field::FromPersonalStorage
            | Field::Vneid
            | Field::Disliked
            | Field::HasPetition
            | Field::EReceipt
            | Field::FullOnlineEligible
            | Field::PaperResultRequired
            | Field::FeeBearing
            | Field::ForCitizens
            | Field::Repeated => &FLAGS,
            _ => return None,
        })
    }
}

/// Each field's place in a file: by `Field as usize`.
type PerField<T> = [T; Field::ALL.len()];

/// A file's layout: where each field's column is, the header the office gives it, and the
/// office's words for its values; resolved once per file so that reading a row looks nothing up
/// by name.
#[derive(Debug)]
pub(crate) struct Layout {
    /// Each field's column in a CSV file.
    columns: PerField<Option<usize>>,
    /// The header (CSV) or key (JSON Lines) the office gives a field, when it gives one.
    names: PerField<Option<String>>,
    /// The office's words for a field's values.
    words: PerField<Vec<Word>>,
}

impl Layout {
    /// The layout of a JSON Lines file: keys are the fields' names or the office's.
    pub(crate) fn of_json(kind: RecordKind, options: &ReadOptions) -> Layout {
        let words = options.vocabulary.file(kind.name());
        let mut layout = Layout::empty(kind, words);
        if let Some(words) = words {
            for field in kind.field_list() {
                layout.names[*field as usize] = words.header(field.name()).map(str::to_owned);
            }
        }
        layout
    }

    /// The layout of a CSV file from its header row: a column headed as the office says (matched
    /// after folding, see [`fold`]) or, for a field the office does not name, headed with the
    /// field's own name.
    ///
    /// Errors: a header the office names that the file lacks; a required field without a column,
    /// naming the file's header it probably is.
    pub(crate) fn of_csv(
        kind: RecordKind,
        header: &[String],
        options: &ReadOptions,
    ) -> std::result::Result<Layout, Problem> {
        let words = options.vocabulary.file(kind.name());
        let mut layout = Layout::empty(kind, words);
        let folded: Vec<String> = header.iter().map(|h| fold(h)).collect();
        for &field in kind.field_list() {
            let named = words.and_then(|w| w.header(field.name()));
            let wanted = fold(named.unwrap_or(field.name()));
            let column = folded.iter().position(|h| *h == wanted);
            // A column the file names twice: which one holds the field is unclear.
            if let Some(first) = column {
                if let Some(again) = folded.iter().skip(first + 1).position(|h| *h == wanted) {
                    return Err(Problem::ColumnTwice {
                        column: header.get(first).cloned().unwrap_or_default(),
                        first: first + 1,
                        second: first + again + 2,
                    });
                }
            }
            layout.columns[field as usize] = column;
            match (named, column) {
                (Some(named), None) => {
                    return Err(missing_column(field, Some(named), header));
                }
                (None, None) if kind.required_fields().contains(&field) => {
                    return Err(missing_column(field, None, header));
                }
                _ => {}
            }
            // Errors name the column as the file heads it, when that is not the field's name.
            layout.names[field as usize] = column
                .and_then(|c| header.get(c))
                .filter(|h| h.as_str() != field.name())
                .cloned();
        }
        // A statutory time is read in its unit: a file giving one without the other is a column
        // short (every row would be refused).
        let (time, unit) = (Field::MaxTime, Field::MaxTimeUnit);
        if layout.column(time).is_some() && layout.column(unit).is_none() {
            let named = words.and_then(|w| w.header(unit.name()));
            return Err(missing_column(unit, named, header));
        }
        Ok(layout)
    }

    fn empty(kind: RecordKind, words: Option<&FileWords>) -> Layout {
        let mut layout = Layout {
            columns: [None; Field::ALL.len()],
            names: std::array::from_fn(|_| None),
            words: std::array::from_fn(|_| Vec::new()),
        };
        if let Some(words) = words {
            for field in kind.field_list() {
                layout.words[*field as usize] = words.words(field.name()).to_vec();
            }
        }
        layout
    }

    /// The fields of a file of `kind` the counts rest on that have no column, each with the
    /// field read in its place when its column is there.
    pub(crate) fn absent(&self, kind: RecordKind) -> Vec<(&'static str, Option<&'static str>)> {
        let read = |field: Option<Field>| field.filter(|f| self.column(*f).is_some());
        (kind.rested_on().iter())
            .filter(|(field, _)| self.column(*field).is_none())
            .map(|(field, instead)| (field.name(), read(*instead).map(Field::name)))
            .collect()
    }

    /// The column of `field` in a CSV row.
    #[inline]
    pub(crate) fn column(&self, field: Field) -> Option<usize> {
        self.columns[field as usize]
    }

    /// The name the file gives `field`, when it is not the field's own.
    pub(crate) fn name(&self, field: Field) -> Option<&str> {
        self.names[field as usize].as_deref()
    }

    /// The key of `field` in a JSON Lines object.
    pub(crate) fn key(&self, field: Field) -> &str {
        self.name(field).unwrap_or(field.name())
    }

    /// Whether the office gives `field` words of its own.
    #[inline]
    pub(crate) fn has_words(&self, field: Field) -> bool {
        !self.words[field as usize].is_empty()
    }

    /// The value the office's word `text` stands for in `field`, or `text` itself.
    pub(crate) fn word<'t>(&'t self, field: Field, text: Cow<'t, str>) -> Cow<'t, str> {
        let words = &self.words[field as usize];
        if words.is_empty() {
            return text;
        }
        // Exactly as written first: nearly every row of an export spells its words one way.
        if let Some(word) = words.iter().find(|w| w.word == *text) {
            return Cow::Borrowed(&word.value);
        }
        let folded = fold(&text);
        match words.iter().find(|w| w.folded == folded) {
            Some(word) => Cow::Borrowed(&word.value),
            None => text,
        }
    }

    /// The office's words for `field`, as the vocabulary writes them, for errors.
    pub(crate) fn words(&self, field: Field) -> Vec<String> {
        self.words[field as usize]
            .iter()
            .map(|w| w.word.clone())
            .collect()
    }

    /// The names a file's columns may have: the fields' own and the office's, for the warning
    /// about misspelt columns.
    pub(crate) fn known_names(kind: RecordKind, options: &ReadOptions) -> Vec<String> {
        let words = options.vocabulary.file(kind.name());
        let mut names: Vec<String> = kind.fields().map(str::to_owned).collect();
        if let Some(words) = words {
            names.extend(words.columns().map(|(_, header)| header.to_owned()));
        }
        names
    }
}

/// The problem of a field without its column, naming the header that is probably it.
fn missing_column(field: Field, named: Option<&str>, header: &[String]) -> Problem {
    let wanted = named.unwrap_or(field.name());
    let similar = crate::input::csv::suggestion(
        wanted,
        &header.iter().map(String::as_str).collect::<Vec<_>>(),
    )
    .map(str::to_owned);
    Problem::MissingColumn {
        field: field.name().to_owned(),
        header: named.map(str::to_owned),
        similar,
        one_column: header.len() == 1 && header.iter().any(|h| h.contains([',', ';', '\t'])),
    }
}

#[cfg(test)]
mod tests {
    use super::{Field, RecordKind};

    // `Layout` indexes its tables by `field as usize`.
    #[test]
    fn fields_are_listed_in_declaration_order() {
        for (i, field) in Field::ALL.iter().enumerate() {
            assert_eq!(*field as usize, i, "{}", field.name());
        }
    }

    #[test]
    fn each_kind_lists_its_required_fields_first() {
        assert_eq!(
            RecordKind::Dossiers.required().collect::<Vec<_>>(),
            ["dossier_id", "unit_code", "procedure_code"]
        );
        assert_eq!(
            RecordKind::Dossiers.values("channel"),
            Some(&["1", "2", "3"][..])
        );
        assert_eq!(RecordKind::Units.values("level").map(|v| v.len()), Some(5));
        assert_eq!(RecordKind::Dossiers.values("received_at"), None);
        assert_eq!(
            RecordKind::from_name("holidays"),
            Some(RecordKind::Holidays)
        );
    }
}
