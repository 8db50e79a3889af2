//! Row parsers per file kind: cell texts → validated core records.
//!
//! A row with any bad cell yields no record but all of its errors, so that one pass over the
//! file reports everything (up to the cap) instead of one problem per upload.

use crate::error::Collector;
use crate::schema::{Col, Layout};
use crate::source::Cells;
use crate::values::{parse_count, parse_count_u32, Memo};
use abbild_core::dims::parse_yes_no;
use abbild_core::paygrade::parse_level;
use abbild_core::records::{
    ExitReason, ExitRecord, Lang, Occupation, PipelineRecord, PopulationRecord, ResponseRecord,
    Source, StaffRecord, StageName,
};
use abbild_core::{
    AgeBand, Ags, Answer, Answers, Class, Definition, Field, FieldCatalog, Item, Level, ParseError,
    SegmentKey, Sex, Status, Wave, Year,
};
use abbild_i18n::Message;
use std::collections::HashMap;

/// What a row parser needs besides the row: header names for messages, the catalog, and
/// where to put errors.
pub(crate) struct Cx<'a> {
    pub(crate) layout: &'a Layout,
    pub(crate) catalog: &'a FieldCatalog,
    pub(crate) errors: &'a mut Collector,
}

impl Cx<'_> {
    fn check<T>(&mut self, row: u64, col: Col, raw: &str, r: Result<T, ParseError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.errors
                    .push(row, self.layout.name(col), raw, e.expected);
                None
            }
        }
    }
}

