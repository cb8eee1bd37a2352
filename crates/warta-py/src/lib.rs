//! `warta._warta`: the Rust half of the Python package `warta` (the Python half is in `python/warta`).
//!
//! Everything that decides a document is in the `warta` facade: this module only turns Python records into
//! [`Meta`], runs [`Warta::analyse_document`] with the GIL released, and hands back plain Python values
//! (JSON lines, column lists). Arrow tables are built in Python from those lists, so the build needs no
//! `arrow` crate.
//!
//! No thread pool is created at import or kept between calls: a rayon pool that exists before `fork()`
//! deadlocks the child (Spark and multiprocessing fork their workers). A batch runs on the calling thread,
//! or on a pool built for that call when `threads > 1`.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use rayon::prelude::*;
use serde::Serialize;
use warta::{Document, Meta, OutputDocument, OutputOptions, Warta};
use warta_ingest::{DecodeOptions, Decoded, InputFormat, Sources};

create_exception!(
    _warta,
    WartaError,
    PyException,
    "A record could not be read or analysed; the message names the record."
);

/// The engine, loaded on first use in each process (a Spark or Ray worker loads it once and keeps it).
static ENGINE: OnceLock<Result<Warta, String>> = OnceLock::new();

fn engine() -> PyResult<&'static Warta> {
    ENGINE
        .get_or_init(|| Warta::bundled().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| PyRuntimeError::new_err(format!("cannot load warta's models: {e}")))
}

/// One record as the pipeline takes it, or why it cannot be taken (with what could be read of its
/// metadata, so that the error row still names the record).
type Input = Result<(String, Meta), Box<(Meta, String)>>;

/// The id, url, source and published of a record that cannot be read, as far as they can be.
fn salvage_meta(record: &Bound<'_, PyAny>) -> Meta {
    let field = |name: &str| -> Option<String> {
        let value = record.call_method1("get", (name,)).ok()?;
        value
            .extract::<String>()
            .ok()
            .or_else(|| value.extract::<i128>().ok().map(|n| n.to_string()))
    };
    Meta {
        id: field("id"),
        url: field("url"),
        source: field("source"),
        published: field("published"),
        ..Meta::default()
    }
}

/// Reads one record (a dict or any mapping with `get`) with the rules of a JSON Lines record
/// (`warta_ingest`'s `parse_article`), so that a dict and the same object as a JSON line give the same
/// document: `text` a string, `id` a string or an integer, the other fields strings or absent,
/// `section` falling back to `category`, `lang` normalised to a BCP 47 tag.
fn read_record(record: &Bound<'_, PyAny>) -> Input {
    read_fields(record).map_err(|message| Box::new((salvage_meta(record), message)))
}

fn read_fields(record: &Bound<'_, PyAny>) -> Result<(String, Meta), String> {
    let get = |name: &str| -> Result<Option<Bound<'_, PyAny>>, String> {
        let value = record
            .call_method1("get", (name,))
            .map_err(|e| format!("not a mapping with a `get` method: {e}"))?;
        Ok((!value.is_none()).then_some(value))
    };
    let string = |name: &'static str| -> Result<Option<String>, String> {
        match get(name)? {
            None => Ok(None),
            Some(value) => value
                .extract::<String>()
                .map(Some)
                .map_err(|_| format!("field \"{name}\" must be a string")),
        }
    };
    let text = match get("text")? {
        None => return Err("missing field \"text\"".into()),
        Some(text) => text
            .extract::<String>()
            .map_err(|_| "field \"text\" must be a string".to_owned())?,
    };
    // Many dumps number their articles; a numeric id is as good as a string one.
    let id = match get("id")? {
        None => None,
        Some(id) => match id.extract::<String>() {
            Ok(id) => Some(id),
            Err(_) => Some(
                id.extract::<i128>()
                    .map_err(|_| "field \"id\" must be a string or an integer".to_owned())?
                    .to_string(),
            ),
        },
    };
    // Not a JSON Lines field: what `warta.read` gives for a page archived under a URL other than its
    // canonical one (the WARC reader's `other_urls`), so that reading and analysing in two steps writes
    // what `warta extract` writes.
    let other_urls = match get("other_urls")? {
        None => Vec::new(),
        Some(urls) => urls
            .extract::<Vec<String>>()
            .map_err(|_| "field \"other_urls\" must be a list of strings".to_owned())?,
    };
    let meta = Meta {
        id,
        url: string("url")?,
        other_urls,
        title: string("title")?,
        published: string("published")?,
        author: string("author")?,
        source: string("source")?,
        modified: string("modified")?,
        section: match string("section")? {
            Some(section) => Some(section),
            None => string("category")?,
        },
        lang: string("lang")?
            .as_deref()
            .and_then(warta_ingest::html::language_tag),
    };
    Ok((text, meta))
}

