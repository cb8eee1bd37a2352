//! `warta train ner`, and the tagger's part of `warta eval ner` (`ner_eval.rs` adds the entity layer).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use warta_core::EntityLabel;
use warta_entities::conll::{entity_types, read_conll_text};
use warta_entities::tags::{CorpusLabel, LABELS, label_name, map_corpus_label};
use warta_entities::{
    Case, Corpus, Counts, Domain, Evaluation, Lexicon, Sentence, Tagger, TrainConfig, parse_conll,
    read_conll,
};

/// Each training file's annotation conventions are learnt apart (see `warta_entities::features`); a
/// file's corpus is named by its directory. The corpus named here is cased news, whose conventions
/// the pipeline applies at run time.
const DEFAULT_NEWS_CORPUS: &str = "idner-news-2k";

#[derive(clap::Args)]
pub struct TrainArgs {
    /// CoNLL files (`token<TAB>BIO`) to train on.
    #[arg(long, num_args = 1.., required_unless_present = "from_crfsuite")]
    train: Vec<PathBuf>,
    /// CoNLL files scored after every epoch (reported only; nothing is selected on them).
    #[arg(long, num_args = 1..)]
    dev: Vec<PathBuf>,
    /// Where to write the model.
    #[arg(short = 'o', long)]
    output: PathBuf,
    /// Seeds the visiting order: the same data and seed give a byte-identical model.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    #[arg(long, default_value_t = TrainConfig::default().epochs)]
    epochs: usize,
    /// The weight table has 2^BITS rows (file size: 14 · 2^BITS bytes).
    #[arg(long, default_value_t = TrainConfig::default().bits)]
    bits: u32,
    /// Also train on copies of the cased sentences in these cases.
    #[arg(long, value_delimiter = ',', default_value = "lower,upper")]
    augment: Vec<CaseArg>,
    /// The learning method: a linear-chain CRF (L-BFGS, Viterbi decoding) or the greedy averaged
    /// perceptron (seconds to train, about three points of F1 lower).
    #[arg(long, value_enum, default_value = "crf")]
    method: Method,
    /// L-BFGS iterations for `--method crf`.
    #[arg(long, default_value_t = 100)]
    iterations: usize,
    /// L2 regularisation for `--method crf`.
    #[arg(long, default_value_t = warta_entities::crf::DEFAULT_C2)]
    c2: f64,
    /// For `--method crf`: subtracted from every token's score for `O` (more recall, less precision).
    #[arg(long, default_value_t = warta_entities::crf::DEFAULT_OUTSIDE_PENALTY)]
    outside_penalty: f32,
    /// Copies of every sentence with entities, each mention swapped for another of its type.
    #[arg(long, default_value_t = TrainConfig::default().mention_swaps)]
    mention_swaps: usize,
    /// For `--method crf`: train this many CRFs, on seeds SEED, SEED+1, …, which draw different
    /// mention swaps, and average their weights into one model (as fast to tag as one).
    #[arg(long, default_value_t = 4)]
    models: u64,
    /// For `--method crf`: also keep each CRFsuite model, as FILE.SEED, to re-import later with
    /// `--from-crfsuite` (another `--outside-penalty` or `--bits` then takes seconds).
    #[arg(long)]
    keep_crfsuite: Option<PathBuf>,
    /// Convert CRFsuite models trained on warta's features (`--keep-crfsuite`) instead of training;
    /// several are averaged into one. `--train`, if given, names the files they learnt from: those
    /// are recorded in the model (see `eval ner`), not trained on again.
    #[arg(long, num_args = 1..)]
    from_crfsuite: Vec<PathBuf>,
    /// The corpus (directory name) whose conventions the shipped tagger follows.
    #[arg(long, default_value = DEFAULT_NEWS_CORPUS)]
    news_corpus: String,
}