/// Turns rows of one file kind into records.
pub(crate) trait RowParser {
    type Rec;
    fn new(layout: &Layout) -> Self;
    fn row<C: Cells>(&mut self, cx: &mut Cx<'_>, row: u64, cells: &C) -> Option<Self::Rec>;
    /// Checks that need the whole file (duplicates), after the last row.
    fn finish(&mut self, _cx: &mut Cx<'_>) {}
}

/// An optional column with its memo.
#[derive(Debug)]
struct OptCol<T: Copy> {
    idx: Option<usize>,
    col: Col,
    memo: Memo<T>,
}

impl<T: Copy> OptCol<T> {
    fn new(layout: &Layout, col: Col) -> Self {
        OptCol {
            idx: layout.index(col),
            col,
            memo: Memo::default(),
        }
    }

    /// `Ok(None)` if the column is absent, or the cell is empty and `lenient`.
    fn parse<C: Cells>(
        &mut self,
        cx: &mut Cx<'_>,
        row: u64,
        cells: &C,
        lenient: bool,
        parse: impl FnOnce(&str) -> Result<T, ParseError>,
    ) -> Result<Option<T>, ()> {
        let Some(i) = self.idx else { return Ok(None) };
        let raw = cells.get(i);
        if lenient && raw.trim().is_empty() {
            return Ok(None);
        }
        let r = self.memo.get(raw, parse);
        cx.check(row, self.col, raw, r).map(Some).ok_or(())
    }
}

/// Parses the optional segment columns shared by staff and response files.
#[derive(Debug)]
struct SegmentParser {
    field: OptCol<Field>,
    level: OptCol<Level>,
    status: OptCol<Status>,
    leadership: OptCol<bool>,
    age: Option<(usize, usize)>,
    sex: OptCol<Sex>,
}

impl SegmentParser {
    fn new(layout: &Layout) -> Self {
        SegmentParser {
            field: OptCol::new(layout, Col::Field),
            level: OptCol::new(layout, Col::Level),
            status: OptCol::new(layout, Col::Status),
            leadership: OptCol::new(layout, Col::Leadership),
            age: layout.index(Col::AgeFrom).zip(layout.index(Col::AgeTo)),
            sex: OptCol::new(layout, Col::Sex),
        }
    }

    /// `lenient`: empty cells mean "keine Angabe" (survey answers); otherwise they are errors
    /// (HR data must be complete for every column it carries).
    fn parse<C: Cells>(
        &mut self,
        cx: &mut Cx<'_>,
        row: u64,
        cells: &C,
        lenient: bool,
    ) -> Option<SegmentKey> {
        let catalog = cx.catalog;
        let field = self
            .field
            .parse(cx, row, cells, lenient, |s| catalog.parse(s));
        let level = self.level.parse(cx, row, cells, lenient, parse_level);
        let status = self.status.parse(cx, row, cells, lenient, Status::parse);
        let leadership = self.leadership.parse(cx, row, cells, lenient, parse_yes_no);
        let age = match self.age {
            Some((a, b)) => age_band(cx, row, cells.get(a), cells.get(b), lenient),
            None => Ok(None),
        };
        let sex = self.sex.parse(cx, row, cells, lenient, Sex::parse);
        Some(SegmentKey {
            field: field.ok()?,
            level: level.ok()?,
            status: status.ok()?,
            leadership: leadership.ok()?,
            age: age.ok()?,
            sex: sex.ok()?,
        })
    }
}

/// Parses an age band from its two bound cells.
fn age_band(
    cx: &mut Cx<'_>,
    row: u64,
    from: &str,
    to: &str,
    lenient: bool,
) -> Result<Option<AgeBand>, ()> {
    let (ef, et) = (from.trim().is_empty(), to.trim().is_empty());
    if lenient && ef && et {
        return Ok(None);
    }
    if lenient && (ef || et) {
        let (col, raw) = if ef {
            (Col::AgeFrom, from)
        } else {
            (Col::AgeTo, to)
        };
        cx.errors
            .push(row, cx.layout.name(col), raw, Message::new("exp-both-ages"));
        return Err(());
    }
    let f = cx.check(row, Col::AgeFrom, from, AgeBand::parse_bound(from));
    let t = cx.check(row, Col::AgeTo, to, AgeBand::parse_bound(to));
    let (f, t) = f.zip(t).ok_or(())?;
    match AgeBand::new(f, t) {
        Ok(b) => Ok(Some(b)),
        Err(e) => {
            let column = format!(
                "{}/{}",
                cx.layout.name(Col::AgeFrom),
                cx.layout.name(Col::AgeTo)
            );
            cx.errors.push(row, &column, &e.value, e.expected);
            Err(())
        }
    }
}

fn required<T, C: Cells>(
    cx: &mut Cx<'_>,
    row: u64,
    cells: &C,
    idx: usize,
    col: Col,
    parse: impl FnOnce(&str) -> Result<T, ParseError>,
) -> Option<T> {
    let raw = cells.get(idx);
    let r = parse(raw);
    cx.check(row, col, raw, r)
}

/// Index of a required column; `map_headers` guarantees presence, so 0 is never used.
fn idx(layout: &Layout, col: Col) -> usize {
    layout.index(col).unwrap_or(0)
}

/// Bits of a [`Dups`] entry that hold the row number.
const ROW_BITS: u32 = 48;

/// Duplicate detection by sorting packed keys once at the end.
///
/// Why not a hash map: on 3 million rows the random accesses into a 100 MB table cost a
/// quarter of the whole import; appending to a vector and sorting it costs a fraction.
/// Each entry is `key << 48 | row`, so sorting also orders repeats by row.
#[derive(Debug, Default)]
struct Dups {
    entries: Vec<u128>,
}

impl Dups {
    /// `key` must fit in 80 bits.
    fn push(&mut self, key: u128, row: u64) {
        let row = u128::from(row.min((1 << ROW_BITS) - 1));
        self.entries.push(key << ROW_BITS | row);
    }

    /// Every repetition as (key, first row, repeated row), ordered by the repeated row.
    fn repeats(&mut self) -> Vec<(u128, u64, u64)> {
        self.entries.sort_unstable();
        let mask = (1u128 << ROW_BITS) - 1;
        let mut out = Vec::new();
        let mut first: Option<(u128, u64)> = None;
        for e in &self.entries {
            let (key, row) = (e >> ROW_BITS, (e & mask) as u64);
            match first {
                Some((k, f)) if k == key => out.push((key, f, row)),
                _ => first = Some((key, row)),
            }
        }
        out.sort_by_key(|r| r.2);
        self.entries = Vec::new();
        out
    }
}

/// Packs a segment into 37 bits (0 = absent in each part).
fn pack_segment(k: &SegmentKey) -> u64 {
    let field = k.field.map_or(0, |f| f.index() as u64 + 1);
    let level = k.level.map_or(0, |l| l as u64 + 1);
    let status = k.status.map_or(0, |s| s as u64 + 1);
    let lead = k.leadership.map_or(0, |b| u64::from(b) + 1);
    let age = k.age.map_or(0, |a| {
        (1 << 16) | (u64::from(a.from) << 8) | u64::from(a.to)
    });
    let sex = k.sex.map_or(0, |s| s as u64 + 1);
    field | level << 9 | status << 12 | lead << 15 | age << 17 | sex << 34
}

/// Inverse of [`pack_segment`], for messages.
fn unpack_segment(cat: &FieldCatalog, v: u64) -> SegmentKey {
    let part = |shift: u32, bits: u32| ((v >> shift) & ((1 << bits) - 1)) as usize;
    let pick = |x: usize| x.checked_sub(1);
    let age = part(17, 17);
    SegmentKey {
        field: pick(part(0, 9)).and_then(|i| cat.iter().nth(i).map(|(f, _)| f)),
        level: pick(part(9, 3)).and_then(|i| Level::ALL.get(i).copied()),
        status: pick(part(12, 3)).and_then(|i| Status::ALL.get(i).copied()),
        leadership: pick(part(15, 2)).map(|b| b == 1),
        age: (age >> 16 == 1).then_some(AgeBand {
            from: ((age >> 8) & 0xFF) as u8,
            to: (age & 0xFF) as u8,
        }),
        sex: pick(part(34, 3)).and_then(|i| Sex::ALL.get(i).copied()),
    }
}

fn pack_staff(ags: Ags, year: Year, key: &SegmentKey) -> u128 {
    u128::from(ags.get()) << 53 | u128::from(year.get()) << 37 | u128::from(pack_segment(key))
}

fn describe_staff(cat: &FieldCatalog, packed: u128) -> String {
    let ags = (packed >> 53) as u32;
    let year = ((packed >> 37) & 0xFFFF) as u16;
    let k = unpack_segment(cat, (packed & ((1 << 37) - 1)) as u64);
    let mut parts = vec![format!("{ags:08}"), year.to_string()];
    if let Some(f) = k.field {
        parts.push(cat.code(f).to_owned());
    }
    if let Some(l) = k.level {
        parts.push(l.code().to_owned());
    }
    if let Some(s) = k.status {
        parts.push(s.code().to_owned());
    }
    if let Some(b) = k.leadership {
        parts.push(if b { "Leitung" } else { "keine Leitung" }.to_owned());
    }
    if let Some(a) = k.age {
        parts.push(a.to_string());
    }
    if let Some(s) = k.sex {
        parts.push(s.code().to_owned());
    }
    parts.join(" / ")
}

/// Staff headcount rows.
pub(crate) struct StaffParser {
    ags: usize,
    year: usize,
    headcount: usize,
    seg: SegmentParser,
    dups: Dups,
}

impl RowParser for StaffParser {
    type Rec = StaffRecord;

    fn new(layout: &Layout) -> Self {
        StaffParser {
            ags: idx(layout, Col::Ags),
            year: idx(layout, Col::Year),
            headcount: idx(layout, Col::Headcount),
            seg: SegmentParser::new(layout),
            dups: Dups::default(),
        }
    }

    fn row<C: Cells>(&mut self, cx: &mut Cx<'_>, row: u64, cells: &C) -> Option<StaffRecord> {
        let ags = required(cx, row, cells, self.ags, Col::Ags, Ags::parse);
        let year = required(cx, row, cells, self.year, Col::Year, Year::parse);
        let key = self.seg.parse(cx, row, cells, false);
        let headcount = required(
            cx,
            row,
            cells,
            self.headcount,
            Col::Headcount,
            parse_count_u32,
        );
        let (ags, year, key, headcount) = (ags?, year?, key?, headcount?);
        self.dups.push(pack_staff(ags, year, &key), row);
        Some(StaffRecord {
            ags,
            year,
            key,
            headcount,
        })
    }

    /// Duplicate segments are refused: summing or overwriting them would both be guesses
    /// about what HR meant.
    fn finish(&mut self, cx: &mut Cx<'_>) {
        for (key, first, row) in self.dups.repeats() {
            cx.errors.push(
                row,
                "",
                &describe_staff(cx.catalog, key),
                Message::new("exp-once-segment").with("row", first),
            );
        }
    }
}

/// Survey response rows. Missing item columns and empty cells mean "unknown".
pub(crate) struct ResponseParser {
    ags: usize,
    wave: usize,
    seg: SegmentParser,
    items: [Option<usize>; 7],
    languages: Option<usize>,
    m_answer: Memo<Answer>,
}

impl RowParser for ResponseParser {
    type Rec = ResponseRecord;

    fn new(layout: &Layout) -> Self {
        ResponseParser {
            ags: idx(layout, Col::Ags),
            wave: idx(layout, Col::Wave),
            seg: SegmentParser::new(layout),
            items: Item::ALL.map(|i| layout.index(Col::Item(i))),
            languages: layout.index(Col::Languages),
            m_answer: Memo::default(),
        }
    }

    fn row<C: Cells>(&mut self, cx: &mut Cx<'_>, row: u64, cells: &C) -> Option<ResponseRecord> {
        // No memo for the AGS: a national file has 11,000 of them, and parsing one is cheaper
        // than searching a memo that cannot hold them.
        let ags = required(cx, row, cells, self.ags, Col::Ags, Ags::parse);
        let wave = required(cx, row, cells, self.wave, Col::Wave, Wave::parse);
        let key = self.seg.parse(cx, row, cells, true);
        let mut answers = Some(Answers::default());
        for (item, pos) in Item::ALL.into_iter().zip(self.items) {
            let Some(i) = pos else { continue };
            let raw = cells.get(i);
            let r = self.m_answer.get(raw, Answer::parse);
            match cx.check(row, Col::Item(item), raw, r) {
                Some(a) => answers = answers.map(|x| x.with(item, a)),
                None => answers = None,
            }
        }
        let languages = match self.languages {
            Some(i) if !cells.get(i).trim().is_empty() => {
                let raw = cells.get(i);
                cx.check(row, Col::Languages, raw, Lang::parse_list(raw))
            }
            _ => Some(Vec::new()),
        };
        Some(ResponseRecord {
            ags: ags?,
            wave: wave?,
            key: key?,
            answers: answers?,
            languages: languages?,
        })
    }
}

/// Population benchmark rows.
pub(crate) struct PopulationParser {
    ags: usize,
    year: usize,
    definition: usize,
    source: usize,
    age_from: usize,
    age_to: usize,
    sex: OptCol<Sex>,
    persons: usize,
    with_migration: usize,
    m_def: Memo<Definition>,
    m_src: Memo<Source>,
    dups: Dups,
}

impl RowParser for PopulationParser {
    type Rec = PopulationRecord;

    fn new(layout: &Layout) -> Self {
        PopulationParser {
            ags: idx(layout, Col::Ags),
            year: idx(layout, Col::Year),
            definition: idx(layout, Col::Definition),
            source: idx(layout, Col::Source),
            age_from: idx(layout, Col::AgeFrom),
            age_to: idx(layout, Col::AgeTo),
            sex: OptCol::new(layout, Col::Sex),
            persons: idx(layout, Col::Persons),
            with_migration: idx(layout, Col::WithMigration),
            m_def: Memo::default(),
            m_src: Memo::default(),
            dups: Dups::default(),
        }
    }

    fn row<C: Cells>(&mut self, cx: &mut Cx<'_>, row: u64, cells: &C) -> Option<PopulationRecord> {
        let ags = required(cx, row, cells, self.ags, Col::Ags, Ags::parse);
        let year = required(cx, row, cells, self.year, Col::Year, Year::parse);
        let m_def = &mut self.m_def;
        let definition = required(cx, row, cells, self.definition, Col::Definition, |s| {
            m_def.get(s, Definition::parse)
        });
        let m_src = &mut self.m_src;
        let source = required(cx, row, cells, self.source, Col::Source, |s| {
            m_src.get(s, Source::parse)
        });
        let age = age_band(
            cx,
            row,
            cells.get(self.age_from),
            cells.get(self.age_to),
            false,
        );
        let sex = self.sex.parse(cx, row, cells, false, Sex::parse);
        let persons = required(cx, row, cells, self.persons, Col::Persons, parse_count);
        let with = required(
            cx,
            row,
            cells,
            self.with_migration,
            Col::WithMigration,
            parse_count,
        );
        let (persons, with) = (persons?, with?);
        if with > persons {
            let raw = cells.get(self.with_migration);
            cx.errors.push(
                row,
                cx.layout.name(Col::WithMigration),
                raw,
                Message::new("exp-at-most-as-many")
                    .with("column", cx.layout.name(Col::Persons))
                    .with("n", persons),
            );
            return None;
        }
        let (ags, year, definition, source) = (ags?, year?, definition?, source?);
        let (age, sex) = (age.ok()??, sex.ok()?);
        self.dups.push(
            pack_population(&PopKey {
                ags,
                year,
                definition,
                source,
                age,
                sex,
            }),
            row,
        );
        Some(PopulationRecord {
            ags,
            year,
            definition,
            source,
            age,
            sex,
            persons,
            with_migration: with,
        })
    }

    fn finish(&mut self, cx: &mut Cx<'_>) {
        for (key, first, row) in self.dups.repeats() {
            cx.errors.push(
                row,
                "",
                &describe_population(key),
                Message::new("exp-once-population").with("row", first),
            );
        }
    }
}

/// The identifying part of a population row.
struct PopKey {
    ags: Ags,
    year: Year,
    definition: Definition,
    source: Source,
    age: AgeBand,
    sex: Option<Sex>,
}

/// Packs a population key into 64 bits: ags 27 | year 16 | definition 2 | source 2 |
/// from 7 | to 7 | sex 3.
fn pack_population(k: &PopKey) -> u128 {
    let mut v = u64::from(k.ags.get());
    v = v << 16 | u64::from(k.year.get());
    v = v << 2 | k.definition as u64;
    v = v << 2 | k.source as u64;
    v = v << 7 | u64::from(k.age.from);
    v = v << 7 | u64::from(k.age.to);
    v = v << 3 | k.sex.map_or(0, |s| s as u64 + 1);
    u128::from(v)
}

fn describe_population(packed: u128) -> String {
    let v = packed as u64;
    let part = |shift: u32, bits: u32| ((v >> shift) & ((1 << bits) - 1)) as usize;
    let sex = part(0, 3).checked_sub(1).and_then(|i| Sex::ALL.get(i));
    let mut s = format!(
        "{:08} / {} / {} / {} / {}-{}",
        v >> 37,
        part(21, 16),
        Definition::ALL.get(part(19, 2)).map_or("?", |d| d.code()),
        Source::ALL.get(part(17, 2)).map_or("?", |d| d.code()),
        part(10, 7),
        part(3, 7),
    );
    if let Some(x) = sex {
        s.push_str(" / ");
        s.push_str(x.code());
    }
    s
}

/// A group cell. Unlike survey answers an empty cell is refused: HR counts every person into
/// a group, and a blank is more likely a slip than a deliberate "unknown".
fn parse_group(raw: &str) -> Result<Class, ParseError> {
    if raw.trim().is_empty() {
        return Err(ParseError::new(raw, Message::new("exp-group")));
    }
    Class::parse(raw)
}

/// Position of a stage in the funnel: 1, 2, 3, …
fn parse_stage_order(raw: &str) -> Result<u16, ParseError> {
    match parse_count(raw).map(u16::try_from) {
        Ok(Ok(o)) if o >= 1 => Ok(o),
        _ => Err(ParseError::new(raw, Message::new("exp-stage-order"))),
    }
}

/// Gives each distinct occupation or stage name a small number, so that the whole-file
/// checks keep one `u32` per row instead of two strings.
#[derive(Debug, Default)]
struct Names {
    ids: HashMap<String, u32>,
    names: Vec<String>,
}

impl Names {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.ids.get(name) {
            return i;
        }
        let i = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.ids.insert(name.to_owned(), i);
        self.names.push(name.to_owned());
        i
    }
    fn get(&self, id: u32) -> &str {
        self.names.get(id as usize).map_or("?", String::as_str)
    }
}

/// An accepted pipeline row, kept for the whole-file checks.
#[derive(Debug, Clone, Copy)]
struct PipeRow {
    row: u64,
    ags: u32,
    year: u16,
    occupation: u32,
    stage: u32,
    order: u16,
    group: Class,
    count: u32,
}

/// One selection procedure: city, year and occupation (interned). Stage names and orders
/// must agree within it.
type Procedure = (u32, u16, u32);

impl PipeRow {
    fn procedure(&self) -> Procedure {
        (self.ags, self.year, self.occupation)
    }
}

/// Apprentice pipeline rows.
pub(crate) struct PipelineParser {
    ags: usize,
    year: usize,
    occupation: usize,
    stage: usize,
    stage_order: usize,
    group: usize,
    count: usize,
    m_group: Memo<Class>,
    names: Names,
    rows: Vec<PipeRow>,
}

impl RowParser for PipelineParser {
    type Rec = PipelineRecord;