/// What one record became.
struct Outcome {
    meta: Meta,
    result: Result<OutputDocument, String>,
}

fn analyse_one(warta: &Warta, input: Input) -> Outcome {
    match input {
        Err(failed) => {
            let (meta, message) = *failed;
            Outcome {
                meta,
                result: Err(message),
            }
        }
        Ok((text, meta)) => {
            let result = warta
                .analyse_document(Document::new(text, meta.clone()))
                .map(|analysis| analysis.output(OutputOptions::default()))
                .map_err(|e| e.to_string());
            Outcome { meta, result }
        }
    }
}

/// The serde name of a unit enum value ("direct", "PER").
fn serde_name(value: &impl Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        other => format!("{other:?}"),
    }
}

/// The columns of the quotes table, one row per quote (schema in `python/warta/_schema.py`).
#[derive(Default)]
struct QuoteColumns {
    id: Vec<Option<String>>,
    url: Vec<Option<String>>,
    source: Vec<Option<String>>,
    published: Vec<Option<String>>,
    kind: Vec<Option<String>>,
    text: Vec<Option<String>>,
    start: Vec<Option<u64>>,
    end: Vec<Option<u64>>,
    speaker: Vec<Option<String>>,
    speaker_kind: Vec<Option<String>>,
    role: Vec<Option<String>>,
    affiliation: Vec<Option<String>>,
    cue: Vec<Option<String>>,
    said_on: Vec<Option<String>>,
    error: Vec<Option<String>>,
}

impl QuoteColumns {
    fn document_fields(
        &mut self,
        id: Option<String>,
        meta: (&Option<String>, &Option<String>, &Option<String>),
    ) {
        self.id.push(id);
        self.url.push(meta.0.clone());
        self.source.push(meta.1.clone());
        self.published.push(meta.2.clone());
    }

    fn add(&mut self, doc: &OutputDocument) {
        for quote in &doc.quotes {
            self.document_fields(doc.id.clone(), (&doc.url, &doc.source, &doc.published));
            self.kind.push(Some(serde_name(&quote.kind)));
            self.text.push(Some(quote.text.clone()));
            self.start.push(Some(quote.start as u64));
            self.end.push(Some(quote.end as u64));
            let speaker = quote.speaker.as_ref();
            self.speaker.push(speaker.map(|s| s.name.clone()));
            self.speaker_kind.push(speaker.map(|s| s.kind.clone()));
            self.role.push(speaker.and_then(|s| s.role.clone()));
            // The affiliation is the resolved entity's ("Juru Bicara KPK" → KPK), not the quote's.
            let entity = speaker
                .and_then(|s| s.entity)
                .and_then(|id| doc.entities.iter().find(|e| e.id == id));
            self.affiliation
                .push(entity.and_then(|e| e.affiliation.clone()));
            self.cue.push(quote.cue.as_ref().map(|c| c.text.clone()));
            self.said_on.push(quote.said_on.clone());
            self.error.push(None);
        }
    }

    /// A failed record is a row of its own, so that a batch never loses it silently.
    fn add_error(&mut self, meta: &Meta, message: String) {
        self.document_fields(meta.id.clone(), (&meta.url, &meta.source, &meta.published));
        for column in [
            &mut self.kind,
            &mut self.text,
            &mut self.speaker,
            &mut self.speaker_kind,
            &mut self.role,
            &mut self.affiliation,
            &mut self.cue,
            &mut self.said_on,
        ] {
            column.push(None);
        }
        self.start.push(None);
        self.end.push(None);
        self.error.push(Some(message));
    }

