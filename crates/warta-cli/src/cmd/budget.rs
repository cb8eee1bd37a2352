//! What one article may cost in the batch commands (`extract`, `index`): an article over its budget
//! fails alone, with the reason, and the run goes on with `--keep-going`.

use std::time::Duration;

use warta::Warta;

#[derive(clap::Args)]
pub struct Budget {
    /// Fail an article whose analysis takes longer than this many seconds (0: no limit).
    #[arg(long, value_name = "SECONDS", default_value_t = 300.0)]
    pub max_doc_seconds: f64,
    /// Fail an article whose text is longer than this many bytes, before analysing it (default:
    /// only the readers' limit on a record).
    #[arg(long, value_name = "BYTES")]
    pub max_doc_bytes: Option<usize>,
}

impl Budget {
    /// The bundled engine with this budget.
    pub fn engine(&self) -> anyhow::Result<Warta> {
        let mut builder = Warta::builder();
        if self.max_doc_seconds > 0.0 {
            let seconds = Duration::try_from_secs_f64(self.max_doc_seconds)
                .map_err(|e| anyhow::anyhow!("--max-doc-seconds {}: {e}", self.max_doc_seconds))?;
            builder = builder.max_document_time(seconds);
        }
        if let Some(bytes) = self.max_doc_bytes {
            builder = builder.max_document_bytes(bytes);
        }
        Ok(builder.build()?)
    }
}