    fn new(layout: &Layout) -> Self {
        PipelineParser {
            ags: idx(layout, Col::Ags),
            year: idx(layout, Col::Year),
            occupation: idx(layout, Col::Occupation),
            stage: idx(layout, Col::Stage),
            stage_order: idx(layout, Col::StageOrder),
            group: idx(layout, Col::Group),
            count: idx(layout, Col::Count),
            m_group: Memo::default(),
            names: Names::default(),
            rows: Vec::new(),
        }
    }

    fn row<C: Cells>(&mut self, cx: &mut Cx<'_>, row: u64, cells: &C) -> Option<PipelineRecord> {
        let ags = required(cx, row, cells, self.ags, Col::Ags, Ags::parse);
        let year = required(cx, row, cells, self.year, Col::Year, Year::parse);
        let occupation = required(
            cx,
            row,
            cells,
            self.occupation,
            Col::Occupation,
            Occupation::parse,
        );
        let stage = required(cx, row, cells, self.stage, Col::Stage, StageName::parse);
        let stage_order = required(
            cx,
            row,
            cells,
            self.stage_order,
            Col::StageOrder,
            parse_stage_order,
        );
        let m_group = &mut self.m_group;
        let group = required(cx, row, cells, self.group, Col::Group, |s| {
            m_group.get(s, parse_group)
        });
        let count = required(cx, row, cells, self.count, Col::Count, parse_count_u32);
        let (ags, year, occupation, stage, stage_order, group, count) = (
            ags?,
            year?,
            occupation?,
            stage?,
            stage_order?,
            group?,
            count?,
        );
        self.rows.push(PipeRow {
            row,
            ags: ags.get(),
            year: year.get(),
            occupation: self.names.id(occupation.as_str()),
            stage: self.names.id(stage.as_str()),
            order: stage_order,
            group,
            count,
        });
        Some(PipelineRecord {
            ags,
            year,
            occupation,
            stage,
            stage_order,
            group,
            count,
        })
    }