    fn into_py<'py>(self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("id", self.id)?;
        d.set_item("url", self.url)?;
        d.set_item("source", self.source)?;
        d.set_item("published", self.published)?;
        d.set_item("type", self.kind)?;
        d.set_item("text", self.text)?;
        d.set_item("start", self.start)?;
        d.set_item("end", self.end)?;
        d.set_item("speaker", self.speaker)?;
        d.set_item("speaker_kind", self.speaker_kind)?;
        d.set_item("role", self.role)?;
        d.set_item("affiliation", self.affiliation)?;
        d.set_item("cue", self.cue)?;
        d.set_item("said_on", self.said_on)?;
        d.set_item("error", self.error)?;
        Ok(d)
    }
}

/// The columns of the entities table, one row per entity of a document.
#[derive(Default)]
struct EntityColumns {
    id: Vec<Option<String>>,
    url: Vec<Option<String>>,
    source: Vec<Option<String>>,
    published: Vec<Option<String>>,
    entity: Vec<Option<u64>>,
    label: Vec<Option<String>>,
    name: Vec<Option<String>>,
    mentions: Vec<Option<u64>>,
    titles: Vec<Option<Vec<String>>>,
    roles: Vec<Option<Vec<String>>>,
    affiliation: Vec<Option<String>>,
    error: Vec<Option<String>>,
}

impl EntityColumns {
    fn add(&mut self, doc: &OutputDocument) {
        for entity in &doc.entities {
            self.id.push(doc.id.clone());
            self.url.push(doc.url.clone());
            self.source.push(doc.source.clone());
            self.published.push(doc.published.clone());
            self.entity.push(Some(entity.id as u64));
            self.label.push(Some(serde_name(&entity.label)));
            self.name.push(Some(entity.name.clone()));
            self.mentions.push(Some(entity.mentions.len() as u64));
            self.titles.push(Some(entity.titles.clone()));
            self.roles.push(Some(entity.roles.clone()));
            self.affiliation.push(entity.affiliation.clone());
            self.error.push(None);
        }
    }

    fn add_error(&mut self, meta: &Meta, message: String) {
        self.id.push(meta.id.clone());
        self.url.push(meta.url.clone());
        self.source.push(meta.source.clone());
        self.published.push(meta.published.clone());
        self.entity.push(None);
        self.label.push(None);
        self.name.push(None);
        self.mentions.push(None);
        self.titles.push(None);
        self.roles.push(None);
        self.affiliation.push(None);
        self.error.push(Some(message));
    }

    fn into_py<'py>(self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("id", self.id)?;
        d.set_item("url", self.url)?;
        d.set_item("source", self.source)?;
        d.set_item("published", self.published)?;
        d.set_item("entity", self.entity)?;
        d.set_item("label", self.label)?;
        d.set_item("name", self.name)?;
        d.set_item("mentions", self.mentions)?;
        d.set_item("titles", self.titles)?;
        d.set_item("roles", self.roles)?;
        d.set_item("affiliation", self.affiliation)?;
        d.set_item("error", self.error)?;
        Ok(d)
    }
}

/// The columns of the documents table: one row per record, the `warta/1` JSON line in `document`.
#[derive(Default)]
struct DocumentColumns {
    id: Vec<Option<String>>,
    url: Vec<Option<String>>,
    source: Vec<Option<String>>,
    published: Vec<Option<String>>,
    quotes: Vec<Option<u64>>,
    document: Vec<Option<String>>,
    error: Vec<Option<String>>,
}

impl DocumentColumns {
    fn add(&mut self, doc: &OutputDocument, line: String) {
        self.id.push(doc.id.clone());
        self.url.push(doc.url.clone());
        self.source.push(doc.source.clone());
        self.published.push(doc.published.clone());
        self.quotes.push(Some(doc.quotes.len() as u64));
        self.document.push(Some(line));
        self.error.push(None);
    }

    fn add_error(&mut self, meta: &Meta, message: String) {
        self.id.push(meta.id.clone());
        self.url.push(meta.url.clone());
        self.source.push(meta.source.clone());
        self.published.push(meta.published.clone());
        self.quotes.push(None);
        self.document.push(None);
        self.error.push(Some(message));
    }