#[derive(clap::Args)]
pub struct EvalArgs {
    /// CoNLL files with gold tags (`token<TAB>BIO`); each is scored on its own.
    #[arg(required_unless_present = "gold")]
    files: Vec<PathBuf>,
    /// More CoNLL files, as the positional arguments.
    #[arg(long, num_args = 1..)]
    gold: Vec<PathBuf>,
    /// A model file; the bundled model when absent.
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Re-case the gold tokens before tagging, to measure robustness.
    #[arg(long, value_enum, default_value = "asis")]
    case: CaseArg,
    /// Whose annotation conventions to follow: `news` (what the pipeline does), `auto` (the gold
    /// file's own corpus, named by its directory), or a corpus name.
    #[arg(long, default_value = "news")]
    domain: String,
    /// Score only the gold sentences the model did not learn from (a model file records them).
    #[arg(long)]
    unseen_only: bool,
}

/// The CRFs of `--models` seeds, trained side by side, as CRFsuite files (kept if asked).
fn train_crfs(
    args: &TrainArgs,
    corpora: &[Corpus],
    config: &TrainConfig,
    lexicon: &Lexicon,
) -> anyhow::Result<Vec<Vec<u8>>> {
    use rayon::prelude::*;
    let seeds: Vec<u64> = (0..args.models.max(1)).map(|k| config.seed + k).collect();
    let files: Vec<Vec<u8>> = seeds
        .par_iter()
        .map(|&seed| {
            let config = TrainConfig {
                seed,
                ..config.clone()
            };
            warta_entities::crf::train_crfsuite(corpora, &config, lexicon, args.iterations, args.c2)
        })
        .collect::<Result<_, _>>()?;
    if let Some(keep) = &args.keep_crfsuite {
        for (seed, file) in seeds.iter().zip(&files) {
            let mut path = keep.clone().into_os_string();
            path.push(format!(".{seed}"));
            let path = PathBuf::from(path);
            std::fs::write(&path, file).with_context(|| format!("writing {}", path.display()))?;
        }
    }
    Ok(files)
}

fn display_paths(paths: &[PathBuf]) -> String {
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    names.join(", ")
}