    /// The funnel must make sense before anything is stored: a repeated row, a stage with two
    /// positions, or a stage with more persons than the one before it is a mistake in the
    /// export, and any analysis of pass rates would silently build on it.
    fn finish(&mut self, cx: &mut Cx<'_>) {
        let rows = std::mem::take(&mut self.rows);
        // Procedures with repeated rows or inconsistent stage orders: their funnel is not
        // checked, since "the previous stage" is not well defined there.
        let mut unclear = std::collections::HashSet::new();

        let mut by_key: Vec<&PipeRow> = rows.iter().collect();
        by_key.sort_by_key(|r| (r.procedure(), r.stage, r.group, r.row));
        let mut first: Option<&PipeRow> = None;
        for r in by_key {
            match first {
                Some(f)
                    if (f.procedure(), f.stage, f.group) == (r.procedure(), r.stage, r.group) =>
                {
                    unclear.insert(r.procedure());
                    cx.errors.push(
                        r.row,
                        "",
                        &self.describe(r),
                        Message::new("exp-once-pipeline").with("row", f.row),
                    );
                }
                _ => first = Some(r),
            }
        }

        // One order per stage name and one stage name per order, within a procedure. Rows are
        // in file order, so the first occurrence sets the rule and later ones are reported.
        // (procedure, stage) → (order, first row); (procedure, order) → (stage, first row).
        let mut order_of: HashMap<(Procedure, u32), (u16, u64)> = HashMap::new();
        let mut stage_at: HashMap<(Procedure, u16), (u32, u64)> = HashMap::new();
        for r in &rows {
            let p = r.procedure();
            match order_of.get(&(p, r.stage)) {
                Some(&(o, f)) if o != r.order => {
                    unclear.insert(p);
                    cx.errors.push(
                        r.row,
                        cx.layout.name(Col::StageOrder),
                        &r.order.to_string(),
                        Message::new("exp-one-order")
                            .with("order", o)
                            .with("stage", self.names.get(r.stage))
                            .with("row", f),
                    );
                    continue;
                }
                Some(_) => {}
                None => {
                    order_of.insert((p, r.stage), (r.order, r.row));
                }
            }
            match stage_at.get(&(p, r.order)) {
                Some(&(st, f)) if st != r.stage => {
                    unclear.insert(p);
                    cx.errors.push(
                        r.row,
                        cx.layout.name(Col::Stage),
                        self.names.get(r.stage),
                        Message::new("exp-one-stage")
                            .with("stage", self.names.get(st))
                            .with("row", f)
                            .with("order", r.order),
                    );
                }
                Some(_) => {}
                None => {
                    stage_at.insert((p, r.order), (r.stage, r.row));
                }
            }
        }

        // The funnel: along the stage order, no stage has more persons than the previous one.
        let mut by_funnel: Vec<&PipeRow> = rows
            .iter()
            .filter(|r| !unclear.contains(&r.procedure()))
            .collect();
        by_funnel.sort_by_key(|r| (r.procedure(), r.group, r.order, r.row));
        for pair in by_funnel.windows(2) {
            let (prev, r) = (pair[0], pair[1]);
            if (prev.procedure(), prev.group) == (r.procedure(), r.group) && r.count > prev.count {
                cx.errors.push(
                    r.row,
                    cx.layout.name(Col::Count),
                    &r.count.to_string(),
                    Message::new("exp-funnel")
                        .with("n", prev.count)
                        .with("stage", self.names.get(prev.stage))
                        .with("row", prev.row),
                );
            }
        }
    }
}

impl PipelineParser {
    fn describe(&self, r: &PipeRow) -> String {
        format!(
            "{:08} / {} / {} / {} / {}",
            r.ags,
            r.year,
            self.names.get(r.occupation),
            self.names.get(r.stage),
            r.group.code()
        )
    }
}

/// An accepted exits row, kept for the whole-file checks.
#[derive(Debug, Clone, Copy)]
struct ExitRow {
    /// `pack_staff(..) << 5 | group << 3 | reason` (reason 0 = none); `key >> 3` identifies
    /// the rows that differ only in the reason.
    key: u128,
    row: u64,
    headcount: u32,
    exits: u32,
}

impl ExitRow {
    fn group_key(&self) -> u128 {
        self.key >> 3
    }
    fn has_reason(&self) -> bool {
        self.key & 0b111 != 0
    }
}

const CLASSES: [Class; 3] = [Class::With, Class::Without, Class::Unknown];

fn pack_exit(
    ags: Ags,
    year: Year,
    key: &SegmentKey,
    group: Class,
    reason: Option<ExitReason>,
) -> u128 {
    let g = CLASSES.iter().position(|c| *c == group).unwrap_or(0) as u128;
    let r = reason
        .and_then(|r| ExitReason::ALL.iter().position(|x| *x == r))
        .map_or(0, |i| i as u128 + 1);
    pack_staff(ags, year, key) << 5 | g << 3 | r
}

fn describe_exit(cat: &FieldCatalog, packed: u128) -> String {
    let mut s = describe_staff(cat, packed >> 5);
    let g = ((packed >> 3) & 0b11) as usize;
    s.push_str(" / ");
    s.push_str(CLASSES.get(g).map_or("?", |c| c.code()));
    let r = (packed & 0b111) as usize;
    if let Some(reason) = r.checked_sub(1).and_then(|i| ExitReason::ALL.get(i)) {
        s.push_str(" / ");
        s.push_str(reason.code());
    }
    s
}

/// Exits rows.
pub(crate) struct ExitParser {
    ags: usize,
    year: usize,
    seg: SegmentParser,
    group: usize,
    reason: OptCol<ExitReason>,
    headcount: usize,
    exits: usize,
    m_group: Memo<Class>,
    rows: Vec<ExitRow>,
}

impl RowParser for ExitParser {
    type Rec = ExitRecord;