    fn into_py<'py>(self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("id", self.id)?;
        d.set_item("url", self.url)?;
        d.set_item("source", self.source)?;
        d.set_item("published", self.published)?;
        d.set_item("quotes", self.quotes)?;
        d.set_item("document", self.document)?;
        d.set_item("error", self.error)?;
        Ok(d)
    }
}

/// Which tables a batch returns (see [`analyse`]).
#[derive(Clone, Copy)]
struct Wanted {
    json: bool,
    quotes: bool,
    entities: bool,
    documents: bool,
}

/// Analyses a batch of records and returns what was asked for, as a dict:
/// `json` (list of `warta extract` lines without their newline, None for a failed record), `quotes`,
/// `entities` and `documents` (dicts of column lists, failed records as rows with `error` set), and
/// `errors`, a list of `(index, id, message)`. A record that fails never fails the batch: the caller decides whether to raise.
///
/// The GIL is released once for the whole batch; `threads > 1` analyses on a pool built for this call.
#[pyfunction]
#[pyo3(signature = (records, *, json = true, quotes = false, entities = false, documents = false, threads = 1))]
fn analyse<'py>(
    py: Python<'py>,
    records: &Bound<'py, PyAny>,
    json: bool,
    quotes: bool,
    entities: bool,
    documents: bool,
    threads: usize,
) -> PyResult<Bound<'py, PyDict>> {
    let inputs: Vec<Input> = records
        .try_iter()?
        .map(|record| record.map(|record| read_record(&record)))
        .collect::<PyResult<_>>()?;
    let wanted = Wanted {
        json,
        quotes,
        entities,
        documents,
    };
    analyse_inputs(py, inputs, wanted, threads)
}

/// [`analyse`]'s work once the records are read, from Python objects or straight from files
/// ([`Reader::analyse`]).
fn analyse_inputs<'py>(
    py: Python<'py>,
    inputs: Vec<Input>,
    wanted: Wanted,
    threads: usize,
) -> PyResult<Bound<'py, PyDict>> {
    let Wanted {
        json,
        quotes,
        entities,
        documents,
    } = wanted;
    let lines_wanted = json || documents;
    let warta = engine()?;
    let outcomes: Vec<Outcome> = py
        .detach(|| -> Result<Vec<Outcome>, String> {
            if threads <= 1 {
                return Ok(inputs.into_iter().map(|i| analyse_one(warta, i)).collect());
            }
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .map_err(|e| format!("cannot start {threads} threads: {e}"))?;
            Ok(pool.install(|| {
                inputs
                    .into_par_iter()
                    .map(|i| analyse_one(warta, i))
                    .collect()
            }))
        })
        .map_err(PyRuntimeError::new_err)?;

    // Serialising is done with the GIL released too: it is as long as a quarter of the analysis.
    let lines: Vec<Option<Result<String, String>>> = py.detach(|| {
        outcomes
            .iter()
            .map(|o| {
                let doc = o.result.as_ref().ok()?;
                lines_wanted.then(|| serde_json::to_string(doc).map_err(|e| e.to_string()))
            })
            .collect()
    });

    let out = PyDict::new(py);
    let mut errors: Vec<(usize, Option<String>, String)> = Vec::new();
    let mut json_lines: Vec<Option<String>> = Vec::with_capacity(outcomes.len());
    let mut quote_columns = QuoteColumns::default();
    let mut entity_columns = EntityColumns::default();
    let mut document_columns = DocumentColumns::default();
    for (index, (outcome, line)) in outcomes.into_iter().zip(lines).enumerate() {
        let failure = match (&outcome.result, line) {
            (Err(message), _) => Some(message.clone()),
            (Ok(_), Some(Err(message))) => Some(format!("cannot write the document: {message}")),
            (Ok(doc), Some(Ok(line))) => {
                if documents {
                    document_columns.add(doc, line.clone());
                }
                if json {
                    json_lines.push(Some(line));
                }
                None
            }
            (Ok(_), None) => None,
        };
        match (&outcome.result, failure) {
            (_, Some(message)) => {
                if json {
                    json_lines.push(None);
                }
                if quotes {
                    quote_columns.add_error(&outcome.meta, message.clone());
                }
                if entities {
                    entity_columns.add_error(&outcome.meta, message.clone());
                }
                if documents {
                    document_columns.add_error(&outcome.meta, message.clone());
                }
                errors.push((index, outcome.meta.id.clone(), message));
            }
            (Ok(doc), None) => {
                if quotes {
                    quote_columns.add(doc);
                }
                if entities {
                    entity_columns.add(doc);
                }
            }
            (Err(_), None) => unreachable!("a failed record has a message"),
        }
    }
    out.set_item("json", if json { Some(json_lines) } else { None })?;
    if quotes {
        out.set_item("quotes", quote_columns.into_py(py)?)?;
    }
    if entities {
        out.set_item("entities", entity_columns.into_py(py)?)?;
    }
    if documents {
        out.set_item("documents", document_columns.into_py(py)?)?;
    }
    out.set_item("errors", PyList::new(py, errors)?)?;
    Ok(out)
}