fn corpus_name(path: &std::path::Path) -> String {
    path.parent()
        .and_then(|p| p.file_name())
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn domain_of(corpus: &str, news_corpus: &str) -> Domain {
    if corpus == news_corpus || corpus == "news" {
        Domain::NEWS
    } else {
        Domain::named(corpus)
    }
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Method {
    Crf,
    Perceptron,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum CaseArg {
    Asis,
    Lower,
    Upper,
    /// No augmentation (for `--augment none`).
    None,
}

impl CaseArg {
    fn case(self) -> Option<Case> {
        match self {
            CaseArg::Asis => Some(Case::AsIs),
            CaseArg::Lower => Some(Case::Lower),
            CaseArg::Upper => Some(Case::Upper),
            CaseArg::None => None,
        }
    }
}

fn evaluate(tagger: &Tagger, sentences: &[Sentence], case: Case) -> Evaluation {
    let mut evaluation = Evaluation::default();
    for sentence in sentences {
        let sentence = warta_entities::conll::recase(sentence, case);
        let tokens: Vec<&str> = sentence.tokens.iter().map(String::as_str).collect();
        evaluation.add(&sentence.tags, &tagger.tag(&tokens));
    }
    evaluation
}

pub fn train(args: TrainArgs) -> anyhow::Result<ExitCode> {
    let corpora: Vec<Corpus> = args
        .train
        .iter()
        .map(|path| {
            Ok(Corpus {
                domain: domain_of(&corpus_name(path), &args.news_corpus),
                sentences: read_conll(path)?,
            })
        })
        .collect::<anyhow::Result<_>>()?;
    let n_sentences: usize = corpora.iter().map(|c| c.sentences.len()).sum();
    let dev: Vec<(PathBuf, Vec<Sentence>)> = args
        .dev
        .iter()
        .map(|p| Ok((p.clone(), read_conll(p)?)))
        .collect::<anyhow::Result<_>>()?;
    let config = TrainConfig {
        epochs: args.epochs,
        bits: args.bits,
        seed: args.seed,
        augment: args.augment.iter().filter_map(|c| c.case()).collect(),
        mention_swaps: args.mention_swaps,
    };
    eprintln!(
        "training on {} sentences from {} file(s), 2^{} rows, {}",
        n_sentences,
        args.train.len(),
        config.bits,
        match args.method {
            Method::Crf => format!(
                "CRF, {} L-BFGS iterations, c2 {}, {} mention swaps, {} model(s) averaged (minutes)",
                args.iterations, args.c2, config.mention_swaps, args.models
            ),
            Method::Perceptron => format!("averaged perceptron, {} epochs", config.epochs),
        }
    );
    let lexicon = Lexicon::bundled();
    let report = |epoch: usize, model: &warta_entities::Model| {
        if dev.is_empty() {
            eprintln!("epoch {epoch}");
            return;
        }
        let scores: Vec<String> = dev
            .iter()
            .map(|(path, gold)| {
                let domain = domain_of(&corpus_name(path), &args.news_corpus);
                let tagger = Tagger::new(model.clone(), Lexicon::bundled()).with_domain(domain);
                let f1 = evaluate(&tagger, gold, Case::AsIs).micro().f1();
                format!("{} {:.2}", short_name(path), 100.0 * f1)
            })
            .collect();
        eprintln!("epoch {epoch}: dev micro F1 {}", scores.join(", "));
    };
    let mut model = match (args.from_crfsuite.as_slice(), args.method) {
        (paths @ [_, ..], _) => {
            let files: Vec<Vec<u8>> = paths
                .iter()
                .map(|p| std::fs::read(p).with_context(|| format!("reading {}", p.display())))
                .collect::<anyhow::Result<_>>()?;
            let models: Vec<&[u8]> = files.iter().map(Vec::as_slice).collect();
            warta_entities::crf::import_crfsuite(&models, config.bits, args.outside_penalty)
                .with_context(|| format!("converting {}", display_paths(paths)))?
        }
        ([], Method::Perceptron) => warta_entities::train(&corpora, &config, &lexicon, report)?,
        ([], Method::Crf) => {
            let files = train_crfs(&args, &corpora, &config, &lexicon)?;
            let models: Vec<&[u8]> = files.iter().map(Vec::as_slice).collect();
            warta_entities::crf::import_crfsuite(&models, config.bits, args.outside_penalty)?
        }
    };
    model.set_trained_on(
        corpora
            .iter()
            .flat_map(|c| &c.sentences)
            .map(Sentence::fingerprint),
    );
    if args.method == Method::Crf || !args.from_crfsuite.is_empty() {
        report(args.iterations, &model);
    }
    let bytes = model.to_bytes();
    if let Some(dir) = args.output.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    std::fs::write(&args.output, &bytes)
        .with_context(|| format!("writing {}", args.output.display()))?;
    eprintln!("wrote {} ({} bytes)", args.output.display(), bytes.len());
    Ok(ExitCode::SUCCESS)
}

/// Scores the tagger on each gold file, then calls `then` with the file, the tagger, the sentences
/// scored and how they were re-cased, to add rows of its own scored on the same gold.
pub fn eval_then(
    args: EvalArgs,
    mut then: impl FnMut(&Path, &Tagger, &[Sentence], Case) -> anyhow::Result<()>,
) -> anyhow::Result<ExitCode> {
    let tagger = match &args.model {
        Some(path) => Tagger::load(path)?,
        None => Tagger::bundled()?,
    };
    let case = args.case.case().unwrap_or(Case::AsIs);
    let mut tagger = Some(tagger);
    for path in args.files.iter().chain(&args.gold) {
        let text = read_conll_text(path)?;
        let mut gold = parse_conll(&text, path)?;
        let domain = match args.domain.as_str() {
            "auto" => domain_of(&corpus_name(path), DEFAULT_NEWS_CORPUS),
            name => domain_of(name, DEFAULT_NEWS_CORPUS),
        };
        let this = tagger.take().map(|t| t.with_domain(domain));
        let this_tagger = this.as_ref().unwrap_or_else(|| unreachable!());
        let seen = |s: &Sentence| this_tagger.model().was_trained_on(s.fingerprint());
        let trained_on = gold.iter().filter(|s| seen(s)).count();
        if args.unseen_only {
            gold.retain(|s| !seen(s));
        } else if trained_on > 0 {
            eprintln!(
                "warning: the model was trained on {trained_on} of the {} sentences of {}: \
                 this score is not a held-out measurement (--unseen-only scores the others)",
                gold.len(),
                path.display()
            );
        }
        let evaluation = evaluate(this_tagger, &gold, case);
        println!(
            "{} [conventions: {}] ({} sentences, {} of them trained on{}; {} tokens, token accuracy {:.2}%)",
            path.display(),
            args.domain,
            gold.len() + if args.unseen_only { trained_on } else { 0 },
            trained_on,
            if args.unseen_only { ", not scored" } else { "" },
            evaluation.tokens,
            100.0 * evaluation.token_accuracy()
        );
        println!("  {}", gold_types(&entity_types(&text)));
        println!("  tagger alone, on the gold tokens:");
        print_scores(&evaluation.per_label, evaluation.micro());
        then(path, this_tagger, &gold, case)?;
        tagger = this;
    }
    Ok(ExitCode::SUCCESS)
}

/// Which of warta's labels each entity type of a gold file is scored as, and the types warta has no
/// label for, which neither row scores (`map_corpus_label` holds the mapping).
fn gold_types(types: &BTreeMap<String, usize>) -> String {
    let mut scored = Vec::new();
    let mut unscored = Vec::new();
    for (name, &count) in types {
        match map_corpus_label(name) {
            Some(CorpusLabel::Keep(label)) => {
                scored.push(format!("{name} {count} as {}", label_name(label)))
            }
            _ => unscored.push(format!("{name} {count}")),
        }
    }
    let unscored = match unscored.as_slice() {
        [] => String::new(),
        names => format!(
            "; not scored (warta has no such label): {}",
            names.join(", ")
        ),
    };
    format!("gold entities: {}{unscored}", scored.join(", "))
}

/// A table of precision, recall and F1 per label (warta's three, then any other present) and
/// micro-averaged, with the counts behind them.
pub fn print_scores(per_label: &BTreeMap<EntityLabel, Counts>, micro: Counts) {
    println!(
        "  {:<6}{:>9}{:>9}{:>9}{:>8}{:>8}",
        "label", "P", "R", "F1", "gold", "pred"
    );
    let others = per_label.keys().filter(|l| !LABELS.contains(l));
    let rows = LABELS
        .iter()
        .chain(others)
        .map(|&l| {
            (
                label_name(l),
                per_label.get(&l).copied().unwrap_or_default(),
            )
        })
        .chain([("micro", micro)]);
    for (name, c) in rows {
        println!(
            "  {:<6}{:>9.2}{:>9.2}{:>9.2}{:>8}{:>8}",
            name,
            100.0 * c.precision(),
            100.0 * c.recall(),
            100.0 * c.f1(),
            c.gold,
            c.predicted
        );
    }
}

fn short_name(path: &std::path::Path) -> String {
    let parent = path
        .parent()
        .and_then(|p| p.file_name())
        .map(|p| p.to_string_lossy());
    let file = path
        .file_stem()
        .map(|f| f.to_string_lossy())
        .unwrap_or_default();
    match parent {
        Some(parent) => format!("{parent}/{file}"),
        None => file.into_owned(),
    }
}