    fn new(layout: &Layout) -> Self {
        ExitParser {
            ags: idx(layout, Col::Ags),
            year: idx(layout, Col::Year),
            seg: SegmentParser::new(layout),
            group: idx(layout, Col::Group),
            reason: OptCol::new(layout, Col::Reason),
            headcount: idx(layout, Col::HeadcountStart),
            exits: idx(layout, Col::Exits),
            m_group: Memo::default(),
            rows: Vec::new(),
        }
    }

    fn row<C: Cells>(&mut self, cx: &mut Cx<'_>, row: u64, cells: &C) -> Option<ExitRecord> {
        let ags = required(cx, row, cells, self.ags, Col::Ags, Ags::parse);
        let year = required(cx, row, cells, self.year, Col::Year, Year::parse);
        // Segment columns as in the staff file: a column present must be filled.
        let key = self.seg.parse(cx, row, cells, false);
        let m_group = &mut self.m_group;
        let group = required(cx, row, cells, self.group, Col::Group, |s| {
            m_group.get(s, parse_group)
        });
        // An empty reason means "not recorded", not an error.
        let reason = self.reason.parse(cx, row, cells, true, ExitReason::parse);
        let headcount = required(
            cx,
            row,
            cells,
            self.headcount,
            Col::HeadcountStart,
            parse_count_u32,
        );
        let exits = required(cx, row, cells, self.exits, Col::Exits, parse_count_u32);
        let (headcount, exits) = (headcount?, exits?);
        if exits > headcount {
            cx.errors.push(
                row,
                cx.layout.name(Col::Exits),
                cells.get(self.exits),
                Message::new("exp-at-most-as-many")
                    .with("column", cx.layout.name(Col::HeadcountStart))
                    .with("n", headcount),
            );
            return None;
        }
        let (ags, year, key, group, reason) = (ags?, year?, key?, group?, reason.ok()?);
        self.rows.push(ExitRow {
            key: pack_exit(ags, year, &key, group, reason),
            row,
            headcount,
            exits,
        });
        Some(ExitRecord {
            ags,
            year,
            key,
            group,
            reason,
            headcount,
            exits,
        })
    }