/// The records of files, directories and globs, read by the same readers as `warta extract`
/// (`warta_ingest::Sources`): JSON Lines, plain text, HTML pages, WARC archives, any of them gzipped.
/// Yields dicts with `text`, the metadata fields and `origin` ("file.jsonl:17"). Records that hold no
/// article (an empty text, a WARC request, a page in another language) are passed over and counted in
/// `skipped`; a record that cannot be read raises `WartaError` naming it, or with `keep_going` is listed
/// in `errors` and the reading goes on.
///
/// With `byte_range=(start, end)` the one path given is a JSON Lines file of which only the lines that
/// start in `[start, end)` are read: the pieces of a large file that Spark's or Ray's tasks read side by
/// side, each line by exactly one of them. Lines are then numbered from the piece's first line, and the
/// origin says so ("file.jsonl from byte 1048576:17").
#[pyclass(module = "warta._warta")]
struct Reader {
    // Sources is Send but not Sync; the mutex makes the class shareable as pyo3 requires.
    sources: Mutex<Sources>,
    options: DecodeOptions,
    keep_going: bool,
    #[pyo3(get)]
    skipped: u64,
    #[pyo3(get)]
    errors: Vec<String>,
}

#[pymethods]
impl Reader {
    #[new]
    #[pyo3(signature = (paths, *, format = "auto", lossy = false, lang = "id", keep_going = false, byte_range = None))]
    fn new(
        paths: Vec<PathBuf>,
        format: &str,
        lossy: bool,
        lang: &str,
        keep_going: bool,
        byte_range: Option<(u64, u64)>,
    ) -> PyResult<Self> {
        let format = match format {
            "auto" => InputFormat::Auto,
            "text" => InputFormat::Text,
            "jsonl" => InputFormat::Jsonl,
            "html" => InputFormat::Html,
            "warc" => InputFormat::Warc,
            other => {
                return Err(PyValueError::new_err(format!(
                    "format must be auto, text, jsonl, html or warc, not {other:?}"
                )));
            }
        };
        let indonesian_only = lang_filter(lang)?;
        let sources = match (byte_range, paths.as_slice()) {
            (None, _) => Sources::new(paths, format),
            (Some((start, end)), [path])
                if matches!(format, InputFormat::Auto | InputFormat::Jsonl) =>
            {
                let piece = line_range(path, start, end).map_err(|e| {
                    WartaError::new_err(format!("{}: cannot read: {e}", path.display()))
                })?;
                Sources::from_reader(&piece.name, piece.lines, InputFormat::Jsonl)
            }
            _ => {
                return Err(PyValueError::new_err(
                    "byte_range reads a piece of one JSON Lines file: give one path",
                ));
            }
        };
        Ok(Reader {
            sources: Mutex::new(sources),
            options: DecodeOptions {
                lossy,
                indonesian_only,
                ..DecodeOptions::default()
            },
            keep_going,
            skipped: 0,
            errors: Vec::new(),
        })
    }

    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(
        mut slf: PyRefMut<'py, Self>,
        py: Python<'py>,
    ) -> PyResult<Option<Bound<'py, PyDict>>> {
        loop {
            let options = slf.options;
            let sources = slf
                .sources
                .get_mut()
                .map_err(|_| PyRuntimeError::new_err("the reader failed earlier"))?;
            // Reading and decoding (HTML extraction, charset and language detection) without the GIL.
            let next = py.detach(|| next_decoded(sources, options));
            let article = match next {
                None => return Ok(None),
                Some(Ok(Decoded::Article(article))) => article,
                Some(Ok(Decoded::Skipped { .. })) => {
                    slf.skipped += 1;
                    continue;
                }
                Some(Err(err)) => {
                    let message = err.to_string();
                    if slf.keep_going {
                        slf.errors.push(message);
                        continue;
                    }
                    return Err(WartaError::new_err(message));
                }
            };
            let d = PyDict::new(py);
            let meta = article.meta;
            d.set_item("id", meta.id)?;
            d.set_item("url", meta.url)?;
            d.set_item("title", meta.title)?;
            d.set_item("published", meta.published)?;
            d.set_item("author", meta.author)?;
            d.set_item("source", meta.source)?;
            d.set_item("modified", meta.modified)?;
            d.set_item("section", meta.section)?;
            d.set_item("lang", meta.lang)?;
            d.set_item("other_urls", meta.other_urls)?;
            d.set_item("text", article.text)?;
            d.set_item("origin", article.origin.to_string())?;
            return Ok(Some(d));
        }
    }

    /// Reads up to `n` articles and analyses them, as `analyse` does records, without making Python
    /// objects of their texts: how Spark's and Ray's tasks that read their own files work. A record
    /// that cannot be read is a failed record (an error row naming its origin), whatever `keep_going`
    /// says, so that the caller's error policy decides for reading and analysis alike. Returns None once
    /// the input is exhausted.
    #[pyo3(signature = (n, *, json = false, quotes = false, entities = false, documents = false))]
    fn analyse<'py>(
        mut slf: PyRefMut<'py, Self>,
        py: Python<'py>,
        n: usize,
        json: bool,
        quotes: bool,
        entities: bool,
        documents: bool,
    ) -> PyResult<Option<Bound<'py, PyDict>>> {
        let options = slf.options;
        let sources = slf
            .sources
            .get_mut()
            .map_err(|_| PyRuntimeError::new_err("the reader failed earlier"))?;
        let (inputs, skipped) = py.detach(|| {
            let (mut inputs, mut skipped) = (Vec::with_capacity(n), 0);
            while inputs.len() < n.max(1) {
                match next_decoded(sources, options) {
                    None => break,
                    Some(Ok(Decoded::Article(article))) => {
                        inputs.push(Ok((article.text, article.meta)))
                    }
                    Some(Ok(Decoded::Skipped { .. })) => skipped += 1,
                    Some(Err(err)) => {
                        inputs.push(Err(Box::new((Meta::default(), err.to_string()))))
                    }
                }
            }
            (inputs, skipped)
        });
        slf.skipped += skipped;
        if inputs.is_empty() {
            return Ok(None);
        }
        let wanted = Wanted {
            json,
            quotes,
            entities,
            documents,
        };
        analyse_inputs(py, inputs, wanted, 1).map(Some)
    }
}

