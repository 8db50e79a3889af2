//! A small in-memory typst [`World`]: one generated main source, the chart SVGs as virtual
//! files, and the fonts bundled with `typst-assets`. No file system, no packages, no clock.

use std::fmt;
use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The standard library, built once per process.
static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

/// The bundled fonts, parsed once per process (the bytes are `'static`, so the PDF embeds
/// exactly these fonts, whatever the machine has installed).
static FONTS: LazyLock<(LazyHash<FontBook>, Vec<Font>)> = LazyLock::new(|| {
    let fonts: Vec<Font> = typst_assets::fonts()
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect();
    let book = FontBook::from_fonts(&fonts);
    (LazyHash::new(book), fonts)
});

/// Path of the main source inside the virtual project.
const MAIN: &str = "/main.typ";

/// Virtual path of figure number `i` (as written into the markup).
pub(crate) fn figure_path(i: usize) -> String {
    format!("/fig/{i}.svg")
}

fn file_id(path: &str) -> FileResult<FileId> {
    let vpath = VirtualPath::new(path).map_err(|e| FileError::Other(Some(e.to_string().into())))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

/// One compilation: the markup and the SVGs it refers to.
pub(crate) struct ReportWorld {
    main: Source,
    /// `(id, bytes)` of every figure, in the order of [`figure_path`].
    files: Vec<(FileId, Bytes)>,
}

impl fmt::Debug for ReportWorld {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReportWorld")
            .field("main_len", &self.main.text().len())
            .field("files", &self.files.len())
            .finish()
    }
}

impl ReportWorld {
    /// `svgs[i]` is served as [`figure_path`]`(i)`.
    pub(crate) fn new(markup: String, svgs: Vec<String>) -> FileResult<Self> {
        let main = Source::new(file_id(MAIN)?, markup);
        let files = svgs
            .into_iter()
            .enumerate()
            .map(|(i, svg)| Ok((file_id(&figure_path(i))?, Bytes::from_string(svg))))
            .collect::<FileResult<Vec<_>>>()?;
        Ok(ReportWorld { main, files })
    }

    pub(crate) fn main_source(&self) -> &Source {
        &self.main
    }
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.0
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(not_found(id))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.clone()));
        }
        self.files
            .iter()
            .find(|(fid, _)| *fid == id)
            .map(|(_, bytes)| bytes.clone())
            .ok_or_else(|| not_found(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.1.get(index).cloned()
    }

    /// No clock: the report must not depend on the day it is rendered.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_with_slash().into())
}