    /// Rows that differ only in the reason split the exits of one group of employees: they
    /// must name the same headcount, may not exceed it together, and may not be mixed with a
    /// row without reason (which would count the same exits twice).
    fn finish(&mut self, cx: &mut Cx<'_>) {
        let mut rows = std::mem::take(&mut self.rows);
        rows.sort_unstable_by_key(|r| (r.key, r.row));
        let hc_name = cx.layout.name(Col::HeadcountStart).to_owned();
        let exits_name = cx.layout.name(Col::Exits).to_owned();
        let reason_name = cx.layout.name(Col::Reason).to_owned();
        let mut start = 0;
        while start < rows.len() {
            let g = rows[start].group_key();
            let end = rows[start..]
                .iter()
                .position(|r| r.group_key() != g)
                .map_or(rows.len(), |n| start + n);
            let group = &rows[start..end];
            start = end;

            let mut repeated = false;
            for pair in group.windows(2) {
                if pair[0].key == pair[1].key {
                    repeated = true;
                }
            }
            if repeated {
                // Report each repetition against the first row of its key.
                let mut first = &group[0];
                for r in &group[1..] {
                    if r.key == first.key {
                        cx.errors.push(
                            r.row,
                            "",
                            &describe_exit(cx.catalog, r.key),
                            Message::new("exp-once-exits").with("row", first.row),
                        );
                    } else {
                        first = r;
                    }
                }
                continue;
            }
            if group.len() < 2 {
                continue;
            }
            let mut in_file_order: Vec<&ExitRow> = group.iter().collect();
            in_file_order.sort_by_key(|r| r.row);
            let head = in_file_order[0];

            if let Some(bare) = group.iter().find(|r| !r.has_reason()) {
                let other = in_file_order
                    .iter()
                    .find(|r| r.has_reason())
                    .map_or(0, |r| r.row);
                cx.errors.push(
                    bare.row,
                    &reason_name,
                    "",
                    Message::new("exp-a-reason").with("row", other),
                );
                continue;
            }

            let mut consistent = true;
            for r in &in_file_order[1..] {
                if r.headcount != head.headcount {
                    consistent = false;
                    cx.errors.push(
                        r.row,
                        &hc_name,
                        &r.headcount.to_string(),
                        Message::new("exp-same-headcount")
                            .with("n", head.headcount)
                            .with("row", head.row),
                    );
                }
            }
            let sum: u64 = group.iter().map(|r| u64::from(r.exits)).sum();
            if consistent && sum > u64::from(head.headcount) {
                let last = in_file_order[in_file_order.len() - 1];
                let rows_list: Vec<String> =
                    in_file_order.iter().map(|r| r.row.to_string()).collect();
                cx.errors.push(
                    last.row,
                    &exits_name,
                    &last.exits.to_string(),
                    Message::new("exp-exits-sum")
                        .with("column", &hc_name)
                        .with("n", head.headcount)
                        .with("rows", rows_list.join(", "))
                        .with("sum", sum),
                );
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn segment() -> impl Strategy<Value = SegmentKey> {
        let cat = FieldCatalog::default();
        let fields: Vec<Field> = cat.iter().map(|(f, _)| f).collect();
        (
            proptest::option::of(proptest::sample::select(fields)),
            proptest::option::of(proptest::sample::select(Level::ALL)),
            proptest::option::of(proptest::sample::select(Status::ALL)),
            proptest::option::of(any::<bool>()),
            proptest::option::of((0u8..=120, 0u8..=120)),
            proptest::option::of(proptest::sample::select(Sex::ALL)),
        )
            .prop_map(|(field, level, status, leadership, age, sex)| SegmentKey {
                field,
                level,
                status,
                leadership,
                age: age.map(|(a, b)| AgeBand::new(a.min(b), a.max(b)).unwrap()),
                sex,
            })
    }

    proptest! {
        #[test]
        fn segment_packing_round_trips(k in segment(), ags in 0u32..=99_999_999, year in 1950u16..=2200) {
            let cat = FieldCatalog::default();
            prop_assert_eq!(unpack_segment(&cat, pack_segment(&k)), k);
            let p = pack_staff(Ags::from_u32(ags).unwrap(), Year::new(year).unwrap(), &k);
            prop_assert!(p < 1 << 80);
            let prefix = format!("{ags:08} / {year}");
            prop_assert!(describe_staff(&cat, p).starts_with(&prefix));
        }

        #[test]
        fn population_packing_is_injective_and_readable(
            ags in 0u32..=99_999_999, year in 1950u16..=2200, d in 0usize..3, s in 0usize..3,
            from in 0u8..=120, to in 0u8..=120, sex in proptest::option::of(0usize..4),
        ) {
            let age = AgeBand::new(from.min(to), from.max(to)).unwrap();
            let sex = sex.map(|i| Sex::ALL[i]);
            let k = PopKey {
                ags: Ags::from_u32(ags).unwrap(),
                year: Year::new(year).unwrap(),
                definition: Definition::ALL[d],
                source: Source::ALL[s],
                age,
                sex,
            };
            let mut want = format!(
                "{ags:08} / {year} / {} / {} / {age}",
                Definition::ALL[d].code(),
                Source::ALL[s].code()
            );
            if let Some(x) = sex {
                want.push_str(&format!(" / {}", x.code()));
            }
            prop_assert_eq!(describe_population(pack_population(&k)), want);
        }
    }

    #[test]
    fn repeats_point_at_the_first_row() {
        let mut d = Dups::default();
        for (k, r) in [(7, 2), (9, 3), (7, 5), (7, 4), (1, 6)] {
            d.push(k, r);
        }
        assert_eq!(d.repeats(), vec![(7, 2, 4), (7, 2, 5)]);
    }
}