fn next_decoded(
    sources: &mut Sources,
    options: DecodeOptions,
) -> Option<Result<Decoded, warta_ingest::RecordError>> {
    sources
        .next()
        .map(|record| record.and_then(|raw| raw.decode(options)))
}

/// A piece of a JSON Lines file, cut at line boundaries (see [`Reader`]'s `byte_range`).
struct LineRange {
    /// What the piece's records name as their origin.
    name: String,
    lines: std::io::Take<File>,
}

/// The lines of `path` that start in `[start, end)`. Neighbouring pieces move their common boundary
/// to the same line start, so that a file cut anywhere is read whole, each line once.
fn line_range(path: &Path, start: u64, end: u64) -> std::io::Result<LineRange> {
    let mut file = File::open(path)?;
    let from = line_start(&mut file, start)?;
    let to = line_start(&mut file, end)?.max(from);
    file.seek(SeekFrom::Start(from))?;
    let name = match from {
        0 => path.display().to_string(),
        _ => format!("{} from byte {from}", path.display()),
    };
    Ok(LineRange {
        name,
        lines: file.take(to - from),
    })
}

/// The offset of the first line that starts at or after `offset` (the file's length if none does).
fn line_start(file: &mut File, offset: u64) -> std::io::Result<u64> {
    if offset == 0 {
        return Ok(0);
    }
    // From the byte before: if it ends a line, the next line starts at `offset` itself.
    file.seek(SeekFrom::Start(offset - 1))?;
    let skipped = BufReader::new(&mut *file).skip_until(b'\n')?;
    Ok(offset - 1 + skipped as u64)
}

/// Runs `warta extract` from Python: the corpus engine (`warta_batch::run`) over files, directories and
/// globs, writing JSON Lines to `output` in input order, with the CLI's deduplication of syndicated copies.
/// Returns the run's summary as a dict; raises `WartaError` naming the first failed record unless
/// `keep_going` (then the failures are in the summary). The worker pool lives for this call only.
#[pyfunction]
#[pyo3(signature = (paths, output, *, threads = 1, dedup = true, keep_going = false, lossy = false, lang = "id"))]
#[allow(clippy::too_many_arguments)]
fn extract_files<'py>(
    py: Python<'py>,
    paths: Vec<PathBuf>,
    output: PathBuf,
    threads: usize,
    dedup: bool,
    keep_going: bool,
    lossy: bool,
    lang: &str,
) -> PyResult<Bound<'py, PyDict>> {
    let warta = engine()?;
    let indonesian_only = lang_filter(lang)?;
    let file = std::fs::File::create(&output)
        .map_err(|e| WartaError::new_err(format!("cannot write {}: {e}", output.display())))?;
    let summary = py.detach(|| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build()
            .map_err(|e| format!("cannot start {threads} threads: {e}"))?;
        let mut sink = warta_batch::WriteSink::new(std::io::BufWriter::new(file), 0);
        let options = warta_batch::Options {
            decode: DecodeOptions {
                lossy,
                indonesian_only,
                ..DecodeOptions::default()
            },
            keep_going,
            dedup,
            checkpoint: None,
            unordered: false,
            read_extracted: false,
        };
        warta_batch::run(
            Sources::new(paths, InputFormat::Auto),
            warta,
            &warta_batch::JsonLines(OutputOptions::default()),
            &mut sink,
            &warta_batch::Silent,
            &options,
            &pool,
        )
        .map_err(|e| {
            format!(
                "{e}: {}",
                std::error::Error::source(&e)
                    .map(|s| s.to_string())
                    .unwrap_or_default()
            )
        })
    });
    let summary = summary.map_err(WartaError::new_err)?;
    if summary.stopped {
        let first = summary
            .failures
            .first()
            .map(|f| f.to_string())
            .unwrap_or_default();
        return Err(WartaError::new_err(first));
    }
    let d = PyDict::new(py);
    d.set_item("records_in", summary.records_in)?;
    d.set_item("documents_out", summary.documents_out)?;
    d.set_item("quotes", summary.quotes)?;
    d.set_item("failed", summary.failed)?;
    d.set_item(
        "failures",
        summary
            .failures
            .iter()
            .map(|f| f.to_string())
            .collect::<Vec<_>>(),
    )?;
    d.set_item(
        "skipped",
        summary
            .skipped
            .iter()
            .map(|(reason, n)| (reason.as_str(), *n))
            .collect::<Vec<_>>(),
    )?;
    d.set_item("seconds", summary.elapsed.as_secs_f64())?;
    Ok(d)
}

fn lang_filter(lang: &str) -> PyResult<bool> {
    match lang {
        "id" => Ok(true),
        "any" => Ok(false),
        other => Err(PyValueError::new_err(format!(
            "lang must be \"id\" or \"any\", not {other:?}"
        ))),
    }
}

#[pymodule]
fn _warta(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(analyse, m)?)?;
    m.add_function(wrap_pyfunction!(extract_files, m)?)?;
    m.add_class::<Reader>()?;
    m.add("WartaError", m.py().get_type::<WartaError>())?;
    m.add("SCHEMA", warta::SCHEMA)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
